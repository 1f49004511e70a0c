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


def test_a_known_visitor_is_updated_never_duplicated_nor_overwritten(
    pln: Pln, store_url: str
) -> None:
    _setup(pln)
    pln("add-contact", "Maya Lin-Park", "--email", "MAYA@oak.edu", "--org", "Oak Elementary")
    env = Environment(db=store_url)
    at = _booth(env)
    known = pln.json("show", "maya")["id"]
    assert _visit(env, at, name="Maya Lin", role="Reading coach", **CHOSEN) == known
    assert len(pln.json("list")) == 1
    card = pln.json("show", "maya")
    assert card["name"] == "Maya Lin-Park"  # what is stored stays as it is
    assert card["role"] == "Reading coach"  # what it lacked is filled in
    assert any(e["note"] == "Met at Fall CUE" for e in card["timeline"])
    assert [t["status"] for t in pln.json("follow-ups") if t["contact"]["id"] == known] == ["open"]
    assert _visit(env, at, **CHOSEN) == known  # twice: still one, consent kept each time
    assert len(pln.json("list")) == 1
    assert len(_consents(env)) == 2


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


STORED = [
    ("Dr. Stephanie Hale", "--org", "Oakridge High"),
    ("Bernadette Walsh", "--aka", "Bernie"),
    ("Seán O’Malley", "--org", "St. Mary’s"),
    ("William Smith", "--org", "Riverside USD"),
    ("Bill", "--org", "Lakeside Elementary"),
    ("Maria Garcia", "--email", "maria@a.org"),
    ("Maria Garcia", "--new", "--email", "mg@b.org"),
    ("田中 浩", "--aka", "Hiroshi Tanaka"),
    ("José Núñez", "--org", "CPS"),
    ("Grace Hopper", "--email", "office@school.org"),
    ("Ana Lima-Park", "--given", "Ana", "--family", "Lima-Park"),
    ("Katherine Johnson", "--org", "Langley Elementary"),
]
VISITORS = [
    ("Stephanie Hale, Ed.D.", "s.hale@oak.org", "Oakridge High School"),
    ("Bernie Walsh", "bw@x.org", None),
    ("Sean O'Malley", "som@x.org", "St. Mary's"),
    ("Bill Smith", "bs@x.org", "Riverside Unified School District"),
    ("William", "w@lakeside.org", "Lakeside Elementary"),
    ("Maria Garcia", "maria@a.org", None),
    ("Maria Garcia", "other@c.org", None),
    ("Hiroshi Tanaka", "ht@x.org", None),
    ("Jose Nunez", "jn@x.org", "Chicago Public Schools"),
    ("Tom Reed", "office@school.org", None),
    ("Ms. Grace Hopper (she/her)", "gh@x.org", None),
    ("Ana Lima Park", "alp@x.org", None),
    ("🙂", "smile@x.org", None),
    ("Kate Johnson", "kj@x.org", "Langley Elementary"),
]


class _Undone(Exception):
    pass


def test_a_visitor_is_matched_as_against_the_whole_store(pln: Pln, store_url: str) -> None:
    """Reading only the contacts a visitor could be (`visitors.likely`) matches
    exactly as reading everyone does: credentials, nicknames, other names,
    apostrophes, accents, namesakes and a shared address alike."""
    from plncrm.importers.apply import apply
    from plncrm.importers.records import Record
    from plncrm.importers.visitors import likely

    for name, *more in STORED:
        pln("add-contact", name, *more)
    env = Environment(db=store_url)

    def whom(name: str, email: str, org: str | None, narrow: bool) -> tuple[set[int], bool]:
        card = Record(line=1, name=name, emails=[email], org=org)
        try:
            with env.writing() as db:
                among = likely(db, Record(line=1, name=name, emails=[email], org=org))
                report = apply(db, [card], today=TODAY, among=among if narrow else None)
                raise _Undone((report.known_ids, among is not None))
        except _Undone as undone:
            return undone.args[0]  # type: ignore[no-any-return]

    matched = 0
    for name, email, org in VISITORS:
        everyone, _ = whom(name, email, org, narrow=False)
        some, narrowed = whom(name, email, org, narrow=True)
        assert some == everyone, name
        assert narrowed == (name != "🙂"), name
        matched += bool(everyone)
    assert matched >= 7  # credentials, a given aka, apostrophes, nicknames, accents


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


def test_a_job_change_at_the_kiosk_is_one_whatever_is_corrected_after(
    pln: Pln, store_url: str
) -> None:
    """Known from last month as a teacher: her new role at the kiosk is a job
    change (the old one kept, congratulated once); her typo fixed a minute
    later corrects today's role and leaves the past one as it was."""
    _setup(pln)
    last_month = Pln(day=TODAY - timedelta(days=30))
    last_month("add-contact", "Maya Lin", "--email", "maya@oak.edu", "--role", "Teacher")
    pln("edit", "maya", "--org", "Oak Elementary")  # today, by hand: no kiosk's typo
    env = Environment(db=store_url)
    at = _booth(env)
    _visit(env, at, org="Elm Middle School", role="Reading coah", **CHOSEN)
    _visit(env, at, org="Elm Middle School", role="Reading coach", **CHOSEN)
    card = pln.json("show", "maya")
    assert (card["org"], card["role"]) == ("Elm Middle School", "Reading coach")
    assert card["past_roles"] == [f"Teacher at Oak Elementary (until {TODAY.isoformat()})"]
    assert _congratulations(pln) == ["Congratulate Maya Lin on the new role at Elm Middle School"]


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
