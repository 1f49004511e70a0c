"""`pln mcp`: the network offered to an assistant (Claude Desktop, Claude Code,
VS Code…) as a Model Context Protocol server over stdio.

The SDK and the tools are imported inside the command: no other command pays
for them (`tests/test_start_up.py`)."""

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from plncrm.cli.root import app, get_env


@app.command("mcp")
def mcp(
    ctx: typer.Context,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only", help="Offer only the reading and drafting tools: nothing is changed."
        ),
    ] = False,
    print_config: Annotated[
        bool,
        typer.Option(
            "--print-config",
            help="Print the JSON that starts this server from an assistant's settings, and stop.",
        ),
    ] = False,
) -> None:
    """Serve the network to an assistant over stdio (Model Context Protocol).

    Every change it makes is one step in `pln history`, named `mcp: TOOL(...)`,
    that `pln undo` takes back. Started by the assistant, not by hand: see
    --print-config."""
    env = get_env(ctx)
    if print_config:
        from plncrm.render import print_json

        print_json(client_config(env.db, read_only))
        return
    from plncrm.assistant.context import Ctx
    from plncrm.assistant.server import serve
    from plncrm.util.redact import url_secrets

    secrets = url_secrets(env.db) + url_secrets(os.environ.get("PLN_DB"))
    serve(Ctx(env, read_only=read_only), read_only=read_only, secrets=secrets)


def client_config(db: str | None, read_only: bool) -> dict[str, Any]:
    """The `mcpServers` entry of Claude Desktop's and Claude Code's settings
    (VS Code's `.vscode/mcp.json` takes the same entry under `servers`): the
    absolute path of this `pln`, the store it uses, and the member in a team."""
    from plncrm.store.location import resolve_url, sqlite_path
    from plncrm.util.redact import without_password

    entry: dict[str, Any] = {
        "command": executable(),
        "args": ["mcp", "--read-only"] if read_only else ["mcp"],
    }
    env: dict[str, str] = {}
    if db:
        path = sqlite_path(resolve_url(db))
        # A password stays out of a settings file: PGPASSWORD or ~/.pgpass hold it.
        env["PLN_DB"] = str(path) if path is not None else without_password(db)
    if os.environ.get("PLN_USER"):
        env["PLN_USER"] = os.environ["PLN_USER"]
    if env:
        entry["env"] = env
    return {"mcpServers": {"pln": entry}}


def executable() -> str:
    """This `pln`'s absolute path: the script being run, else the one beside
    this Python (a virtual environment), else the one on PATH."""
    import shutil

    ran = Path(sys.argv[0])
    if ran.name == "pln" and ran.exists():
        return str(ran.resolve())
    beside = Path(sys.executable).with_name("pln")
    if beside.exists():
        return str(beside)
    return shutil.which("pln") or "pln"
