"""What a new user met walking a booth week with the commands the pocket
agenda shares code with: a meeting dated today while the event is under way,
namesakes never guessed between, and a snoozed group of people met that
holds only those it held when it was snoozed."""

from __future__ import annotations

from datetime import timedelta

from helpers import TODAY, Pln

DAY = timedelta(days=1)


def _iste(pln: Pln) -> None:
    """ISTE Live, under way: it began yesterday and ends in two days."""
    start, end = (TODAY - DAY).isoformat(), (TODAY + 2 * DAY).isoformat()
    pln("event", "add", "ISTE Live", "--on", start, "--until", end)


def test_someone_met_at_an_event_under_way_is_met_today(pln: Pln) -> None:
    _iste(pln)
    pln("event", "add", "Fall CUE", "--on", (TODAY - 9 * DAY).isoformat())
    pln("add-contact", "Priya Raman", "--met-at", "ISTE Live")
    assert pln.json("show", "priya")["met_on"] == TODAY.isoformat()
    pln("add-contact", "Ana Lima", "--met-at", "Fall CUE")  # over: its first day, as before
    assert pln.json("show", "ana")["met_on"] == (TODAY - 9 * DAY).isoformat()
    # Met again there (known already): the touchpoint is today's too.
    said = pln("add-contact", "Ana Lima", "--met-at", "ISTE Live").stdout
    assert "met again at ISTE Live" in said
    again = [i for i in pln.json("show", "ana")["timeline"] if i["note"] == "Met at ISTE Live"]
    assert [i["date"] for i in again] == [TODAY.isoformat()]
    met = pln.json("event", "show", "ISTE Live")["met"]
    assert {(c["name"], c["met_on"]) for c in met} == {
        ("Priya Raman", TODAY.isoformat()),
        ("Ana Lima", TODAY.isoformat()),
    }


def test_namesakes_are_never_guessed_between(pln: Pln) -> None:
    _iste(pln)
    pln("add-contact", "Sarah Miller", "--org", "Lincoln High")
    pln("add-contact", "Sarah Miller", "--org", "Oak Elementary")  # another school: another one
    for met in ([], ["--met-at", "ISTE Live"]):
        refused = pln("add-contact", "Sarah Miller", *met, ok=False)
        assert refused.exit_code == 4, refused.stderr
        assert "#1 Sarah Miller (Lincoln High); #2 Sarah Miller (Oak Elementary)" in (
            refused.stderr
        )
        assert "met again" not in refused.stdout
    assert pln.json("event", "show", "ISTE Live")["met"] == []
    # Her school tells them apart: met again, the one at Lincoln High.
    said = pln("add-contact", "Sarah Miller", "--org", "Lincoln High", "--met-at", "ISTE Live")
    assert "Sarah Miller (#1) is already in your network: met again" in said.stdout
    pln("add-contact", "Sarah Miller", "--new")
    assert len(pln.json("list", "--text", "sarah")) == 3
