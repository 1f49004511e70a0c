"""Suggested introductions: pairs of contacts not yet connected who would gain
from meeting. Pure: contacts' facts in, scored pairs out.

Score = (needs↔offers + shared groups) × recency, where
- **needs↔offers** (up to 6 for each need, at most 12): for each thing one
  person needs, the best phrase another offers, by the share of the need's
  keywords it covers, rare keywords counting more (idf);
- **shared groups** (at most 4): tags and communities both belong to,
  each worth 2 × how rare it is (a tag everyone has is worth ~0);
- **recency** (×0.6 to ×1): people you are in touch with now (last 90 days)
  make better introductions than dormant ones.

Candidates come from inverted indexes (keyword → offerers, rare group →
members) rather than from every pair, and only the most recently active people
with needs are matched when no one is named (`ACTIVE_NEEDERS`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

NEED_WEIGHT, NEEDS_CAP = 6.0, 12.0
GROUP_WEIGHT, GROUPS_CAP = 2.0, 4.0
RECENT_DAYS, WARM_DAYS = 90, 365
ACTIVE_NEEDERS = 3000
POSTINGS_PER_NEED = 400
RARE_GROUP_MAX = 40
MIN_COVERAGE = 0.34


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    org: str | None = None  # folded; same organisation is skipped unless asked
    needs: tuple[tuple[str, frozenset[str]], ...] = ()  # (phrase, keywords)
    offers: tuple[tuple[str, frozenset[str]], ...] = ()
    groups: frozenset[str] = frozenset()  # "tag:math", "community:edchat"
    last_contacted: date | None = None


@dataclass
class Suggestion:
    a: Member  # the one whose need is met (or either, for shared groups)
    b: Member
    score: float = 0.0
    needs_score: float = 0.0
    groups_score: float = 0.0
    recency: float = 1.0
    reasons: list[str] = field(default_factory=list)


def recency(member: Member, today: date) -> float:
    if member.last_contacted is None:
        return 0.6
    days = (today - member.last_contacted).days
    return 1.0 if days <= RECENT_DAYS else 0.8 if days <= WARM_DAYS else 0.6


def group_label(group: str, size: int) -> str:
    kind, _, name = group.partition(":")
    noun = "community" if kind == "community" else "tag"
    return (
        f"both in {noun} {name} ({size} people)"
        if noun == "community"
        else f"both tagged {name} ({size} people)"
    )


class _Index:
    def __init__(self, members: Sequence[Member]) -> None:
        self.offerers: dict[str, list[int]] = defaultdict(list)
        self.df: dict[str, int] = defaultdict(int)
        self.groups: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(members):
            for _, kws in (*m.needs, *m.offers):
                for k in kws:
                    self.df[k] += 1
            for k in {k for _, kws in m.offers for k in kws}:
                self.offerers[k].append(i)
            for g in m.groups:
                self.groups[g].append(i)
        self.phrases = max(1, sum(len(m.needs) + len(m.offers) for m in members))
        self.people = max(2, len(members))

    def idf(self, keyword: str) -> float:
        return math.log((self.phrases + 1) / (self.df.get(keyword, 0) + 1)) + 1

    def group_weight(self, group: str) -> float:
        size = len(self.groups.get(group, ()))
        return max(0.0, math.log(self.people / max(size, 1)) / math.log(self.people))


def _best_offer(need: frozenset[str], offerer: Member, index: _Index) -> tuple[float, str]:
    total = sum(index.idf(k) for k in need) or 1.0
    best, phrase = 0.0, ""
    for text, kws in offerer.offers:
        covered = sum(index.idf(k) for k in need & kws) / total
        if covered > best:
            best, phrase = covered, text
    return best, phrase


def suggest(
    members: Sequence[Member],
    today: date,
    *,
    excluded: Iterable[tuple[int, int]] = (),
    focus: int | None = None,
    limit: int = 10,
    same_org: bool = False,
) -> list[Suggestion]:
    """The best `limit` introductions, highest score first, each with its reasons."""
    index = _Index(members)
    by_id = {m.id: i for i, m in enumerate(members)}
    skip = {tuple(sorted(p)) for p in excluded}
    pairs: dict[tuple[int, int], Suggestion] = {}

    def pair(i: int, j: int) -> Suggestion | None:
        a, b = members[i], members[j]
        key = (min(a.id, b.id), max(a.id, b.id))
        if a.id == b.id or key in skip or (not same_org and a.org and a.org == b.org):
            return None
        if key not in pairs:
            pairs[key] = Suggestion(a, b)
        return pairs[key]

    focus_i = by_id.get(focus) if focus is not None else None
    needers = [i for i, m in enumerate(members) if m.needs]
    if focus_i is not None:
        offered = frozenset().union(*(kws for _, kws in members[focus_i].offers))
        needers = [
            i for i in needers if i == focus_i or any(kws & offered for _, kws in members[i].needs)
        ]
    else:
        needers.sort(key=lambda i: members[i].last_contacted or date.min, reverse=True)
        needers = needers[:ACTIVE_NEEDERS]
    for i in needers:
        for phrase, kws in members[i].needs:
            candidates: list[int] = []
            if focus_i is not None and i != focus_i:
                candidates = [focus_i]
            else:
                for k in sorted(kws, key=lambda k: index.df.get(k, 0)):
                    candidates.extend(index.offerers.get(k, ()))
                    if len(candidates) >= POSTINGS_PER_NEED:
                        break
            for j in dict.fromkeys(candidates):
                covered, offer = _best_offer(kws, members[j], index)
                if covered < MIN_COVERAGE:
                    continue
                found = pair(i, j)
                if found is None:
                    continue
                gain = NEED_WEIGHT * covered
                if gain > 0:
                    if found.a.id != members[i].id and found.needs_score == 0:
                        found.a, found.b = members[i], members[j]
                    found.needs_score += gain
                    found.reasons.append(
                        f"{members[i].name} needs: {phrase}; {members[j].name} offers: {offer}"
                    )
    rare_groups = [g for g, ids in index.groups.items() if 2 <= len(ids) <= RARE_GROUP_MAX]
    for g in rare_groups:
        ids = index.groups[g]
        if focus_i is not None:
            if focus_i not in ids:
                continue
            ids_pairs = [(focus_i, j) for j in ids if j != focus_i]
        else:
            ids_pairs = [(x, y) for n, x in enumerate(ids) for y in ids[n + 1 :]]
        for x, y in ids_pairs:
            pair(x, y)
    results = []
    for s in pairs.values():
        shared = sorted(s.a.groups & s.b.groups, key=lambda g: -index.group_weight(g))
        for g in shared:
            weight = GROUP_WEIGHT * index.group_weight(g)
            if weight >= 0.05:
                s.groups_score += weight
                s.reasons.append(group_label(g, len(index.groups[g])))
        s.needs_score = min(s.needs_score, NEEDS_CAP)
        s.groups_score = min(s.groups_score, GROUPS_CAP)
        s.recency = round((recency(s.a, today) + recency(s.b, today)) / 2, 2)
        if s.recency == 1.0:
            s.reasons.append("you are in touch with both")
        s.score = round((s.needs_score + s.groups_score) * s.recency, 2)
        if s.score > 0:
            results.append(s)
    results.sort(key=lambda s: (-s.score, s.a.name, s.b.name))
    return results[:limit]
