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
