"""Commands that read every contact work however large the network: no query
binds one variable per contact (SQLite allows 32,766, a 260,000-contact store
has more)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from helpers import Pln

LIMIT = 600  # above the batch size (500), below the network


@pytest.fixture
def few_variables(store_url: str) -> None:
    """Every new SQLite connection binds at most LIMIT variables a statement."""
    if not store_url.startswith("sqlite") or not hasattr(sqlite3.Connection, "setlimit"):
        pytest.skip("SQLite's variable limit, set through Python 3.11's setlimit")
    from sqlalchemy import event

    from plncrm.store.engine import get_engine

    engine = get_engine(store_url)
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _limit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, LIMIT)


@pytest.mark.slow
def test_whole_network_commands_work_past_the_variable_limit(
    pln: Pln, tmp_path: Path, few_variables: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLN_DEBUG", "1")
    rows = ["Name,Email,Organization,Tags,Needs,Offers"]
    rows += [
        f"Person {i},p{i}@example.org,Org {i % 7},math;t{i % 5},coaching,grant writing"
        for i in range(LIMIT + 100)
    ]
    (tmp_path / "people.csv").write_text("\n".join(rows) + "\n")
    pln("import", "csv", str(tmp_path / "people.csv"), "--met-at", "Expo")
    pln("community", "add", "#chat")
    pln("community", "join", "chat", *[f"#{i}" for i in range(1, LIMIT + 50)])
    pln("event", "add", "Webinar", "--on", "2026-12-10", "--hosted")
    pln("event", "invite", "webinar", "--met-at", "expo")
    assert len(pln.json("list", "--all")) == LIMIT + 100
    pln("list", "--all")
    pln("list", "--community", "chat")
    pln("report")
    pln("due", "--limit", "0")
    pln("suggest")
    pln("duplicates")
    pln("event", "show", "expo")
    for fmt in ("csv", "vcard", "json", "ics"):
        pln("export", fmt, "-o", str(tmp_path / f"out.{fmt}"))
    pln("merge", "1", "2", "--yes")
    pln("rm", "3", "--yes")


def test_duplicates_stop_at_a_screenful_and_say_there_are_more(pln: Pln) -> None:
    for _ in range(4):
        pln("add-contact", "Sam Lee", "--new")
    import os

    from plncrm.core import same_person
    from plncrm.store.engine import transaction
    from plncrm.store.location import resolve_url

    with transaction(resolve_url(os.environ["PLN_DB"])) as session:
        found, more = same_person.find_duplicates(session, limit=4)
        assert (len(found), more) == (4, True)
        found, more = same_person.find_duplicates(session)
        assert (len(found), more) == (6, False)
    assert len(pln.json("duplicates")) == 6
