"""Keeping secrets out of everything plncrm prints.

A database URL may carry a password (`postgresql://pln:s3cret@host/db`), and
notification URLs carry tokens. Messages, `pln config` and logs show them with
the secret replaced by `***`, so a pasted error or a screenshot leaks nothing.
"""

from __future__ import annotations

import re

MASK = "***"

# scheme://user:password@  (the password is anything up to the last @ of the authority)
_USERINFO = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@:]*):(?P<secret>[^\s/]*)@")
# ?password=… &token=… and their kin in query strings and keyword DSNs
_PARAMS = re.compile(
    r"(?P<head>(?:^|[?&;\s])(?:password|passwd|pass|pwd|token|secret|apikey|api_key|key)=)"
    r"(?P<secret>[^&;\s]+)",
    re.IGNORECASE,
)


def redact(text: str, *secrets: str | None) -> str:
    """`text` with URL passwords, token parameters and each of `secrets` masked."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    text = _USERINFO.sub(lambda m: f"{m['head']}:{MASK}@" if m["secret"] else m[0], text)
    text = _mask_users(text)
    return _PARAMS.sub(lambda m: f"{m['head']}{MASK}", text)


def url_password(url: str) -> str | None:
    """The password in a URL's authority, percent-decoded, if there is one."""
    from urllib.parse import unquote, urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    return unquote(password) if password else None


_PASSWORD_NAMES = frozenset({"password", "passwd", "pass", "pwd"})


def without_password(url: str) -> str:
    """`url` as it may be written in a file (a timer, a crontab): its password
    left out, from the authority and from a `password=` parameter. The
    rest stays character for character."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url
    pairs = parts.query.split("&") if parts.query else []
    kept = [p for p in pairs if p.partition("=")[0].lower() not in _PASSWORD_NAMES]
    if password is None and kept == pairs:
        return url
    userinfo, at, hostport = parts.netloc.rpartition("@")
    netloc = f"{userinfo.partition(':')[0]}@{hostport}" if at else parts.netloc
    return urlunsplit(parts._replace(netloc=netloc, query="&".join(kept)))


# The schemes whose user name is shown (a database's login, a web address's
# user); in any other URL (`ntfy://TOKEN@host`, `pover://USERKEY@TOKEN`) the
# part before the @ is a token and is masked whole.
_NAMED_USERS = ("postgres", "postgresql", "sqlite", "mysql", "mariadb", "http", "https")
_ANY_USERINFO = re.compile(r"\b(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?P<user>[^\s/@?#]+)@")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]{0,19}")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_TOP = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")
_HOST_PORT = re.compile(r"(?P<host>\[[0-9A-Fa-f:.]+\]|[^:\[\]]+)(?::(?P<port>\d{1,5}))?")
_QUERY_NAME = re.compile(r"[A-Za-z0-9_.\-]{1,40}")


def _mask_users(text: str) -> str:
    def masked(found: re.Match[str]) -> str:
        if found["scheme"].lower().partition("+")[0] in _NAMED_USERS:
            return found[0]
        user = f"{MASK}:{MASK}" if ":" in found["user"] else MASK
        return f"{found['scheme']}://{user}@"

    return _ANY_USERINFO.sub(masked, text)


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


def _split(url: str) -> tuple[str, str, str, str, str, str] | None:
    """scheme, user, host, path, query and whether there is an @, or None
    for what is no URL."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    authority, slash, tail = rest.partition("/")
    if slash:
        path, _, query = tail.partition("?")
    else:
        authority, _, query = authority.partition("?")
        path = ""
    user, at, host = authority.rpartition("@")
    return scheme, user, host, path, query, at


def secret_parts(url: str) -> list[str]:
    """The parts of a notification URL that may be secret: the user part and
    password, a host that is no host, every path segment, query value and
    bare query word. Longest first, so that replacing them one by one masks
    whole secrets."""
    from urllib.parse import unquote

    split = _split(url)
    if split is None or not _SCHEME.fullmatch(split[0]):
        return [url] if url else []
    _, user, host, path, query, at = split
    parts = [segment for segment in path.split("/") if segment]
    for pair in query.split("&"):
        name, equals, value = pair.partition("=")
        parts.append(value if equals else name)
    if at:
        parts += [user, *user.split(":")]
    if not _is_host(host):
        parts += [host, *host.split(":")]
    parts += [unquote(p) for p in parts]
    return sorted({p for p in parts if len(p) >= 3}, key=len, reverse=True)  # "no" is no secret


def mask_url(url: str) -> str:
    """A notification URL with every part that may be secret shown as `***`
    (the user part and password, a host that is no host, each path segment,
    each query value): `ntfy://***`, `ntfy://***@ntfy.example.org/***`,
    `mailto://***:***@smtp.example.org?to=***`, `json://127.0.0.1:8080/***`.
    What is no URL is `***` whole."""
    split = _split(url)
    if split is None or not _SCHEME.fullmatch(split[0]):
        return MASK
    scheme, user, host, path, query, at = split
    shown_user = (f"{MASK}:{MASK}" if ":" in user else MASK) if at else ""
    shown_host = host if _is_host(host) else MASK
    slash = "/" if url.partition("://")[2].partition("?")[0].count("/") or path else ""
    masked_path = "/".join(MASK if segment else "" for segment in path.split("/"))
    masked_query = "&".join(
        f"{name}={MASK}" if equals and _QUERY_NAME.fullmatch(name) else MASK
        for name, equals, _ in (pair.partition("=") for pair in query.split("&") if pair)
    )
    query_sep = "?" if "?" in url.partition("://")[2] else ""
    return (f"{scheme}://{shown_user}{at}{shown_host}{slash}{masked_path}"
            f"{query_sep}{masked_query}")  # fmt: skip
