"""`--org` on `pln list` and `pln interactions` means the organisation: any
spelling imports would take for it (short forms, acronyms, a typo), words of
its name as written, and an organisation pln does not know is an error naming
the closest ones, not an empty list (issue 31)."""

from __future__ import annotations

import pytest

from helpers import Pln


@pytest.fixture
def districts(pln: Pln) -> Pln:
    pln("add-contact", "Ana Ruiz", "--org", "Oswego Community Unit School District 308")
    pln("add-contact", "Li Wu", "--org", "Naperville CUSD 203")
    pln("add-contact", "Sam Roe", "--org", "Chicago Public Schools")
    for who in ("Ana Ruiz", "Li Wu", "Sam Roe"):
        pln("log", who, "-m", f"Coffee with {who}")
    return pln


def _listed(pln: Pln, org: str) -> list[str]:
    return sorted(c["name"] for c in pln.json("list", "--org", org))


def _met(pln: Pln, org: str) -> list[str]:
    return sorted(w["name"] for i in pln.json("interactions", "--org", org) for w in i["with"])


@pytest.mark.parametrize(
    ("org", "who"),
    [
        ("Oswego CUSD 308", "Ana Ruiz"),  # a short form
        ("oswego community unit school district 308", "Ana Ruiz"),
        ("Naperville Community Unit School District 203", "Li Wu"),
        ("Napervile CUSD 203", "Li Wu"),  # mistyped, as imports read it
        ("CPS", "Sam Roe"),  # an acronym
        ("oswego", "Ana Ruiz"),  # words of its name
    ],
)
def test_org_means_the_organisation(districts: Pln, org: str, who: str) -> None:
    assert _listed(districts, org) == [who]
    assert _met(districts, org) == [who]


@pytest.mark.parametrize("command", ["list", "interactions"])
def test_an_unknown_organisation_is_an_error_naming_the_closest(
    districts: Pln, command: str
) -> None:
    refused = districts(command, "--org", "Oswego CUSD 380", ok=False)  # another district
    assert refused.exit_code == 3
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "no organisation is called 'Oswego CUSD 380'" in refused.stderr
    assert "did you mean 'Oswego Community Unit School District 308'" in refused.stderr
    nothing = districts(command, "--org", "Zyxwv", ok=False)
    assert nothing.exit_code == 3
    assert "did you mean" not in nothing.stderr
