"""The pocket agenda in a real Chromium at a phone's 360×740 viewport: sign
in by the printed link, see today's agenda, mark a line done, add someone
met at today's event, log a chat; each checked in the store afterwards."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import TODAY, Pln
from web_servers import pln_serve

expect: Any = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.slow


def _store(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--email", "maya@example.org", "--org", "Quarry")
    pln("add-contact", "Ana Lima", "--org", "Lakeside USD")
    pln("follow-up", "maya", "send the slides", "--due", "today")
    pln("event", "add", "Fall CUE", "--on", "today")


def _fits(page: Any) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_pocket_agenda_on_a_phone(pln: Pln, phone: Any) -> None:
    _store(pln)
    with pln_serve() as served:
        phone.goto(served.url)
        expect(phone).to_have_url(served.base + "/")  # the token is gone from the address bar
        expect(phone.get_by_role("heading", name=f"Agenda for {TODAY}")).to_be_visible()
        line = phone.locator("#line-1")
        assert "Maya Okafor" in line.inner_text()
        assert "send the slides" in line.inner_text()
        _fits(phone)

        line.get_by_role("button", name="Done").click()
        expect(phone.get_by_role("status")).to_have_text("Done #1: send the slides (Maya Okafor)")
        expect(phone.locator("#line-1")).to_have_count(0)

        phone.get_by_role("link", name="Add").click()
        expect(phone.get_by_label("Met at (event)")).to_have_value("Fall CUE")
        phone.get_by_label("Name").fill("Grace Hopper")
        phone.get_by_label("Email").fill("grace@example.org")
        phone.get_by_label("Role").fill("Coach")
        phone.get_by_label("Tags (separated by commas)").fill("math, coaching")
        phone.get_by_label("Note").fill("wants the decodables")
        _fits(phone)
        phone.get_by_role("button", name="Add").click()
        expect(phone.get_by_role("status")).to_contain_text("Added Grace Hopper (#3)")

        phone.get_by_role("link", name="Log").click()
        phone.get_by_label("Who (a name, an email or an id)").fill("ana")
        phone.get_by_label("What kind").select_option("chat")
        phone.get_by_label("What happened").fill("talked about the pilot")
        phone.get_by_role("button", name="Log").click()
        expect(phone.get_by_role("status")).to_have_text(f"Logged chat on {TODAY} with Ana Lima")

        phone.get_by_role("link", name="Search").click()
        phone.get_by_label("Words in names, organisations, notes, needs, offers, tags").fill(
            "decodables"
        )
        phone.get_by_role("button", name="Search").click()
        phone.get_by_role("link", name="Grace Hopper").click()
        expect(phone.get_by_role("heading", name="Grace Hopper #3")).to_be_visible()
        expect(phone.locator("dl")).to_contain_text("Fall CUE")
        _fits(phone)

    assert pln.json("follow-ups", "--all")[0]["status"] == "done"
    grace = pln.json("show", "3")
    assert grace["emails"] == ["grace@example.org"]
    assert grace["role"] == "Coach"
    assert sorted(grace["tags"]) == ["coaching", "math"]
    assert grace["met_at"] == "Fall CUE"
    assert grace["notes"] == "wants the decodables"
    ana = pln.json("show", "2")["timeline"]
    assert [(t["kind"], t["note"], t["date"]) for t in ana] == [
        ("chat", "talked about the pilot", TODAY.isoformat())
    ]


def test_every_field_is_labelled_and_every_button_big_enough(pln: Pln, phone: Any) -> None:
    """Readable and usable on a phone: each input has a label, each tap target
    is at least 44 px high, and at 200% zoom the agenda still fits its width."""
    _store(pln)
    with pln_serve() as served:
        phone.goto(served.url)
        for path in ("/", "/add", "/log", "/search"):
            phone.goto(served.base + path)
            unlabelled = phone.evaluate(
                """() => [...document.querySelectorAll(
                        'input:not([type=hidden]), select, textarea')]
                    .filter(e => !e.labels || e.labels.length === 0).map(e => e.name)"""
            )
            assert unlabelled == [], (path, unlabelled)
            small = phone.evaluate(
                """() => [...document.querySelectorAll('button, nav a')]
                    .filter(e => e.getBoundingClientRect().height < 44).map(e => e.textContent)"""
            )
            assert small == [], (path, small)
        phone.goto(served.base + "/")
        phone.evaluate("document.documentElement.style.fontSize = '200%'")
        _fits(phone)
        expect(phone.get_by_role("button", name="Done").first).to_be_visible()
