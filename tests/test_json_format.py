"""The JSON import format is checked whole: every bad document is exit 5 with
the path of the record at fault, and nothing is written."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import Pln


def network(pln: Pln) -> None:
    pln("event", "add", "ISTE 2026", "--on", "2026-06-28", "--kind", "conference")
    pln(
        "add-contact",
        "Ana Lima",
        "--email",
        "ana@example.org",
        "--met-at",
        "ISTE 2026",
        "--met-on",
        "2026-11-20",
        "--tag",
        "math",
        "--needs",
        "coaching",
        "--cadence",
        "3 months",
    )
    pln("add-contact", "Ben Ode", "--via", "ana", "--offers", "math coaching", "--org", "Lumen")
    pln("add-contact", "Sam Lee", "--new")
    pln("add-contact", "Sam Lee", "--new")
    pln("log", "ana", "ben", "-m", "coffee", "--on", "yesterday")
    pln("follow-up", "#3", "send slides", "--due", "friday", "--every", "2 weeks")
    pln("intro", "ana", "ben", "--why", "coaching")
    pln("community", "add", "#edchat", "--focus", "weekly chat")
    pln("community", "join", "edchat", "ana", "#4")
    pln("config", "guard-days", "3")


def export(pln: Pln) -> dict[str, Any]:
    return json.loads(pln("export", "json").stdout)  # type: ignore[no-any-return]


def load(pln: Pln, tmp_path: Path, document: object, name: str = "doc.json") -> Any:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return pln("import", "json", str(path), ok=False)


@pytest.fixture
def document(pln: Pln) -> dict[str, Any]:
    network(pln)
    return export(pln)


def test_importing_a_stores_own_export_again_adds_nothing_namesakes_included(
    pln: Pln, tmp_path: Path, document: dict[str, Any], store_url: str
) -> None:
    assert [c["name"] for c in document["contacts"]].count("Sam Lee") == 2
    assert all(
        record["uid"]
        for key in (
            "contacts",
            "events",
            "interactions",
            "follow_ups",
            "introductions",
            "communities",
        )
        for record in document[key]
    )
    for _ in range(2):
        assert load(pln, tmp_path, document).exit_code == 0
    after = export(pln)
    assert after == document


def test_an_export_restored_elsewhere_and_imported_twice_keeps_two_namesakes(
    pln: Pln,
    tmp_path: Path,
    document: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    store_url: str,
) -> None:
    if not store_url.startswith("sqlite"):
        pytest.skip("moves between two SQLite files")
    from plncrm.store.engine import dispose_all

    monkeypatch.setenv("PLN_DB", str(tmp_path / "other.db"))
    dispose_all()
    for _ in range(3):
        assert load(pln, tmp_path, document).exit_code == 0
    assert [c["name"] for c in pln.json("list")].count("Sam Lee") == 2
    assert export(pln) == document


BAD = [
    ({"contacts": "abc"}, "contacts: "),
    ({"contacts": [{"id": 1}]}, "contacts[0].name: required"),
    (
        {"contacts": [{"name": "X", "created_at": "2026-01-01T00:00:00"}]},
        "contacts[0].id: required",
    ),
    (
        {"contacts": [{"id": 1, "name": 123, "created_at": "2026-01-01T00:00:00"}]},
        "contacts[0].name:",
    ),
    (
        {
            "contacts": [
                {"id": 1, "name": "X", "met_on": "yesterday", "created_at": "2026-01-01T00:00:00"}
            ]
        },
        "contacts[0].met_on: not an ISO date",
    ),
    ({"settings": [1, 2]}, "settings:"),
    ({"settings": {"guard-days": "3000000"}}, "settings.guard-days: guard-days must be between"),
    ({"settings": {"colour": "red"}}, "settings.colour: unknown setting"),
    (
        {
            "contacts": [
                {"id": 1, "name": "X", "emails": [None], "created_at": "2026-01-01T00:00:00"}
            ]
        },
        "contacts[0].emails[0]:",
    ),
    (
        {
            "contacts": [
                {"id": 1, "name": "X", "archived": "no", "created_at": "2026-01-01T00:00:00"}
            ]
        },
        "contacts[0].archived:",
    ),
    (
        {"contacts": [{"id": 2**70, "name": "X", "created_at": "2026-01-01T00:00:00"}]},
        "contacts[0].id:",
    ),
    (
        {"contacts": [{"id": 1, "name": "X", "created_at": "2026-01-01T00:00:00", "via_id": 9}]},
        "contacts[0].via_id: no contact with id 9",
    ),
    (
        {
            "contacts": [
                {"id": 1, "name": "X", "created_at": "2026-01-01T00:00:00"},
                {"id": 1, "name": "Y", "created_at": "2026-01-01T00:00:00"},
            ]
        },
        "contacts[1].id: 1 is used twice",
    ),
    (
        {
            "contacts": [
                {
                    "id": 1,
                    "name": "X",
                    "created_at": "2026-01-01T00:00:00",
                    "emails": ["a@x.org", "A@x.org"],
                }
            ]
        },
        "contacts[0].emails[1]:",
    ),
    (
        {
            "contacts": [
                {"id": 1, "name": "X", "cadence": "9000 years", "created_at": "2026-01-01T00:00:00"}
            ]
        },
        "contacts[0].cadence: interval '9000 years' is too long",
    ),
    (
        {"follow_ups": [{"id": 1, "due": "2026-12-01", "created_at": "2026-01-01T00:00:00"}]},
        "follow_ups[0].title: required",
    ),
    (
        {"follow_ups": [{"id": 1, "title": "t", "created_at": "2026-01-01T00:00:00"}]},
        "follow_ups[0].due: required",
    ),
    (
        {
            "follow_ups": [
                {"id": 1, "title": "t", "due": "9999-12-31", "created_at": "2026-01-01T00:00:00"}
            ]
        },
        "follow_ups[0].due: out of range",
    ),
    (
        {"interactions": [{"id": 1, "kind": "note", "created_at": "2026-01-01T00:00:00"}]},
        "interactions[0].happened_on: required",
    ),
    (
        {
            "interactions": [
                {
                    "id": 1,
                    "kind": "dance",
                    "happened_on": "2026-01-01",
                    "created_at": "2026-01-01T00:00:00",
                }
            ]
        },
        "interactions[0].kind: must be",
    ),
    (
        {
            "introductions": [
                {
                    "id": 1,
                    "a_id": 1,
                    "b_id": 2,
                    "why": "x",
                    "status": "[bold]",
                    "proposed_on": "2026-01-01",
                    "created_at": "2026-01-01T00:00:00",
                }
            ]
        },
        "introductions[0].status: must be",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD)
@pytest.mark.parametrize("into", ["empty", "full"])
def test_a_bad_document_is_refused_with_the_path_of_the_record(
    pln: Pln, tmp_path: Path, change: dict[str, Any], message: str, into: str
) -> None:
    if into == "full":
        network(pln)
    before = export(pln)
    result = load(pln, tmp_path, {"format": "plncrm", "version": 1, **change})
    assert result.exit_code == 5, (result.stdout, result.stderr)
    assert result.stderr.startswith("pln: ")
    assert message in result.stderr, result.stderr
    assert export(pln) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "plncrm", "version": true}', "version: must be the integer 1"),
        ('{"format": "plncrm", "version": -5}', "version: must be the integer 1"),
        ('{"format": "plncrm", "version": 2}', "newer than this plncrm reads"),
        ('{"format": "plncrm", "version": 1.0}', "version: must be the integer 1"),
        ("[" * 100_000, "nested too deeply"),
        (
            '{"format": "plncrm", "version": 1, "contacts": [' + "[" * 50 + "]" * 50 + "]}",
            "contacts[0]",
        ),
        (
            '{"format": "plncrm", "version": 1, "contacts": [' + "[" * 5000 + "]" * 5000 + "]}",
            "nested too deeply",
        ),
        ("{", "not valid JSON"),
        ('"plncrm"', "not a plncrm export"),
    ],
)
def test_a_document_that_is_not_version_1_or_not_json_is_refused(
    pln: Pln, tmp_path: Path, text: str, message: str
) -> None:
    result = load(pln, tmp_path, text)
    assert result.exit_code == 5, (result.stdout, result.stderr, result.exception)
    assert message in result.stderr


def test_a_naive_timestamp_is_accepted(pln: Pln, tmp_path: Path) -> None:
    doc = {
        "format": "plncrm",
        "version": 1,
        "contacts": [{"id": 1, "name": "Naive", "created_at": "2026-01-01T10:00:00"}],
    }
    assert load(pln, tmp_path, doc).exit_code == 0
    pln("add-contact", "Other")
    assert load(pln, tmp_path, doc).exit_code == 0
    assert sorted(c["name"] for c in pln.json("list")) == ["Naive", "Other"]


# A property: any mutation of a valid document imports, or is refused with exit 5
# and a path, leaving the store as it was. Never exit 1.

_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.just("2026-13-45"),
    st.just("9999-01-01"),
    st.just([]),
    st.just({}),
    st.just([None]),
    st.just({"a": [1]}),
    st.just("[/bold]"),
)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here] if here else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*here, index))
    return found


@st.composite
def mutations(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "nest", "duplicate"]))
        if action == "delete":
            del parent[last]
        elif action == "nest":
            parent[last] = [[parent[last]]]
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        else:
            parent[last] = draw(_JUNK)
    return doc


@pytest.fixture
def base_document(pln: Pln, store_url: str) -> dict[str, Any]:
    network(pln)
    document = export(pln)
    _empty(store_url)
    return document


@pytest.mark.parametrize("into", ["empty", "full"])
@pytest.mark.slow
def test_any_mutation_imports_or_is_refused_with_a_path(
    pln: Pln, tmp_path: Path, base_document: dict[str, Any], into: str, store_url: str
) -> None:
    if into == "full":
        network(pln)

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(mutations(base_document))
    def check(doc: dict[str, Any]) -> None:
        before = export(pln)
        result = load(pln, tmp_path, doc)
        assert result.exit_code in (0, 5), (result.stderr, result.exception)
        if result.exit_code == 5:
            assert ": " in result.stderr.removeprefix("pln: ")
            assert export(pln) == before
        elif into == "empty":
            _empty(store_url)

    check()


def _empty(store_url: str) -> None:
    """Back to an empty store between examples (restore mode needs one)."""
    from sqlalchemy import text

    from plncrm.store import schema
    from plncrm.store.engine import transaction

    tables = list(reversed(schema.TABLES))  # every table, children before parents
    with transaction(store_url, write=True) as session:
        if store_url.startswith("postgresql"):  # ids start at 1 again, as on SQLite
            session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY"))
            return
        for table in (*tables, "sqlite_sequence"):  # ids are never reused: start them again
            session.execute(text(f"DELETE FROM {table}"))
