"""Keeping secrets out of everything plncrm prints.

A database location may carry a password (`postgresql://pln:s3cret@host/db`,
`?password=` or `?sslpassword=` in its query, a libpq connection string
`host=h password=pw`), and notification URLs carry tokens. Messages, `pln
config`, `pln history` and logs show them with the secret, and only the
secret, replaced by `***` (what follows it stays readable), so a pasted error
or a screenshot leaks nothing; a timer or a crontab line holds a database URL
without its password (`without_password`).

One rule finds a URL's password (`_userinfo`), the one the database driver
gets: SQLAlchemy's reading of a URL (`sqlalchemy.engine.url.make_url`, not
imported here: `pln due` on SQLite never loads SQLAlchemy), where the password
runs from the `:` after the user name to the first `@`, through any `/`, `?`,
`#`, `:` or space. When that reading would take part of the password for the
server's name, the database or a query parameter's name (a raw `@` in the
password), the password runs to the first `@` after which the URL reads
cleanly (else to its last); the store refuses such a URL (`password_spills`)
rather than send part of a password to a name server.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MASK = "***"

# Parameters whose value is a secret: in a URL's query string, in a libpq
# connection string, in a message.
SECRET_NAMES = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "sslpassword",
        "token",
        "access_token",
        "secret",
        "apikey",
        "api_key",
        "key",
    }
)

_SECRET_ENDINGS = ("password", "passwd", "token", "secret", "_key", "apikey")


def _secret_name(name: str) -> bool:
    """A parameter whose value is a secret: `password`, `sslpassword`,
    `token`, `client_secret`, `api_key`…"""
    name = name.strip().lower()
    return name in SECRET_NAMES or name.endswith(_SECRET_ENDINGS)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
# The user name and password as SQLAlchemy reads them (engine/url.py, _parse_url).
_USERINFO = re.compile(r"(?P<user>[^:/]*)(?::(?P<password>[^@]*))?@")
# The schemes whose user name is shown (a database's login, a web address's
# user); in any other URL (`ntfy://TOKEN@host`, `pover://USERKEY@TOKEN`) the
# part before the @ is a token and is masked whole.
_NAMED_USERS = ("postgres", "postgresql", "sqlite", "mysql", "mariadb", "http", "https")
# What may close a URL or a value in a message without being part of it.
_TRAILING = "'\"()[]{}<>,.:"
# name=value in a message or a libpq connection string; a value in single
# quotes (libpq's, with backslash escapes) or up to a blank, & or ;.
_PARAM = re.compile(
    r"(?<![\w.\-])(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*"
    r"(?:'(?P<quoted>(?:[^'\\]|\\.)*)'|(?P<bare>[^\s&;]+))"
)
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://\S*")


class _Userinfo(NamedTuple):
    user: tuple[int, int]  # where the user name (or token) is in the URL
    password: tuple[int, int] | None  # where the password is, without its ':'
    host: int  # where what follows the userinfo's @ begins


def _userinfo(url: str) -> _Userinfo | None:
    """The userinfo of `url` by the one rule (see the module), or None when
    `url` has none (or is no URL)."""
    scheme = _SCHEME.match(url)
    found = _USERINFO.match(url, scheme.end()) if scheme else None
    if found is None:
        return None
    if found["password"] is None:
        return _Userinfo(found.span("user"), None, found.end())
    if not _spills(url[found.end() :]):
        return _Userinfo(found.span("user"), found.span("password"), found.end())
    # The first @ after which the URL reads cleanly, or else the last.
    ats = [i for i in range(found.end(), len(url)) if url[i] == "@"]
    end = next((i for i in ats if not _spills(url[i + 1 :])), ats[-1])
    return _Userinfo(found.span("user"), (found.start("password"), end), end + 1)


def _spills(rest: str) -> bool:
    """Whether SQLAlchemy, given what follows the first @ after a password,
    reads part of the password as the host, the database or the name of a
    query parameter (a value may hold an @: `?application_name=me@laptop`)."""
    head, _, query = rest.partition("?")
    return "@" in head or any("@" in pair.partition("=")[0] for pair in query.split("&"))


def password_spills(url: str) -> bool:
    """Whether the password in `url` holds a raw `@` that SQLAlchemy would read
    as the end of the password, sending the rest as the server's name (to a
    name server) or the database's: the URL must write it `%40`."""
    found = _userinfo(url)
    if found is None or found.password is None:
        return False
    return "@" in url[slice(*found.password)]


def _names_users(url: str) -> bool:
    return url.partition("://")[0].lower().partition("+")[0] in _NAMED_USERS


def _query_secrets(url: str, start: int) -> list[tuple[int, int]]:
    """Where the values of secret parameters are in the query of `url`, which
    begins at the first `?` from `start`."""
    mark = url.find("?", start)
    if mark < 0:
        return []
    spans = []
    at = mark + 1
    for pair in re.split("[&;]", url[mark + 1 :]):
        name, equals, value = pair.partition("=")
        if equals and _secret_name(_unquote(name)) and value:
            begin = at + len(name) + 1
            spans.append((begin, begin + len(value)))
        at += len(pair) + 1
    return spans


def _url_spans(url: str) -> list[tuple[int, int]]:
    """Where the secrets of `url` are: its password, the token before the @ of
    a URL whose scheme has no user names, the values of secret parameters."""
    found = _userinfo(url)
    spans = []
    if found is not None:
        if found.password is not None:
            spans.append(found.password)
        if not _names_users(url) and found.user[0] < found.user[1]:
            spans.append(found.user)
    start = found.host if found is not None else url.index("://") + 3
    return spans + _query_secrets(url, start)


def _unquote(value: str) -> str:
    from urllib.parse import unquote

    return unquote(value)


def _variants(found: list[str]) -> list[str]:
    """Each secret as written, percent-decoded (`+` as a space or not) and
    percent-encoded: the forms a message may show it in. Longest first."""
    from urllib.parse import quote, unquote, unquote_plus

    forms: set[str] = set()
    for secret in found:
        for form in (secret, unquote(secret), unquote_plus(secret)):
            forms.update((form, quote(form, safe="")))
    return sorted((f for f in forms if f), key=len, reverse=True)


def url_secrets(location: str | None) -> list[str]:
    """The secrets in a database location or a notification URL as given
    (`--db`, `PLN_DB`): its password, a token before its @, and the values of
    password and token parameters, in its query or in a libpq connection
    string (`host=h password='p w'`); in each form a message may show them,
    longest first. For `redact` to mask wherever a driver repeats them."""
    if not location:
        return []
    if _SCHEME.match(location):
        found = [location[begin:end] for begin, end in _url_spans(location)]
    else:
        found = [value for _, _, value in _params(location)]
    return _variants(found)


def _params(text: str) -> list[tuple[int, int, str]]:
    """Where the values of secret `name=value` parameters are in `text`, and
    each value as libpq reads it (a quoted one unescaped). A bare value ends
    at a blank, & or ;, and a quote, bracket, comma or full stop at its end
    closes what holds it rather than belongs to it."""
    found = []
    for match in _PARAM.finditer(text):
        if not _secret_name(match["name"]):
            continue
        if match["quoted"] is not None:
            begin, end = match.span("quoted")
            found.append((begin, end, re.sub(r"\\(.)", r"\1", match["quoted"])))
            continue
        begin, end = match.span("bare")
        while end > begin + 1 and text[end - 1] in _TRAILING:
            end -= 1
        found.append((begin, end, text[begin:end]))
    return found


def _secret_spans(text: str) -> list[tuple[int, int]]:
    """Where the secrets are in a message: in each URL in it (by the one rule),
    and in `name=value` parameters outside URLs."""
    spans: list[tuple[int, int]] = []
    outside = []
    last = 0
    for match in _URL_IN_TEXT.finditer(text):
        url = match[0]
        while url and url[-1] in _TRAILING + ";!?":
            url = url[:-1]
        spans += [(match.start() + b, match.start() + e) for b, e in _url_spans(url)]
        outside.append((last, match.start()))
        last = match.start() + len(url)
    outside.append((last, len(text)))
    for begin, end in outside:
        spans += [(begin + b, begin + e) for b, e, _ in _params(text[begin:end])]
    return spans


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span, overlapping ones merged, replaced by the mask."""
    shown = []
    at = 0
    for begin, end in sorted(s for s in spans if s[0] < s[1]):
        if end <= at:
            continue
        shown.append(text[at:begin] + MASK if begin >= at else "")
        at = end
    return "".join(shown) + text[at:]


def redact(text: str, *secrets: str | None) -> str:
    """`text` with the secrets of every URL and `password=`/`token=` parameter
    in it masked (only the secret: what follows it stays), and each of
    `secrets` (from `url_secrets`) wherever it appears. A secret of three
    characters or fewer is masked only where it stands alone, not inside words."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        if len(secret) > 3:
            text = text.replace(secret, MASK)
        else:
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", MASK, text)
    return _masked(text, _secret_spans(text))


def without_password(url: str) -> str:
    """`url` as it may be written in a file (a timer, a crontab): its password
    left out, from the userinfo and from the query (`password=`,
    `sslpassword=`, `token=`…). The rest stays character for character."""
    if not _SCHEME.match(url):
        return url
    found = _userinfo(url)
    start = found.host if found is not None else url.index("://") + 3
    head, rest = url[:start], url[start:]
    if found is not None and found.password is not None:
        user = url[slice(*found.user)]
        head = url[: found.user[0]] + (f"{user}@" if user else "")
    path, _, query = rest.partition("?")
    pairs = query.split("&")
    kept = [p for p in pairs if not _secret_name(_unquote(p.partition("=")[0]))]
    if kept == pairs and head == url[:start]:
        return url
    # Without a password, SQLAlchemy would end the user name at an @ in the
    # query (`?application_name=me@laptop`): written %40, the value is the same.
    kept = [p.replace("@", "%40") for p in kept if p]
    return head + path + (f"?{'&'.join(kept)}" if kept else "")


# Notification URLs: everything that may be a secret is masked, as Apprise's
# services put tokens anywhere (the user part, the host's place, the path, any
# query value); a few parameters that are never secret stay as written.
_SCHEME_NAME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,19}")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_TOP = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")
_HOST_PORT = re.compile(r"(?P<host>\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)(?::(?P<port>\d{1,5}))?")
_QUERY_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,40}")
_PLAIN_PARAMS = frozenset(
    {"priority", "format", "overflow", "verify", "rto", "cto", "emojis", "image", "batch", "method"}
)
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9_.+\-]{1,20}")


def _is_host(name: str) -> bool:
    """A server's name or address (kept when masking), not a token or topic
    in the host's place (ntfy://TOPIC, discord://ID/TOKEN, tgram://BOT:TOKEN):
    localhost, an IP address, or a domain name (labels of letters, digits
    and hyphens; a top label of letters, or punycode), with a numeric port."""
    found = _HOST_PORT.fullmatch(name)
    if found is None:
        return False
    host = found["host"]
    if host.startswith("[") or host.lower() == "localhost":
        return True
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){3}", host):
        return True
    labels = host.removesuffix(".").split(".")
    return (
        len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels)
        and _TOP.fullmatch(labels[-1]) is not None
    )


def _is_plain(name: str, value: str) -> bool:
    """A query parameter that is never a secret (`priority=high`)."""
    return name.lower() in _PLAIN_PARAMS and _PLAIN_VALUE.fullmatch(value) is not None


class _Parts(NamedTuple):
    scheme: str
    userinfo: str  # with its @, or ""
    host: str
    slash: str  # "/" when a path follows the host
    path: str
    mark: str  # "?" when a query follows
    query: str


def _split(url: str) -> _Parts | None:
    """A notification URL in its parts, its userinfo found by the one rule, or
    None for what is no URL."""
    scheme, sep, _ = url.partition("://")
    if not sep or not _SCHEME_NAME.fullmatch(scheme):
        return None
    found = _userinfo(url)
    start = found.host if found is not None else len(scheme) + 3
    userinfo = url[len(scheme) + 3 : start]
    rest = url[start:]
    ends = [i for i in (rest.find("/"), rest.find("?")) if i >= 0]
    host, after = rest[: min(ends, default=len(rest))], rest[min(ends, default=len(rest)) :]
    if after.startswith("/"):
        path, mark, query = after[1:].partition("?")
        return _Parts(scheme, userinfo, host, "/", path, mark, query)
    return _Parts(scheme, userinfo, host, "", "", after[:1], after[1:])


def secret_parts(url: str) -> list[str]:
    """The parts of a notification URL that may be secret: the user part and
    password, a host that is no host, every path segment, query value
    (but a plain one: `priority=high`) and bare query word. Longest first,
    so that replacing them one by one masks whole secrets."""
    from urllib.parse import unquote

    split = _split(url)
    if split is None:
        return [url] if url else []
    parts = [segment for segment in split.path.split("/") if segment]
    for pair in split.query.split("&"):
        name, equals, value = pair.partition("=")
        if not _is_plain(name, value):
            parts.append(value if equals else name)
    if split.userinfo:
        user = split.userinfo[:-1]
        parts += [user, *user.split(":")]
    if not _is_host(split.host):
        parts += [split.host, *split.host.split(":")]
    parts += [unquote(p) for p in parts]
    return sorted({p for p in parts if len(p) >= 3}, key=len, reverse=True)  # "no" is no secret


def mask_url(url: str) -> str:
    """A notification URL with every part that may be secret shown as `***`
    (the user part and password, a host that is no host, each path segment,
    each query value but a plain one): `ntfy://***`,
    `ntfy://***@ntfy.example.org/***?priority=high`,
    `mailto://***:***@smtp.example.org?to=***`, `json://127.0.0.1:8080/***`.
    What is no URL is `***` whole."""
    split = _split(url)
    if split is None:
        return MASK
    user = (f"{MASK}:{MASK}@" if ":" in split.userinfo else f"{MASK}@") if split.userinfo else ""
    host = split.host if _is_host(split.host) else MASK
    path = "/".join(MASK if segment else "" for segment in split.path.split("/"))
    query = "&".join(_mask_pair(pair) for pair in split.query.split("&") if pair)
    return f"{split.scheme}://{user}{host}{split.slash}{path}{split.mark}{query}"


def _mask_pair(pair: str) -> str:
    """One `name=value` of a query string: as it is when plain, its value
    masked when its name is well formed, else masked whole."""
    name, equals, value = pair.partition("=")
    if _is_plain(name, value):
        return pair
    if equals and _QUERY_NAME.fullmatch(name):
        return f"{name}={MASK}"
    return MASK
