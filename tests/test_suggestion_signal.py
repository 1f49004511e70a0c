"""Suggestions with signal: what six weeks of a partnerships lead's network
suggested without it ("Both tagged linkedin (34 people)", the booth's tag, a
pair who had lunch together, "partner districts" never meeting "partnerships").

The CLI tests run on SQLite and, with PLN_TEST_PG, on PostgreSQL."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from helpers import Pln
from plncrm.matchmaking.rank import Candidate, is_rare, suggest
from plncrm.util.text import keywords, stem

TODAY = date(2026, 11, 29)
RECENT = date(2026, 11, 1)

NEED = "partner districts for a research study"
OFFER = "regional research partnerships"


def m(
    id: int,
    name: str,
    needs: tuple[str, ...] = (),
    offers: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
) -> Candidate:
    return Candidate(
        id=id,
        name=name,
        needs=tuple((n, keywords(n)) for n in needs),
        offers=tuple((o, keywords(o)) for o in offers),
        groups=frozenset(groups),
        last_contacted=RECENT,
    )


def pairs(found: list) -> set[frozenset[str]]:  # type: ignore[type-arg]
    return {frozenset((s.a.name, s.b.name)) for s in found}


def reasons(found: list) -> list[str]:  # type: ignore[type-arg]
    return [r for s in found for r in s.reasons]


# --- stemming: one Snowball stemmer on both sides -------------------------------


def test_snowball_stems_and_brings_derived_nouns_to_their_root() -> None:
    assert stem("partnerships") == stem("partners") == stem("partner")
    assert stem("studies") == stem("study")
    assert stem("regional") == stem("region")  # Snowball's, which the old stemmer lacked
    assert stem("teacher") == stem("teaching") == stem("teachers")
    assert stem("writer") == stem("writing")
    assert stem("mentorship") == stem("mentoring")
    assert stem("user") != stem("us")  # too short to be an agent noun
    assert keywords(NEED) == {stem("partner"), "district", "research", "studi"}
    assert keywords(NEED) & keywords(OFFER) == {stem("partner"), "research"}


def test_partner_districts_meet_regional_research_partnerships() -> None:
    people = [
        m(1, "Lena Ortiz", needs=(NEED,)),
        m(2, "Raj Patel", offers=(OFFER,)),
        m(3, "Cy Park", offers=("math coaching", "grant writing")),
        m(4, "Di Chen", needs=("a grant writer for our STEM program",)),
        m(5, "Eve Stone", offers=("district data dashboards",)),
    ]
    found = suggest(people, TODAY)
    top = [s for s in found if {s.a.name, s.b.name} == {"Lena Ortiz", "Raj Patel"}]
    assert top, [(s.a.name, s.b.name) for s in found]
    assert top[0].a.name == "Lena Ortiz"
    assert top[0].reasons[0] == f"Lena Ortiz needs: {NEED}; Raj Patel offers: {OFFER}"
    assert frozenset(("Di Chen", "Cy Park")) in pairs(found)  # "writer" meets "writing"


# --- tags that say nothing --------------------------------------------------------


def test_a_tag_on_more_than_a_tenth_of_the_network_is_no_reason() -> None:
    everyone = [m(i, f"P{i:02}") for i in range(1, 41)]  # 40 people
    tagged = [
        m(p.id, p.name, groups=("tag:k12",) * (p.id <= 5) + ("tag:robotics",) * (p.id <= 2))
        for p in everyone
    ]
    found = suggest(tagged, TODAY, limit=100)
    assert "both tagged robotics (2 people)" in reasons(found)
    assert not any("k12" in r for r in reasons(found))  # 5 of 40: under the cap of 40, too common
    assert frozenset(("P03", "P04")) not in pairs(found)
    assert is_rare("tag:k12", 4, 40)
    assert not is_rare("tag:k12", 5, 40)
    assert not is_rare("tag:big", 41, 10_000)  # the absolute cap still holds
    assert is_rare("tag:math", 2, 6)  # a small network still pairs a tag of two
    assert is_rare("community:edchat", 30, 40)  # a community is joined on purpose


def test_an_import_tag_is_no_reason_however_rare() -> None:
    people = [m(i, f"P{i:02}", groups=("tag:booth",) * (i <= 3)) for i in range(1, 41)]
    assert pairs(suggest(people, TODAY))  # 3 of 40 would be a reason...
    assert suggest(people, TODAY, quiet=frozenset({"booth"})) == []  # ...were it not an import's


def _linkedin(path: Path, rows: int) -> Path:
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice…"',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        lines.append(
            f"Member{i},Lastname{i},https://www.linkedin.com/in/member-{i},"
            f"m{i}@district{i}.org,District {i},Principal,14 Oct 2026"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def _booth(path: Path) -> Path:
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["Name", "Email", "Organization", "Notes"])
        out.writerow(["Alma Reyes", "areyes@d204.org", "Indian Prairie SD 204", "K-2 pilot"])
        out.writerow(["Tom Hale", "thale@cusd300.org", "CUSD 300", "wants pricing"])
        out.writerow(["Kim Vo", "kvo@sd25.org", "Arlington Heights SD 25", "webinar?"])
    return path


def test_import_tags_are_remembered_and_never_a_reason(pln: Pln, tmp_path: Path) -> None:
    pln("import", "linkedin", str(_linkedin(tmp_path / "Connections.csv", 34)), "--tag", "linkedin")
    pln("import", "csv", str(_booth(tmp_path / "booth.csv")), "--tag", "Booth", "--tag", "ISTE")
    for who in ("Ana Lima", "Ben Ode"):
        pln("add-contact", who, "--tag", "robotics")
    assert json.loads(pln("config", "import-tags", "--json").stdout) == {
        "import-tags": "linkedin,booth,iste"
    }
    found = pln.json("suggest", "--limit", "50")
    said = [r for s in found for r in s["reasons"]]
    assert "both tagged robotics (2 people)" in said  # a hand-set tag of two still counts
    assert not [r for r in said if "linkedin" in r or "booth" in r or "iste" in r], said
    booth = {"Alma Reyes", "Tom Hale", "Kim Vo"}
    assert not [s for s in found if {s["a"]["name"], s["b"]["name"]} <= booth]
    pln("import", "csv", str(_booth(tmp_path / "again.csv")), "--tag", "booth")
    assert pln.json("config", "import-tags")["import-tags"] == "linkedin,booth,iste"


# --- people already together ---------------------------------------------------


def test_a_pair_logged_together_is_not_suggested(pln: Pln) -> None:
    pln("add-contact", "Lena Ortiz", "--org", "Hinsdale CCSD 181", "--needs", NEED)
    pln("add-contact", "Raj Patel", "--org", "Regional Office of Education", "--offers", OFFER)
    pln("add-contact", "Mo Reed", "--org", "Lumen Labs", "--offers", "research partnerships")
    pln("add-contact", "Sue Ito", "--org", "Lumen Labs", "--offers", "poetry workshops")
    for who in ("raj", "mo", "sue"):  # partners are found among those you are in touch with
        pln("log", who, "--kind", "email", "--on", "2026-11-02")
    found = pln.json("suggest", "--for", "lena")
    assert {(s["a"]["name"], s["b"]["name"]) for s in found} == {
        ("Lena Ortiz", "Raj Patel"),
        ("Lena Ortiz", "Mo Reed"),
    }
    [raj] = [s for s in found if s["b"]["name"] == "Raj Patel"]
    assert raj["reasons"][0] == f"Lena Ortiz needs: {NEED}; Raj Patel offers: {OFFER}"
    pln("log", "lena", "raj", "-m", "lunch at the state conference", "--on", "2026-11-20")
    after = [(s["a"]["name"], s["b"]["name"]) for s in pln.json("suggest")]
    assert ("Lena Ortiz", "Raj Patel") not in after
    assert ("Lena Ortiz", "Mo Reed") in after
    # Being at the same event, or in a large bulk log, is not having met.
    pln("event", "add", "Fall CUE", "--on", "2026-11-21")
    pln("log", "lena", "mo", "--at", "Fall CUE", "--on", "2026-11-21")
    assert ("Lena Ortiz", "Mo Reed") in [
        (s["a"]["name"], s["b"]["name"]) for s in pln.json("suggest")
    ]
