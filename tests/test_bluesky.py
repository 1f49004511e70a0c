"""`pln import bluesky` against a local server answering in the public API's
real shapes (starter pack, list pages, handle resolution), errors included;
no test reaches the internet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Pln
from servers import FakeBluesky, bluesky_api

pytestmark = pytest.mark.slow  # each test starts a stand-in for Bluesky's API

PACK = "https://bsky.app/starter-pack/edusky.bsky.social/3kpack"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> FakeBluesky:
    with bluesky_api(150) as fake:
        monkeypatch.setenv("PLN_BLUESKY_API", fake.api)
        yield fake


def test_a_starter_pack_becomes_people_and_one_community(
    pln: Pln, api: FakeBluesky, tmp_path: Path
) -> None:
    # A network of 300 already, two of them in the pack (known by their handles).
    sheet = tmp_path / "network.csv"
    rows = [f"Colleague {i},,2025-0{1 + i % 9}-15" for i in range(298)]
    rows += [
        "Ana Lima,teacher3.bsky.social,2026-11-20",
        "Ben Okoro,teacher4.bsky.social,2026-11-25",
    ]
    sheet.write_text("Name,Bluesky,Last contacted\n" + "\n".join(rows) + "\n")
    pln("import", "csv", str(sheet))
    report = pln.json("import", "bluesky", PACK)
    assert (report["added"], report["merged"]) == (148, 2)
    assert api.requests.count("/xrpc/app.bsky.graph.getList") == 2  # 100 a page
    people = pln.json("list", "--all")
    assert len(people) == 448
    [maths] = pln.json("communities")
    assert (maths["name"], maths["members"]) == ("EduSky: Maths", 150)
    [found] = pln.json("search", "teacher1.bsky.social")
    one = pln.json("show", str(found["id"]))
    assert one["name"] == "Conor O'Brien 1"
    assert one["handles"]["bluesky"] == ["teacher1.bsky.social"]
    assert one["notes"] == "Maths teacher #1; number talks, #EduSky"
    [found] = pln.json("search", "teacher7.bsky.social")
    nameless = pln.json("show", str(found["id"]))
    assert nameless["name"] == "teacher7.bsky.social"  # no display name: the handle
    again = pln.json("import", "bluesky", PACK)
    assert (again["added"], again["merged"]) == (0, 0)
    assert len(pln.json("list", "--all")) == 448
    shared = pln.json("suggest", "--limit", "5")
    assert shared
    assert all("EduSky: Maths" in json.dumps(s) for s in shared)
    assert all({"Ana Lima", "Ben Okoro"} & {s["a"]["name"], s["b"]["name"]} for s in shared)


def test_a_list_address_an_at_uri_and_a_chosen_community(pln: Pln, api: FakeBluesky) -> None:
    address = f"https://bsky.app/profile/{api.did}/lists/3kmaths"
    report = pln.json("import", "bluesky", address, "--community", "Maths PLN", "--limit", "30")
    assert report["added"] == 30
    assert [c["name"] for c in pln.json("communities")] == ["Maths PLN"]
    uri = f"at://{api.did}/app.bsky.graph.list/3kmaths"
    assert pln.json("import", "bluesky", uri, "--limit", "40")["added"] == 10


def test_a_saved_pack_imports_offline(pln: Pln, api: FakeBluesky, tmp_path: Path) -> None:
    saved = tmp_path / "pack.json"
    pln("import", "bluesky", PACK, "--save", str(saved), "--dry-run")
    assert pln.json("list") == []  # a dry run changes nothing, but the file is kept
    api.malformed = True  # the network is no help now
    report = pln.json("import", "bluesky", str(saved))
    assert report["added"] == 150
    assert [c["name"] for c in pln.json("communities")] == ["EduSky: Maths"]


def test_a_rate_limit_is_waited_out(pln: Pln, api: FakeBluesky) -> None:
    api.rate_limited = 1
    assert pln.json("import", "bluesky", PACK, "--limit", "10")["added"] == 10


@pytest.mark.parametrize(
    ("address", "setup", "code", "message"),
    [
        (
            "https://bsky.app/starter-pack/edusky.bsky.social/nope",
            None,
            3,
            "Bluesky has no such starter pack or list",
        ),
        (
            "https://bsky.app/starter-pack/nobody.bsky.social/3kpack",
            None,
            3,
            "Unable to resolve handle",
        ),
        (PACK, "malformed", 10, "not a JSON object"),
        (PACK, "rate_limited", 10, "rate limit"),
        ("https://go.bsky.app/AbC123", None, 5, "short link"),
        ("https://example.org/pack", None, 5, "not a Bluesky starter pack or list"),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    pln: Pln,
    api: FakeBluesky,
    address: str,
    setup: str | None,
    code: int,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if setup == "malformed":
        api.malformed = True
    if setup == "rate_limited":
        api.rate_limited = 10
        from plncrm.importers import bluesky

        waits: list[float] = []
        monkeypatch.setattr(bluesky.time, "sleep", waits.append)
    result = pln("import", "bluesky", address, ok=False)
    if setup == "rate_limited":
        assert waits == [1.0, 1.0, 1.0], result.stderr  # as the server asked, three times
    assert result.exit_code == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert pln.json("list") == []


# The hostile servers: every import ends within its deadline (shortened to
# FAST seconds here, as PLN_NET_DEADLINE lets a user do) in one line, exit 10.
FAST = 2.0
HOSTILE = [
    ("looping", "pages in a row with nobody new on them"),
    ("same", "the same page of the list twice"),
    ("notadict", "the Bluesky API's list is not an object"),
    ("nested", "not a JSON object"),
    ("trickle-headers", f"no complete answer within {FAST:g} s"),
    ("trickle-body", f"no complete answer within {FAST:g} s"),
    ("flood", "an answer larger than 4 MB"),
    ("flood-declared", "an answer larger than 4 MB"),
    ("flood-chunked", "an answer larger than 4 MB"),
    ("short", "the connection closed after 11 of 1,000 bytes"),
]


def _hostile(api: FakeBluesky, how: str) -> None:
    if how in ("looping", "same"):
        api.looping = "same" if how == "same" else "new"
    elif how == "notadict":
        api.body = b'{"list": "notadict", "items": [], "cursor": "x"}'
    elif how == "nested":
        api.body = b"[" * 100_000 + b"]" * 100_000
    else:
        api.misbehave = how


@pytest.mark.parametrize(("how", "message"), HOSTILE)
def test_a_hostile_api_ends_within_the_deadline_in_one_line(
    pln: Pln, api: FakeBluesky, how: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setenv("PLN_NET_DEADLINE", str(FAST))
    _hostile(api, how)
    start = time.monotonic()
    result = pln("import", "bluesky", PACK, ok=False)
    took = time.monotonic() - start
    assert result.exit_code == 10, (result.stderr, result.exception)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert took < FAST + 3
    if how.startswith("trickle"):
        assert took > FAST - 0.2  # the deadline ended it, nothing sooner
    if how == "looping":
        assert api.requests.count("/xrpc/app.bsky.graph.getList") == 5
    assert pln.json("list") == []


@pytest.mark.parametrize(
    ("value", "waits"),
    [
        ("nan", [5.0] * 3),
        ("-3", [0.0] * 3),
        ("Wed, 21 Oct 2015 07:28:00 GMT", [5.0] * 3),
        ("", [5.0] * 3),
        ("inf", []),
        ("1e400", []),
    ],
)
def test_any_retry_after_is_one_line_and_exit_10(
    pln: Pln, api: FakeBluesky, value: str, waits: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    from plncrm.importers import bluesky

    slept: list[float] = []
    monkeypatch.setattr(bluesky.time, "sleep", slept.append)
    api.rate_limited, api.retry_after = 10, value
    result = pln("import", "bluesky", PACK, ok=False)
    assert result.exit_code == 10, (result.stderr, result.exception)
    assert slept == waits
    assert "rate limit" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.usefixtures("store_url")
@pytest.mark.parametrize("how", ["flood", "flood-chunked", "trickle-body"])
def test_a_flood_or_a_trickle_stays_small_and_short(how: str) -> None:
    """The installed `pln`, measured alone: an endless answer is refused at
    4 MB, a trickle cut at the deadline; under 200 MB either way."""
    import os
    import sys

    from servers import run_measured

    with bluesky_api(10) as fake:
        fake.misbehave = how
        env = dict(os.environ, PLN_BLUESKY_API=fake.api, PLN_NET_DEADLINE=str(FAST))
        run = run_measured(
            [str(Path(sys.executable).with_name("pln")), "import", "bluesky", PACK], env
        )
    assert run.returncode == 10, run.stderr
    assert run.peak_mb < 200, run
    assert run.seconds < FAST + 8, run
