from __future__ import annotations

from datetime import date

from plncrm.matchmaking.rank import Candidate, suggest
from plncrm.util.text import keywords

TODAY = date(2026, 11, 29)
RECENT = date(2026, 11, 1)


def m(
    id: int,
    name: str,
    needs: tuple[str, ...] = (),
    offers: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
    org: str | None = None,
    last: date | None = RECENT,
) -> Candidate:
    return Candidate(
        id=id,
        name=name,
        org=org,
        needs=tuple((n, keywords(n)) for n in needs),
        offers=tuple((o, keywords(o)) for o in offers),
        groups=frozenset(groups),
        last_contacted=last,
    )


def names(found: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(s.a.name, s.b.name) for s in found]


NETWORK = [
    m(1, "Ana", needs=("coaching for new math teachers",), groups=("tag:math", "tag:teacher")),
    m(2, "Ben", offers=("math coaching",), groups=("tag:math", "tag:teacher")),
    m(3, "Cy", offers=("grant writing",), groups=("community:edchat", "tag:teacher")),
    m(
        4,
        "Di",
        needs=("a grant writer for our STEM program",),
        groups=("community:edchat", "tag:teacher"),
    ),
    m(5, "Eve", offers=("poetry workshops",), groups=("tag:teacher",)),
    m(6, "Fay", groups=("community:edchat", "tag:teacher")),
]


def test_needs_offers_match_comes_first_with_its_reason() -> None:
    found = suggest(NETWORK, TODAY)
    assert names(found)[:2] == [("Ana", "Ben"), ("Di", "Cy")]
    assert (
        found[0].reasons[0]
        == "Ana needs: coaching for new math teachers; Ben offers: math coaching"
    )
    assert "both tagged math (2 people)" in found[0].reasons
    assert (
        found[1].reasons[0]
        == "Di needs: a grant writer for our STEM program; Cy offers: grant writing"
    )


def test_a_tag_everyone_shares_adds_nothing_but_a_rare_community_does() -> None:
    found = {(s.a.name, s.b.name): s for s in suggest(NETWORK, TODAY, limit=50)}
    assert not any("tagged teacher" in r for s in found.values() for r in s.reasons)
    assert "both in community edchat (3 people)" in found[("Cy", "Fay")].reasons
    assert found[("Cy", "Fay")].score < found[("Di", "Cy")].score


def test_existing_declined_and_same_org_pairs_are_skipped() -> None:
    assert ("Ana", "Ben") not in names(suggest(NETWORK, TODAY, excluded={(2, 1)}))
    same = [
        m(1, "Ana", needs=("math coaching",), org="lumen"),
        m(2, "Ben", offers=("math coaching",), org="lumen"),
    ]
    assert suggest(same, TODAY) == []
    assert names(suggest(same, TODAY, same_org=True)) == [("Ana", "Ben")]


def test_focus_limits_to_one_person_both_ways() -> None:
    assert names(suggest(NETWORK, TODAY, focus=3)) == [("Di", "Cy"), ("Cy", "Fay")]
    assert names(suggest(NETWORK, TODAY, focus=1)) == [("Ana", "Ben")]


def test_recency_prefers_people_you_are_in_touch_with() -> None:
    warm = [m(1, "Ana", needs=("math coaching",)), m(2, "Ben", offers=("math coaching",))]
    cold = [
        m(1, "Ana", needs=("math coaching",), last=None),
        m(2, "Ben", offers=("math coaching",), last=None),
    ]
    [w], [c] = suggest(warm, TODAY), suggest(cold, TODAY)
    assert w.recency == 1.0
    assert c.recency == 0.6
    assert c.score == round(w.score * 0.6, 2)
    assert "you are in touch with both" in w.reasons


def test_weak_keyword_overlap_is_not_a_match() -> None:
    people = [
        m(1, "Ana", needs=("funding for a robotics club after school",)),
        m(2, "Ben", offers=("school tours",)),
    ]
    assert suggest(people, TODAY) == []


def test_keywords_normalise_forms() -> None:
    assert keywords("Coaching for NEW math teachers") == {"coach", "math", "teach"}
    assert keywords("grant writer") == keywords("grant writing")
