"""A visitor at the booth's kiosk (`importers.visitors`): read and bounded
purely, then recorded as one more business card from the booth, on SQLite and
PostgreSQL, in one transaction that `pln undo` takes back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import TODAY, Pln
from plncrm.cli.environment import Environment
from plncrm.importers import visitors
from plncrm.importers.visitors import Booth, Offer, Visit, consent_wording, read_visit
from plncrm.util.clock import day_of
from plncrm.util.errors import Invalid, NotFound

FIXTURES = Path(__file__).parent / "fixtures"
BOOTH = Booth(
    event_id=1,
    event_name="Fall CUE",
    offers=(Offer(7, "Decodable Pack", "https://example.org/pack"),),
    interests=("phonics", "math"),
    invite_id=2,
    invite_name="Winter Webinar",
    consent="I agree.",
)


def form(**fields: str | list[str]) -> dict[str, list[str]]:
    given: dict[str, str | list[str]] = {"name": "Maya Lin", "email": "maya@oak.edu", **fields}
    return {k: [v] if isinstance(v, str) else v for k, v in given.items()}


def test_a_submission_is_read_on_one_line_and_only_among_what_is_offered() -> None:
    visit = read_visit(
        form(
            name=" Maya\u202e  Lin\n",
            org="Oak  Elementary",
            interest=["phonics", "phonics"],
            resource="7",
            invite="yes",
            consent="yes",
        ),
        BOOTH,
    )
    assert visit == Visit(
        "Maya Lin",
        "maya@oak.edu",
        "Oak Elementary",
        None,
        ("phonics",),
        (BOOTH.offers[0],),
        invite=True,
        consent=True,
    )
    assert read_visit(form(), BOOTH) == Visit("Maya Lin", "maya@oak.edu")


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"name": ""}, "name"),
        ({"email": "maya at oak"}, "email"),
        ({"email": "a@b.org, eve@evil.org"}, "email"),
        ({"name": "x" * 201}, "at most 200"),
        ({"role": "x" * 201}, "at most 200"),
        ({"email": "a" * 250 + "@b.org"}, "at most 254"),
        ({"resource": "8"}, "offered"),  # a form changed by hand
        ({"interest": "cooking"}, "offered"),
    ],
)
def test_what_a_form_cannot_hold_is_refused(fields: dict[str, str], said: str) -> None:
    with pytest.raises(Invalid, match=said):
        read_visit(form(**fields), BOOTH)


def test_no_hosted_event_no_invitation() -> None:
    plain = Booth(1, "Fall CUE")
    assert not read_visit(form(invite="yes"), plain).invite


def test_the_consent_sentence_names_the_networker() -> None:
    assert consent_wording("I agree that {my-name} may write.", "Ana Ruiz") == (
        "I agree that Ana Ruiz may write."
    )
    assert "the person at this booth" in consent_wording("{my-name}", "")


def _setup(pln: Pln) -> None:
    pln("event", "add", "Fall CUE", "--on", TODAY.isoformat(), "--kind", "conference")
    pln("event", "add", "Winter Webinar", "--on", "2027-01-14", "--hosted", "--kind", "webinar")
    pln("resource", "add", "Decodable Pack", "--link", "https://example.org/pack")
    pln("config", "my-name", "Ana Ruiz")


def _booth(env: Environment) -> Booth:
    with env.reading() as reader:
        return visitors.booth(reader, "fall cue", ["decodable pack"], "winter", ["phonics"])


def _visit(env: Environment, at: Booth, **fields: str | list[str]) -> int | None:
    with env.writing() as db:
        return visitors.record(db, at, read_visit(form(**fields), at), TODAY)


def _consents(env: Environment) -> list[dict[str, Any]]:
    with env.reading() as reader:
        return [
            dict(r)
            for r in reader.rows(
                "SELECT contact_id, event_id, wording, given_at, source FROM consent ORDER BY id"
            )
        ]


CHOSEN = {"resource": "1", "interest": "phonics", "invite": "yes", "consent": "yes"}


def test_a_visit_is_met_guarded_given_invited_and_consented(pln: Pln, store_url: str) -> None:
    _setup(pln)
    env = Environment(db=store_url)
    at = _booth(env)
    assert at.consent.startswith("I agree that Ana Ruiz may keep")
    contact_id = _visit(env, at, org="Oak Elementary", role="Reading coach", **CHOSEN)
    card = pln.json("show", "maya")
    assert card["id"] == contact_id
    assert card["met_on"] == TODAY.isoformat()
    assert card["met_at"] == "Fall CUE"
    assert (card["org"], card["tags"]) == ("Oak Elementary", ["phonics"])
    kinds = {e["kind"] for e in card["timeline"]}
    assert {"gave", "invite", "message"} <= kinds
    guards = [t for t in pln.json("follow-ups") if t["title"].endswith("meeting at Fall CUE")]
    assert [(t["contact"]["id"], t["status"]) for t in guards] == [(contact_id, "open")]
    [guest] = pln.json("event", "show", "winter")["guests"]
    assert (guest["rsvp"], guest["invited_on"]) == ("yes", TODAY.isoformat())
    [consent] = _consents(env)
    assert (consent["contact_id"], consent["wording"]) == (contact_id, at.consent)
    assert (consent["source"], day_of(consent["given_at"])) == ("kiosk", TODAY)
    assert "Maya Lin" in pln("resource", "show", "decodable pack").stdout
    pln("undo", "--yes")
    assert pln("show", "maya", ok=False).exit_code == 3
    assert _consents(env) == []


def test_what_the_visit_itself_recorded_is_not_what_followed_the_gift(
    pln: Pln, store_url: str
) -> None:
    """The invitation and the answer given at the booth are part of the gift's
    visit; a reply the day after is what came of it."""
    _setup(pln)
    env = Environment(db=store_url)
    at = _booth(env)
    yesterday = TODAY - timedelta(days=1)
    with env.writing() as db:
        visitors.record(db, at, read_visit(form(**CHOSEN), at), yesterday)
    [maya] = pln.json("resource", "show", "decodable pack")["received"]
    assert maya["followed"] == []
    assert pln.json("report", "--since", yesterday.isoformat())["resources"]["came_back"] == 0
    pln("log", "maya", "--kind", "email", "-m", "Loved the pack")
    [maya] = pln.json("resource", "show", "decodable pack")["received"]
    assert [f["note"] for f in maya["followed"]] == ["Loved the pack"]


def test_a_known_visitor_is_met_again_and_nothing_stored_changes(pln: Pln, store_url: str) -> None:
    """Anyone can type anyone's address at a booth: matched by it, the visit
    is recorded, and what they typed about themselves is noted, not taken."""
    _setup(pln)
    pln("add-contact", "Maya Lin-Park", "--email", "MAYA@oak.edu", "--org", "Oak Elementary")
    env = Environment(db=store_url)
    at = _booth(env)
    known = pln.json("show", "maya")["id"]
    typed = {"org": "Evil Corp", "role": "Fired - do not contact", **CHOSEN}
    assert _visit(env, at, name="Maya Lin", **typed) == known
    assert len(pln.json("list")) == 1
    card = pln.json("show", "maya")
    assert (card["name"], card["org"], card["role"]) == ("Maya Lin-Park", "Oak Elementary", None)
    assert card["tags"] == []
    assert _congratulations(pln) == []
    notes = [e["note"] for e in card["timeline"]]
    assert "Met at Fall CUE" in notes
    assert (
        "At the kiosk (Fall CUE) wrote: name Maya Lin; school or district Evil Corp;"
        " role Fired - do not contact; interests phonics (not applied)"
    ) in notes
    assert [t["status"] for t in pln.json("follow-ups") if t["contact"]["id"] == known] == ["open"]
    assert _visit(env, at, **CHOSEN) == known  # twice: still one, consent kept each time
    assert len(pln.json("list")) == 1
    assert len(_consents(env)) == 2


def test_a_namesake_at_the_same_school_is_someone_new_never_given_the_address(
    pln: Pln, store_url: str
) -> None:
    """Matched by name and school, a stranger's address would go on a stored
    contact, and the networker's mail to them with it."""
    _setup(pln)
    pln("add-contact", "Alan Turing", "--org", "Bletchley ISD", "--phone", "+1 512 555 0100")
    pln("add-contact", "Maya Lin", "--org", "Oak Elementary", "--email", "maya@oak.edu")
    env = Environment(db=store_url)
    at = _booth(env)
    _visit(
        env, at, name="alan turing", email="attacker@evil.example", org="Bletchley ISD", **CHOSEN
    )
    _visit(env, at, name="Maya Lin", email="maya.lin@gmail.example", org="Oak Elementary", **CHOSEN)
    people = {(p["name"], p["email"]) for p in pln.json("list")}
    assert people == {
        ("Alan Turing", None),
        ("alan turing", "attacker@evil.example"),
        ("Maya Lin", "maya@oak.edu"),
        ("Maya Lin", "maya.lin@gmail.example"),
    }
    assert pln.json("show", "1")["emails"] == []


def test_without_consent_nothing_is_kept(pln: Pln, store_url: str) -> None:
    _setup(pln)
    env = Environment(db=store_url)
    assert _visit(env, _booth(env), resource="1", invite="yes") is None
    assert pln.json("list") == []
    assert _consents(env) == []


def test_an_unknown_event_or_resource_is_named_before_serving(pln: Pln, store_url: str) -> None:
    _setup(pln)
    with Environment(db=store_url).reading() as reader:
        with pytest.raises(NotFound, match="TCEA"):
            visitors.booth(reader, "TCEA")
        with pytest.raises(NotFound, match="Slides"):
            visitors.booth(reader, "fall cue", ["Slides"])
        with pytest.raises(NotFound):
            visitors.booth(reader, "fall cue", invite="Spring Summit")


def test_a_visitor_joins_the_days_badge_scans_on_the_agenda(pln: Pln, store_url: str) -> None:
    _setup(pln)
    pln("import", "vcard", str(FIXTURES / "badge-scans.vcf"), "--met-at", "fall cue")
    env = Environment(db=store_url)
    contact_id = _visit(env, _booth(env), **CHOSEN)
    [line] = [i for i in pln.json("due") if i["kind"] == "met-no-follow-up"]
    assert line["title"].endswith("none followed up: Fall CUE")
    assert contact_id in {m["contact_id"] for m in line["group"]}
    assert len(line["group"]) == 9  # the eight scans and the visitor


def test_a_visitors_consent_goes_with_the_store_and_with_them(
    pln: Pln, store_url: str, tmp_path: Path
) -> None:
    _setup(pln)
    env = Environment(db=store_url)
    at = _booth(env)
    _visit(env, at, **CHOSEN)
    pln("export", "json", "-o", str(tmp_path / "all.json"))
    assert at.consent in (tmp_path / "all.json").read_text()
    pln("rm", "maya", "--yes")
    assert _consents(env) == []


def test_what_the_booth_recorded_is_no_follow_up_in_the_report_nor_for_the_guard(
    pln: Pln, store_url: str
) -> None:
    """The gift, the invitation and the answer taken at the kiosk are part of
    meeting them (one rule, `touch.follows_up_meeting`): the report counts no
    one followed up while listing them as waiting; the networker's own email
    afterwards, and a gift from the command line the day after, do count."""
    _setup(pln)
    env = Environment(db=store_url)
    at = _booth(env)
    maya = _visit(env, at, **CHOSEN)
    sean = _visit(env, at, name="Sean Li", email="sean@oak.edu", **CHOSEN)
    figures = pln.json("report", "--since", TODAY.isoformat())["strikeouts"]
    assert (figures["met"], figures["followed_up_in_window"]) == (2, 0)
    assert sorted(w["id"] for w in figures["waiting"]) == sorted([maya, sean])
    pln("log", "maya", "--kind", "email", "-m", "Great to meet you")
    next_day = Pln(day=TODAY + timedelta(days=1))
    next_day("give", "decodable pack", "sean", "-m", "as promised")
    figures = next_day.json("report", "--since", TODAY.isoformat())["strikeouts"]
    assert (figures["met"], figures["followed_up_in_window"]) == (2, 2)
    assert figures["waiting"] == []


def test_the_card_shows_the_consent_they_gave(
    pln: Pln, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`pln show` and `--json` say when, where and in what words someone
    consented, the latest first; the moment has its offset."""
    _setup(pln)
    env = Environment(db=store_url)
    at = _booth(env)
    contact_id = _visit(env, at, **CHOSEN)
    [given] = pln.json("show", str(contact_id))["consents"]
    assert (given["wording"], given["event"], given["source"]) == (at.consent, "Fall CUE", "kiosk")
    assert given["given_at"].startswith(f"{TODAY.isoformat()}T10:00")
    assert given["given_at"][19:] != ""  # its offset: a moment, not a local guess
    monkeypatch.setenv("COLUMNS", "300")
    card = pln("show", str(contact_id)).stdout
    assert f'consent       {TODAY.isoformat()} 10:00 at Fall CUE (kiosk): "I agree that' in card
    _visit(env, at, **CHOSEN)
    assert len(pln.json("show", str(contact_id))["consents"]) == 2
    assert "(+1 earlier)" in pln("show", str(contact_id)).stdout


def _congratulations(pln: Pln) -> list[str]:
    return [f["title"] for f in pln.json("follow-ups", "--all") if "new role" in f["title"]]


def test_a_visitor_sending_the_form_again_corrects_it_and_is_given_once(
    pln: Pln, store_url: str
) -> None:
    """A second submission the same day (a typo fixed, a double tap) corrects
    what the first recorded: no past role, nothing to congratulate, and the
    resource is given once (the report counts one gift)."""
    _setup(pln)
    env = Environment(db=store_url)
    at = _booth(env)
    first = _visit(env, at, org="Oak Elementary", role="Reading coah", **CHOSEN)
    assert _visit(env, at, org="Oak Elementary", role="Reading coach", **CHOSEN) == first
    card = pln.json("show", "maya")
    assert (card["role"], card["past_roles"]) == ("Reading coach", [])
    assert _congratulations(pln) == []
    assert [e["kind"] for e in card["timeline"]].count("gave") == 1
    assert pln.json("report", "--since", TODAY.isoformat())["resources"]["given"] == 1


def test_pln_give_twice_the_same_day_logs_one_gift(pln: Pln) -> None:
    _setup(pln)
    pln("add-contact", "Maya Lin", "--email", "maya@oak.edu")
    pln("give", "decodable pack", "maya")
    again = pln("give", "decodable pack", "maya")
    assert "Already given 'Decodable Pack' on " + TODAY.isoformat() in again.stderr
    assert "Gave" not in again.stdout
    assert pln.json("give", "decodable pack", "maya")["already"][0]["name"] == "Maya Lin"
    timeline = pln.json("show", "maya")["timeline"]
    assert [e["kind"] for e in timeline].count("gave") == 1
    tomorrow = Pln(day=TODAY + timedelta(days=1))
    assert "Gave" in tomorrow("give", "decodable pack", "maya").stdout  # another day: another


def test_the_booth_says_its_days_and_the_hosted_events_as_a_visitor_reads_them() -> None:
    from datetime import date, datetime, timezone

    from plncrm.store.schema import Event

    on = Booth(1, "Fall CUE", event_on=TODAY, event_ends=TODAY + timedelta(days=2))
    assert on.under_way(TODAY + timedelta(days=2))
    assert not on.under_way(TODAY + timedelta(days=3))
    assert on.dates() == "is 2026-11-29 to 2026-12-01"
    assert not Booth(1, "Fall CUE").under_way(TODAY)
    assert Booth(1, "Fall CUE").dates() == "has no date"
    webinar = Event(
        name="W",
        name_key="w",
        starts_on=date(2027, 1, 6),
        starts_at="16:00",
        tz="America/Chicago",
        created_at=datetime(2026, 11, 1, tzinfo=timezone.utc),
    )
    assert visitors.hosted_when(webinar, TODAY) == "Jan 6 16:00 America/Chicago"
    assert visitors.hosted_when(webinar, date(2025, 11, 1)) == "Jan 6, 2027 16:00 America/Chicago"
    assert Booth(1, "x", interests=("science-of-reading",)).label("science-of-reading") == (
        "science of reading"
    )


def test_the_limit_slows_one_client_without_locking_the_booth_out() -> None:
    from plncrm.web.kiosk import Limit

    limit = Limit(3, overall=2)
    assert [limit.allow("10.0.0.9") for _ in range(4)] == [True, True, True, False]
    assert limit.allow("10.0.0.2")  # the booth's tablet still gets through
    assert [limit.allow(f"10.0.1.{i}") for i in range(3)] == [True, True, False]  # 6 in all
