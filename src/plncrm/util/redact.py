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
    return _PARAMS.sub(lambda m: f"{m['head']}{MASK}", text)


def url_password(url: str) -> str | None:
    """The password in a URL's authority, percent-decoded, if there is one."""
    from urllib.parse import unquote, urlsplit

    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    return unquote(password) if password else None


def _is_host(name: str) -> bool:
    """A server's name or address (kept when masking), not a token or topic
    in the host's place (ntfy://TOPIC, discord://ID/TOKEN)."""
    host = name.rsplit(":", 1)[0] if name.count(":") == 1 else name
    return host == "localhost" or "." in host or host.startswith("[")


def secret_parts(url: str) -> list[str]:
    """The parts of a notification URL that may be secret: the password, a
    host that is no host, every path segment and query value. Longest first,
    so that replacing them one by one masks whole secrets."""
    from urllib.parse import unquote

    _, sep, rest = url.partition("://")
    if not sep:
        return [url] if url else []
    authority, _, tail = rest.partition("/")
    path, _, query = tail.partition("?")
    if "?" in authority:
        authority, _, query = authority.partition("?")
    user, at, host = authority.rpartition("@")
    parts = [segment for segment in path.split("/") if segment]
    parts += [v for pair in query.split("&") for v in [pair.partition("=")[2]] if v]
    if at and ":" in user:
        parts.append(user.partition(":")[2])
    if not _is_host(host):
        parts.append(host)
    parts += [unquote(p) for p in parts]
    return sorted({p for p in parts if len(p) >= 3}, key=len, reverse=True)  # "no" is no secret


def mask_url(url: str) -> str:
    """A notification URL with every part that may be secret shown as `***`:
    `ntfy://***`, `mailto://pln:***@smtp.example.org?to=***`,
    `json://127.0.0.1:8080/***`."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return MASK
    authority, slash, tail = rest.partition("/")
    query_sep = "?" if "?" in (tail if slash else authority) else ""
    if slash:
        path, _, query = tail.partition("?")
    else:
        authority, _, query = authority.partition("?")
        path = ""
    user, at, host = authority.rpartition("@")
    if at and ":" in user:
        user = f"{user.partition(':')[0]}:{MASK}"
    shown_host = host if _is_host(host) else MASK
    masked_path = "/".join(MASK if segment else "" for segment in path.split("/"))
    masked_query = "&".join(
        f"{name}={MASK}" if value else name
        for name, _, value in (pair.partition("=") for pair in query.split("&") if pair)
    )
    return (f"{scheme}://{user}{at}{shown_host}{slash}{masked_path}"
            f"{query_sep}{masked_query}")  # fmt: skip
