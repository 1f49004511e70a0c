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
