"""`pln mcp` driven as an assistant drives it: the installed `pln` started by
the SDK's own stdio client, on a store of the test's, its clock pinned as the
tests' is (`web_servers._PINNED`: the process travels to the morning of `day`
before it runs `pln`).

The SDK is asynchronous; `McpClient` runs its session in a blocking portal
(a thread with an event loop) so that tests call tools as plain functions.
`module_store` gives a module one store, on each engine under test, for one
server to read through many tests.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from helpers import ENGINES, MORNING, PG_URL, TODAY, Pln
from web_servers import _PINNED, PLN

TIMEOUT = 60  # seconds a request may take before the test fails


class ToolFailed(Exception):
    """A tool's error result: `message` is what the client was told."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class McpClient:
    """An initialised session with a running `pln mcp`; `errors()` is what the
    server wrote on stderr so far."""

    def __init__(self, portal: Any, session: Any, errlog: Any) -> None:
        self.portal = portal
        self.session = session
        self.errlog = errlog

    def tools(self) -> dict[str, Any]:
        """The tools offered, by name (each with its description and input schema)."""
        listed = self.portal.call(self.session.list_tools)
        return {t.name: t for t in listed.tools}

    def result(self, name: str, /, **arguments: Any) -> Any:
        """The raw CallToolResult of one call."""
        return self.portal.call(self.session.call_tool, name, arguments)

    def call(self, name: str, /, **arguments: Any) -> Any:
        """The document a tool returns (parsed from its JSON text); its error
        result raises ToolFailed with the message."""
        answer = self.result(name, **arguments)
        text = "".join(getattr(c, "text", "") for c in answer.content)
        if answer.is_error:
            raise ToolFailed(text)
        return json.loads(text)

    def fails(self, name: str, /, **arguments: Any) -> str:
        """The message of a call that must fail."""
        try:
            got = self.call(name, **arguments)
        except ToolFailed as exc:
            return exc.message
        raise AssertionError(f"{name} did not fail: {str(got)[:300]}")

    def read(self, uri: str) -> Any:
        """A resource's document."""
        found = self.portal.call(self.session.read_resource, uri)
        return json.loads(found.contents[0].text)

    def errors(self) -> str:
        self.errlog.flush()
        self.errlog.seek(0)
        return str(self.errlog.read())


def server_env(db: str, **extra: str) -> dict[str, str]:
    """What the server process is started with: the store, the member, the
    test's state folder; nothing else of the test's environment."""
    names = ("PLN_USER", "XDG_STATE_HOME", "TZ", "LANG", "LC_ALL", "PATH", "HOME")
    env = {k: os.environ[k] for k in names if k in os.environ}
    return {**env, "PLN_DB": db, **extra}


@contextmanager
def mcp_client(
    db: str, *args: str, day: date = TODAY, env: dict[str, str] | None = None
) -> Iterator[McpClient]:
    """Start `pln mcp ARGS` on the store `db` and yield a client session with it;
    the server is stopped (stdin closed) after the block."""
    from anyio.from_thread import start_blocking_portal
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(
        command=sys.executable,
        args=["-c", _PINNED, day.isoformat(), MORNING.isoformat(), str(PLN), "mcp", *args],
        env=server_env(db, **(env or {})),
    )

    @asynccontextmanager
    async def session(errlog: Any) -> AsyncIterator[Any]:
        async with (
            stdio_client(params, errlog=errlog) as (read, write),
            ClientSession(read, write, read_timeout_seconds=TIMEOUT) as started,
        ):
            await started.initialize()
            yield started

    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as errlog,
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(session(errlog)) as started,
    ):
        yield McpClient(portal, started, errlog)


@contextmanager
def module_store(engine: str, folder: Path) -> Iterator[str]:
    """An empty store of its own on `engine`, for a module's tests to share
    (the conftest's `store_url` is one test's): a copy of a migrated SQLite
    file, or a PostgreSQL database made from a migrated one."""
    from plncrm.store.engine import dispose_all, get_engine
    from plncrm.store.location import resolve_url

    if engine == "sqlite":
        url = resolve_url(str(folder / "pln.db"))
        get_engine(url)
        dispose_all()
        yield url
        dispose_all()
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert PG_URL
    name = f"pln_mcp_{os.getpid()}_{folder.name}".lower().replace("-", "_")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    get_engine(url)
    dispose_all()
    try:
        yield url
    finally:
        dispose_all()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@contextmanager
def on_store(url: str) -> Iterator[None]:
    """PLN_DB and PLN_USER set for `Pln` outside a test's own fixtures (a
    module's fixture runs before the conftest's per-test environment)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLN_DB", url)
        patch.setenv("PLN_USER", "tester")
        yield


def served_store(seed: Callable[[Pln, str, Path], None], name: str, **env: str) -> Any:
    """A module's three fixtures, one set for every module that talks to one
    server: `store` (seeded once on each engine: `seed(pln, url, folder)`),
    `client` (a server on it) and `pln` (commands on it, with `env` set).
    Unpack them into the module: `store, client, pln = served_store(...)`."""

    @pytest.fixture(scope="module", params=ENGINES)
    def store(
        request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[str]:
        folder = tmp_path_factory.mktemp(name)
        with module_store(request.param, folder) as url, on_store(url):
            seed(Pln(), url, folder)
            yield url

    @pytest.fixture(scope="module")
    def client(store: str) -> Iterator[McpClient]:
        with mcp_client(store) as started:
            yield started

    @pytest.fixture
    def pln(store: str, monkeypatch: pytest.MonkeyPatch) -> Pln:
        monkeypatch.setenv("PLN_DB", store)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        return Pln()

    return store, client, pln
