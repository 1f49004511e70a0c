"""Finding people as they are typed, and timelines that can be true."""

from __future__ import annotations

import pytest

from helpers import Pln


@pytest.mark.parametrize(
    ("typed", "found"),
    [("dandre", "D'Andre Washington"), ("oconnell", "Conor O’Connell"), ("mary ann", "Mary-Ann Lee"),
     ("maryann", "Mary-Ann Lee"), ("jr", "Sam Jones Jr.")],
)  # fmt: skip
def test_a_name_part_ignores_punctuation_and_spacing(pln: Pln, typed: str, found: str) -> None:
    for name in ("D'Andre Washington", "Conor O’Connell", "Mary-Ann Lee", "Sam Jones Jr."):
        pln("add-contact", name)
    assert pln.json("show", typed)["name"] == found


def test_an_interaction_cannot_be_dated_in_the_future(pln: Pln) -> None:
    pln("add-contact", "Ana")
    result = pln("log", "ana", "-m", "webinar", "--on", "next month", ok=False)
    assert result.exit_code == 5
    assert "has not happened yet" in result.stderr
    assert "pln follow-up" in result.stderr
    assert pln.json("show", "ana")["timeline"] == []
    pln("log", "ana", "-m", "coffee", "--on", "today")
    assert [i["note"] for i in pln.json("show", "ana")["timeline"]] == ["coffee"]


def test_every_reply_names_the_task_and_whom_it_is_about(pln: Pln) -> None:
    pln("add-contact", "Priya Natarajan")
    pln("follow-up", "priya", "send the slides", "--due", "2026-12-08")
    pln("follow-up", "--no-contact", "write the newsletter", "--due", "2026-12-08")
    assert pln("snooze", "1", "--until", "2026-12-10").stdout.strip() == (
        "Snoozed #1 until 2026-12-10: send the slides (Priya Natarajan)"
    )
    assert pln("done", "1").stdout.strip() == "Done #1: send the slides (Priya Natarajan)"
    assert pln("cancel", "2").stdout.strip() == "Cancelled #2: write the newsletter"


def test_snoozing_to_before_the_due_date_is_refused_not_claimed(pln: Pln) -> None:
    pln("add-contact", "Ana")
    pln("follow-up", "ana", "call", "--due", "2026-12-08")
    result = pln("snooze", "1", "--until", "2026-12-03", ok=False)
    assert result.exit_code == 5
    assert "not due until 2026-12-08" in result.stderr
    assert result.stdout == ""
    assert pln.json("follow-ups")[0]["status"] == "open"
