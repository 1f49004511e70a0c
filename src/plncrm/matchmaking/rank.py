"""Suggested introductions: pairs of contacts not yet connected who would gain
from meeting. Pure: contacts' facts in, scored pairs out.

Score = (needs↔offers + shared groups) × recency, where
- **needs↔offers** (up to 6 for each need, at most 12): for each thing one
  person needs, the best phrase another offers, by the share of the need's
  keywords it covers, rare keywords counting more (idf);
- **shared groups** (at most 4): tags and communities both belong to,
  each worth 2 × how rare it is. A tag says something only when few share it:
  one held by more than a tenth of the network (or more than 40 people), or
  one an import put on everyone it brought (`import-tags`: "linkedin",
  "booth"), is worth nothing and never given as a reason;
- **recency** (×0.6 to ×1): people you are in touch with now (last 90 days)
  make better introductions than dormant ones.

It works in two steps so that it stays fast on a large network: `candidates`
starts from a few *seed* people (the one named with --for, or the most
recently active) and finds partners through inverted indexes (keyword →
people who offer or need it, most recently active first; rare group → its
members) instead of scoring every pair; `rank` then scores those candidates
with their groups and keeps the best.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # a shape for the type checker only, as are those of `core.views`
    from typing_extensions import TypedDict

    from plncrm.core.view_shapes import Ref

    class SuggestionView(TypedDict):
        """A suggested introduction as `pln suggest --json` writes it."""

        a: Ref
        b: Ref
        score: float
        score_terms: dict[str, float]
        reasons: list[str]


NEED_WEIGHT, NEEDS_CAP = 6.0, 12.0
GROUP_WEIGHT, GROUPS_CAP = 2.0, 4.0
RECENT_DAYS, WARM_DAYS = 90, 365
POSTINGS_PER_PHRASE = 40
RARE_GROUP_MAX = 40  # a tag shared by more is no reason to introduce two people
# Nor is one shared by more than this share of the network, whatever its size;
# a small network may still pair the members of a tag of up to COMMON_FLOOR.
COMMON_SHARE, COMMON_FLOOR = 0.10, 3
# A community is joined on purpose (a conference's chat, a Bluesky starter pack
# of a few hundred maths teachers): its members are worth pairing in larger numbers.
RARE_COMMUNITY_MAX = 400
MIN_COVERAGE = 0.34
MIN_GROUP_WEIGHT = 0.05

Phrase = tuple[str, frozenset[str]]  # (text, keywords)


class Candidate(NamedTuple):
    """A contact as matchmaking sees them (a tuple: tens of thousands are built at once)."""

    id: int
    name: str
    org: str | None = None  # folded; same organisation is skipped unless asked
    needs: tuple[Phrase, ...] = ()
    offers: tuple[Phrase, ...] = ()
    groups: frozenset[str] = frozenset()  # "tag:math", "community:#edchat"
    last_contacted: date | None = None


@dataclass
class Suggestion:
    a: Candidate  # the one whose need is met (or either, for shared groups)
    b: Candidate
    score: float = 0.0
    needs_score: float = 0.0
    groups_score: float = 0.0
    recency: float = 1.0
    reasons: list[str] = field(default_factory=list)


def suggestion_view(s: Suggestion) -> SuggestionView:
    return {
        "a": {"id": s.a.id, "name": s.a.name},
        "b": {"id": s.b.id, "name": s.b.name},
        "score": s.score,
        "score_terms": {
            "needs_offers": round(s.needs_score, 2),
            "shared_groups": round(s.groups_score, 2),
            "recency": s.recency,
        },
        "reasons": s.reasons,
    }


def recency(member: Candidate, today: date) -> float:
    if member.last_contacted is None:
        return 0.6
    days = (today - member.last_contacted).days
    return 1.0 if days <= RECENT_DAYS else 0.8 if days <= WARM_DAYS else 0.6


def group_label(group: str, size: int) -> str:
    kind, _, name = group.partition(":")
    if kind == "community":
        return f"both in community {name} ({size} people)"
    return f"both tagged {name} ({size} people)"


def is_rare(group: str, size: int, total: int, quiet: frozenset[str] = frozenset()) -> bool:
    """Whether members of `group` are paired for being in it, in a network of
    `total` people: a community of up to RARE_COMMUNITY_MAX; a tag of up to
    RARE_GROUP_MAX and a tenth of the network, unless it is one of the `quiet`
    tags (what imports tag everyone with)."""
    if group.startswith("community:"):
        return 2 <= size <= RARE_COMMUNITY_MAX
    if group.startswith("tag:") and group[4:] in quiet:
        return False
    common = max(COMMON_FLOOR, math.floor(COMMON_SHARE * total))
    return 2 <= size <= min(RARE_GROUP_MAX, common)


def group_weight(size: int, total: int) -> float:
    """0 for a group everyone is in, 1 for a group of one."""
    if total < 2 or size < 1:
        return 0.0
    return max(0.0, math.log(total / size) / math.log(total))


class _Keywords:
    """Inverted indexes from keywords to the people who offer or need them, most recent first."""

    def __init__(self, members: Sequence[Candidate], wanted: frozenset[str] | None = None) -> None:
        """Count every keyword; list who offers and needs only the `wanted` ones (all when None)."""
        self.df: dict[str, int] = defaultdict(int)
        self.offering: dict[str, list[Candidate]] = defaultdict(list)
        self.needing: dict[str, list[Candidate]] = defaultdict(list)
        phrases = 0
        for m in members:
            for _, kws in m.needs:
                phrases += 1
                for k in kws:
                    self.df[k] += 1
                    if wanted is None or k in wanted:
                        self.needing[k].append(m)
            for _, kws in m.offers:
                phrases += 1
                for k in kws:
                    self.df[k] += 1
                    if wanted is None or k in wanted:
                        self.offering[k].append(m)
        newest_first = lambda m: m.last_contacted or date.min  # noqa: E731
        for index in (self.offering, self.needing):
            for k, people in index.items():
                unique = list({m.id: m for m in people}.values())
                unique.sort(key=newest_first, reverse=True)
                index[k] = unique
        self.phrases = max(1, phrases)
        self._idf: dict[str, float] = {}

    def idf(self, keyword: str) -> float:
        value = self._idf.get(keyword)
        if value is None:
            value = self._idf[keyword] = (
                math.log((self.phrases + 1) / (self.df.get(keyword, 0) + 1)) + 1
            )
        return value

    def coverage(self, need: frozenset[str], offer: frozenset[str]) -> float:
        total = sum(self.idf(k) for k in need) or 1.0
        return sum(self.idf(k) for k in need & offer) / total

    def postings(self, index: dict[str, list[Candidate]], kws: frozenset[str]) -> list[Candidate]:
        """People behind the rarest keywords first, up to POSTINGS_PER_PHRASE."""
        found: dict[int, Candidate] = {}
        for k in sorted(kws, key=lambda k: self.df.get(k, 0)):
            for m in index.get(k, ()):
                found.setdefault(m.id, m)
                if len(found) >= POSTINGS_PER_PHRASE:
                    return list(found.values())
        return list(found.values())


def candidates(
    members: Sequence[Candidate],
    *,
    seeds: Iterable[int] | None = None,
    rare_groups: Mapping[str, Sequence[int]] | None = None,
    excluded: Iterable[tuple[int, int]] = (),
    same_org: bool = False,
) -> dict[tuple[int, int], Suggestion]:
    """Pairs worth scoring, each involving a seed (everyone when `seeds` is None),
    with their needs↔offers matches already scored."""
    by_id = {m.id: m for m in members}
    seed_ids = list(by_id) if seeds is None else [s for s in seeds if s in by_id]
    wanted = (
        None
        if seeds is None
        else frozenset(
            k for s in seed_ids for _, kws in (*by_id[s].needs, *by_id[s].offers) for k in kws
        )
    )
    found = _Pairs(_Keywords(members, wanted), excluded, same_org)
    for seed in (by_id[s] for s in seed_ids):
        for need in seed.needs:
            for offerer in found.index.postings(found.index.offering, need[1]):
                found.match(seed, offerer, need)
        for _, offered in seed.offers:
            for needer in found.index.postings(found.index.needing, offered):
                found.match(needer, seed)
    seed_set = set(seed_ids)
    for ids in (rare_groups or {}).values():
        present = [by_id[i] for i in ids if i in by_id]
        for n, a in enumerate(present):
            for b in present[n + 1 :]:
                if a.id in seed_set or b.id in seed_set:
                    found.pair(a, b)
    return found.pairs


class _Pairs:
    """The pairs found so far, each with its needs↔offers matches scored."""

    def __init__(
        self, index: _Keywords, excluded: Iterable[tuple[int, int]], same_org: bool
    ) -> None:
        self.index = index
        self.skip = {(min(a, b), max(a, b)) for a, b in excluded}
        self.same_org = same_org
        self.pairs: dict[tuple[int, int], Suggestion] = {}

    def pair(self, a: Candidate, b: Candidate) -> Suggestion | None:
        """The suggestion for `a` and `b`, or None when they may not be paired."""
        key = (min(a.id, b.id), max(a.id, b.id))
        if a.id == b.id or key in self.skip or (not self.same_org and a.org and a.org == b.org):
            return None
        if key not in self.pairs:
            self.pairs[key] = Suggestion(a, b)
        return self.pairs[key]

    def match(self, needer: Candidate, offerer: Candidate, only: Phrase | None = None) -> None:
        """Score what `offerer` offers against each of `needer`'s needs (or `only` one)."""
        for phrase, kws in [only] if only else needer.needs:
            best, offer = self._best_offer(kws, offerer)
            if best < MIN_COVERAGE:
                continue
            found = self.pair(needer, offerer)
            if found is None:
                return
            reason = f"{needer.name} needs: {phrase}; {offerer.name} offers: {offer}"
            if reason in found.reasons:
                continue
            if found.needs_score == 0 and found.a.id != needer.id:
                found.a, found.b = needer, offerer
            found.needs_score += NEED_WEIGHT * best
            found.reasons.append(reason)

    def _best_offer(self, kws: frozenset[str], offerer: Candidate) -> tuple[float, str]:
        best, offer = 0.0, ""
        for text, offered in offerer.offers:
            covered = self.index.coverage(kws, offered)
            if covered > best:
                best, offer = covered, text
        return best, offer


def rank(
    pairs: Mapping[tuple[int, int], Suggestion],
    today: date,
    *,
    groups: Mapping[int, frozenset[str]],
    sizes: Mapping[str, int],
    total: int,
    limit: int = 10,
    quiet: frozenset[str] = frozenset(),
) -> list[Suggestion]:
    """Add shared groups and recency to each candidate's score; the best `limit`,
    best first. Only groups `is_rare` counts carry weight (`quiet`: import tags)."""
    results = []
    for s in pairs.values():
        shared = {
            g
            for g in groups.get(s.a.id, frozenset()) & groups.get(s.b.id, frozenset())
            if is_rare(g, sizes.get(g, total), total, quiet)
        }
        scored = sorted(
            ((GROUP_WEIGHT * group_weight(sizes.get(g, total), total), g) for g in shared),
            reverse=True,
        )
        groups_score = 0.0
        reasons = list(s.reasons)
        for weight, g in scored:
            if weight >= MIN_GROUP_WEIGHT:
                groups_score += weight
                reasons.append(group_label(g, sizes.get(g, 0)))
        factor = round((recency(s.a, today) + recency(s.b, today)) / 2, 2)
        if factor == 1.0:
            reasons.append("you are in touch with both")
        needs_score = min(s.needs_score, NEEDS_CAP)
        groups_score = min(groups_score, GROUPS_CAP)
        score = round((needs_score + groups_score) * factor, 2)
        if score > 0:
            results.append(Suggestion(s.a, s.b, score, needs_score, groups_score, factor, reasons))
    results.sort(key=lambda s: (-s.score, s.a.name, s.b.name))
    return results[:limit]


def suggest(
    members: Sequence[Candidate],
    today: date,
    *,
    excluded: Iterable[tuple[int, int]] = (),
    focus: int | None = None,
    limit: int = 10,
    same_org: bool = False,
    quiet: frozenset[str] = frozenset(),
) -> list[Suggestion]:
    """Everything in one call, for a network held in memory (groups on the members)."""
    sizes: dict[str, int] = defaultdict(int)
    members_of: dict[str, list[int]] = defaultdict(list)
    for m in members:
        for g in m.groups:
            sizes[g] += 1
            members_of[g].append(m.id)
    total = len(members)
    rare = {g: ids for g, ids in members_of.items() if is_rare(g, len(ids), total, quiet)}
    pairs = candidates(
        members,
        seeds=None if focus is None else [focus],
        rare_groups=rare,
        excluded=excluded,
        same_org=same_org,
    )
    return rank(
        pairs,
        today,
        groups={m.id: m.groups for m in members},
        sizes=sizes,
        total=total,
        limit=limit,
        quiet=quiet,
    )
