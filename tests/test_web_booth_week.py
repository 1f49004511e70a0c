"""What a new user met walking a booth week with the pocket agenda, over real
HTTP: a meeting dated today while the event is under way, namesakes listed
to pick from (never guessed between), the card showing what `pln show` does,
a group line naming its people, and right-to-left names isolated."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from helpers import TODAY, Pln
from web_client import Client
from web_servers import pln_serve

pytestmark = pytest.mark.slow

DAY = timedelta(days=1)


def _iste(pln: Pln) -> None:
    """ISTE Live, under way: it began yesterday and ends in two days."""
    start, end = (TODAY - DAY).isoformat(), (TODAY + 2 * DAY).isoformat()
    pln("event", "add", "ISTE Live", "--on", start, "--until", end)


def test_quick_add_dates_the_meeting_today_and_never_guesses_a_namesake(pln: Pln) -> None:
    _iste(pln)
    pln("add-contact", "Sarah Miller", "--org", "Lincoln High")
    pln("add-contact", "Sarah Miller", "--org", "Oak Elementary")
    with pln_serve() as served:
        owner = Client(served.base)
        owner.sign_in(served.path)
        form = owner.get("/add")
        assert 'value="ISTE Live"' in form.body
        token = form.csrf
        added = owner.follow(
            owner.post("/add", {"name": "Priya Raman", "met_at": "ISTE Live", "csrf": token})
        )
        assert "Added Priya Raman (#3)" in added.said
        sarah = {"name": "Sarah Miller", "met_at": "ISTE Live", "csrf": token}
        which = owner.post("/add", sarah)
        assert which.status == 409
        assert "#1 Sarah Miller (Lincoln High); #2 Sarah Miller (Oak Elementary)" in which.said
        assert re.search(r'type="radio" id="same-1"\s+name="same" value="1"', which.body)
        assert 'name="same" value="2"' in which.body
        assert 'name="new"' in which.body  # or someone else
        assert owner.post("/add", {**sarah, "same": "3"}).status == 400  # not one offered
        picked = owner.follow(owner.post("/add", {**sarah, "same": "2"}))
        assert "Sarah Miller (#2) is already in your network: met again at ISTE" in picked.said
    assert pln.json("show", "priya")["met_on"] == TODAY.isoformat()
    met = pln.json("event", "show", "ISTE Live")["met"]
    assert sorted((c["id"], c["met_on"]) for c in met) == [
        (2, TODAY.isoformat()),
        (3, TODAY.isoformat()),
    ]


FATIMA = "فاطمة الزهراء"


def test_the_card_shows_what_pln_show_does_with_done_on_each_follow_up(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--needs", "decodable readers for grade 1")
    pln("follow-up", "maya", "send the slides", "--due", "today")
    pln("follow-up", "maya", "ask about the pilot", "--due", "friday")
    link = "https://ex.org/d"
    pln("resource", "add", "Decodable Pack", "--link", link, "--for", "decodable readers")
    shown = pln.json("show", "maya")
    assert [f["id"] for f in shown["follow_ups"]] == [1, 2]
    assert [r["name"] for r in shown["resources_for_needs"]] == ["Decodable Pack"]
    with pln_serve() as served:
        owner = Client(served.base)
        owner.sign_in(served.path)
        card = owner.get("/contact/1")
        for task in shown["follow_ups"]:
            assert f'id="task-{task["id"]}"' in card.body
            assert f"<bdi>{task['title']}</bdi>" in card.body
        assert card.body.count('aria-label="Done: ') == 2
        assert '<a href="https://ex.org/d" rel="noreferrer"><bdi>Decodable Pack</bdi></a>' in (
            card.body
        )
        assert "for <bdi>decodable readers for grade 1</bdi>" in card.body
        done = owner.post("/done", {"handle": "1", "back": "/contact/1", "csrf": card.csrf})
        assert done.header("location") == "/contact/1"  # back to the card it was pressed on
        again = owner.follow(done)
        assert again.said == "Done #1: send the slides (Maya Okafor)"
        assert 'id="task-1"' not in again.body
        assert 'id="task-2"' in again.body
        elsewhere = owner.post(
            "/done", {"handle": "2", "back": "//evil.example", "csrf": card.csrf}
        )
        assert elsewhere.header("location") == "/"
    assert [f["status"] for f in pln.json("follow-ups", "--all")] == ["done", "done"]


def test_a_group_line_names_its_people_and_right_to_left_names_are_isolated(pln: Pln) -> None:
    _iste(pln)
    for name in ("Ana Lima", "Ben Ode", "Cy Park", "Di Roy", FATIMA):
        pln("add-contact", name, "--met-at", "ISTE Live")
    pln("follow-up", "5", "send the slides", "--due", "today")
    with pln_serve() as served:
        owner = Client(served.base)
        agenda = owner.sign_in(served.path)
        group = agenda.body.split('id="line-m1"')[1].split("</li>")[0]
        assert "pln event follow-up" not in group  # a terminal's command, no use on a phone
        for number, name in enumerate(("Ana Lima", "Ben Ode", "Cy Park", "Di Roy"), start=1):
            assert f'<a href="/contact/{number}"><bdi>{name}</bdi></a>' in group
        assert f'<a href="/contact/5"><bdi>{FATIMA}</bdi></a>' in group
        # The name beside its number, its handle or other words is isolated.
        assert f'<bdi class="bold">{FATIMA}</bdi>' in agenda.body.split('id="line-6"')[1]
        card = owner.get("/contact/5")
        assert f'<h1><bdi>{FATIMA}</bdi> <span class="dim">#5</span></h1>' in card.body
        found = owner.get("/search?q=%D9%81%D8%A7%D8%B7%D9%85%D8%A9")
        assert f'<a class="who" href="/contact/5"><bdi>{FATIMA}</bdi></a>' in found.body
        logged = owner.post("/log", {"ref": "5", "kind": "chat", "csrf": agenda.csrf})
        said = owner.follow(logged).said_markup
        assert said == f"Logged chat on {TODAY} with <bdi>{FATIMA}</bdi>"


def test_snoozing_a_group_on_the_phone_holds_whom_it_held(pln: Pln) -> None:
    _iste(pln)
    for name in ("Ana Lima", "Ben Ode", "Cy Park", "Di Roy", "Ed Sun"):
        pln("add-contact", name, "--met-at", "ISTE Live")
    with pln_serve() as served:
        owner = Client(served.base)
        token = owner.sign_in(served.path).csrf
        snoozed = owner.follow(
            owner.post("/snooze", {"handle": "m1", "until": "in 3 days", "csrf": token})
        )
        later = (TODAY + 3 * DAY).isoformat()
        assert snoozed.said == (
            f"Snoozed m1 until {later}: everyone met at ISTE Live still waiting (5 people)"
        )
        owner.post("/add", {"name": "Gus Vale", "met_at": "ISTE Live", "csrf": token})
        agenda = owner.get("/")
        assert 'id="line-m1-snoozed"' in agenda.body  # under Coming up, its people named
        assert agenda.body.index("<h2>Coming up</h2>") < agenda.body.index('id="line-m1-snoozed"')
        assert 'id="line-m1"' not in agenda.body
        assert '<bdi class="bold">Gus Vale</bdi>' in agenda.body  # met since: shown today
        back = owner.follow(
            owner.post("/snooze", {"handle": "m1", "until": "today", "csrf": token})
        )
        assert back.said.startswith("Back on the agenda today: m1")
        assert 'id="line-m1"' in back.body
        assert "6 people met today" in back.body
