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
