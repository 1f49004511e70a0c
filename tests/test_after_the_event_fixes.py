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


def test_a_name_typed_with_its_accents_names_the_one_written_so(pln: Pln) -> None:
    pln("add-contact", "Siobhán O'Brien", "--email", "sobrien@oswego308.example")
    pln("add-contact", "Siobhan O'Brien", "--email", "siobhan.obrien@gmail.example", "--new")
    assert pln.json("show", "Siobhán O’Brien")["id"] == 1
    assert pln.json("show", "siobhan o'brien")["id"] == 2
    out = pln("merge", "Siobhán O'Brien", "siobhan.obrien@gmail.example", "--yes").stdout
    assert "Siobhán O'Brien" in out
    [kept] = pln.json("list")
    assert kept["name"] == "Siobhán O'Brien"


def test_two_named_exactly_alike_stay_an_error(pln: Pln) -> None:
    pln("add-contact", "Siobhán O'Brien", "--email", "a@school.example")
    pln("add-contact", "Siobhán O'Brien", "--email", "b@school.example", "--new")
    pln("add-contact", "Siobhan O'Brien", "--email", "c@school.example", "--new")
    failed = pln("show", "Siobhán O'Brien", ok=False)
    assert failed.exit_code == 4
    assert "3 contacts are named" in failed.stderr
