"""The vdirsyncer configuration `pln calendar vdirsyncer` and `pln sync
vdirsyncer` print: one pair of a local vdir folder and a DAV collection."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """\
# ~/.config/vdirsyncer/config — then: vdirsyncer discover {pair}, and each time: {when}
[general]
status_path = "~/.local/share/vdirsyncer/status/"

[pair {pair}]
a = "{pair}_local"
b = "{pair}_remote"
collections = null
conflict_resolution = {conflicts}

[storage {pair}_local]
type = "filesystem"
path = {folder}
fileext = "{ext}"{read_only}

[storage {pair}_remote]
type = "{dav}"
url = {url}
username = {username}
password.fetch = ["command", "pass", "show", "{dav}"]"""


def config(
    *, pair: str, dav: str, folder: Path, ext: str, url: str, username: str, source: bool, when: str
) -> str:
    """The configuration text. A `source` folder is read-only to vdirsyncer
    (what the server changes is put back); else a card changed on both sides
    is left to the user. A password in `url` is masked: it comes from a command."""
    import json

    from plncrm.util.redact import redact, url_secrets

    # vdirsyncer reads each value as JSON: dumped, a quote or a newline in a
    # folder, address or login stays in its string (no `password.fetch` after it).
    return TEMPLATE.format(
        pair=pair,
        dav=dav,
        folder=json.dumps(str(folder)),
        ext=ext,
        url=json.dumps(redact(url, *url_secrets(url))),
        username=json.dumps(username),
        when="\n#   ".join(when.splitlines()),  # a command on two lines stays a comment
        conflicts='"a wins"' if source else "null",
        read_only="\nread_only = true" if source else "",
    )
