"""What a new user found after a hosted event (issue 31): the small things
that made `pln` say one thing and do another."""

from __future__ import annotations

from helpers import Pln


def test_list_takes_n_as_limit_as_interactions_and_orgs_do(pln: Pln) -> None:
    for who in ("Ana Lima", "Ben Okafor", "Carla Diaz"):
        pln("add-contact", who)
    out = pln("list", "-n", "2").stdout
    assert "Ana Lima" in out
    assert "Ben Okafor" in out
    assert "Carla Diaz" not in out
    assert "Showing 2 of 3" in out
    assert [c["name"] for c in pln.json("search", "a", "-n", "1")] == ["Ana Lima"]
