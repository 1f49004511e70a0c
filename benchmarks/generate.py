"""Build a realistic synthetic network of a chosen size, in bulk, through
plncrm's own store code (engine, migrations, models).

    python benchmarks/generate.py --contacts 50000 --db /tmp/pln-50k.db

Names carry accents; organisations, tags and communities follow a Zipf-like
popularity; needs and offers come from one shared vocabulary; interactions
spread over five years; follow-ups are open and done; introductions are in
every state; there are events, some hosted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

FIRST = ("Ana", "José", "Zoë", "Søren", "Ngozi", "Siobhán", "Mateo", "Aiyana", "Chloé", "Dmitri", "Fatima",
         "Grace", "Hiroshi", "Inés", "Jamal", "Kateřina", "Liam", "Maya", "Nikolai", "Olúwaseun", "Priya",
         "Quentin", "Rosa", "Saanvi", "Tomás", "Ulla", "Valentina", "Wei", "Ximena", "Yusuf", "Zainab",
         "Björn", "Élodie", "Ji-woo", "Łukasz", "Noémie", "Renée", "Şule", "Thảo", "Ørjan")  # fmt: skip
LAST = ("Okafor", "Quintero", "Raman", "Whitfield", "Müller", "Novák", "García", "Nguyễn", "Kowalski", "O'Brien",
        "Fernández", "Smith", "Haddad", "Takahashi", "Johansson", "Dubois", "Rossi", "Papadopoulos", "Kim",
        "Mensah", "Gonçalves", "Ødegaard", "Çelik", "Lindqvist", "Park", "Singh", "Ivanova", "Moreau")  # fmt: skip
ORG_WORDS = ("Riverside", "Hillcrest", "Lumen", "Open Math", "Northside", "Cedar", "Bright Path", "Summit",
             "Harbor", "Prairie", "Maple", "Redwood", "Lakeside", "Oak Valley", "Pioneer", "Unity")  # fmt: skip
ORG_KINDS = ("Unified School District", "Middle School", "High School", "EdTech", "Academy", "Collective",
             "Learning Co.", "Elementary", "Teacher Network", "University")  # fmt: skip
TOPICS = ("math", "literacy", "science", "coaching", "edtech", "assessment", "sel", "ell", "stem", "leadership",
          "pbl", "equity", "early-years", "special-ed", "arts", "history", "robotics", "ai", "pd", "grants")  # fmt: skip
VOCAB = ("math coaching", "coaching for new teachers", "grant writing", "number talks", "literacy intervention",
         "project based learning", "classroom robotics", "assessment design", "edtech procurement",
         "instructional leadership", "culturally responsive teaching", "early years phonics",
         "special education law", "science fair judges", "makerspace setup", "ai in the classroom",
         "ell strategies", "restorative practices", "curriculum mapping", "school partnerships",
         "conference speakers", "peer observation", "data dashboards", "family engagement",
         "teacher wellbeing", "student voice", "coding clubs", "outdoor learning", "debate coaching",
         "a co-presenter for number talks", "mentoring new principals", "stem grants", "reading recovery")  # fmt: skip
KINDS = ("meeting", "call", "email", "message", "chat", "event", "gave", "received", "note")
EVENT_KINDS = ("conference", "webinar", "chat", "pd-session", "meetup")


def zipf_choice(rng: random.Random, items: Sequence[Any], s: float = 1.1) -> Any:
    """An item drawn with Zipf-like popularity: the first ones far more often."""
    weights = _weights(len(items), s)
    return rng.choices(items, cum_weights=weights, k=1)[0]


_CACHE: dict[tuple[int, float], list[float]] = {}


def _weights(n: int, s: float) -> list[float]:
    key = (n, s)
    if key not in _CACHE:
        total, cumulative = 0.0, []
        for rank in range(1, n + 1):
            total += 1 / rank**s
            cumulative.append(total)
        _CACHE[key] = cumulative
    return _CACHE[key]


def chunks(rows: list[dict[str, Any]], size: int = 20_000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def generate(db: str, contacts: int, seed: int = 7, today: date | None = None) -> dict[str, int]:
    from sqlalchemy import insert

    from plncrm.core.contacts import detail_key
    from plncrm.store.engine import transaction
    from plncrm.store.location import resolve_url
    from plncrm.store.models import (
        Community,
        CommunityMember,
        Contact,
        ContactDetail,
        Event,
        EventGuest,
        FollowUp,
        Interaction,
        InteractionContact,
        Introduction,
    )  # fmt: skip
    from plncrm.util.text import fold, slug

    rng = random.Random(seed)
    today = today or date.today()
    now = datetime.now(timezone.utc)
    start = today - timedelta(days=5 * 365)
    orgs = [f"{w} {k}" for w in ORG_WORDS for k in ORG_KINDS]
    rng.shuffle(orgs)
    tags = list(TOPICS) + [f"{t}-{n}" for t in TOPICS for n in range(1, 15)]
    counts: dict[str, int] = {}
    with transaction(resolve_url(db), write=True) as session:

        def put(model: Any, rows: list[dict[str, Any]]) -> None:
            for chunk in chunks(rows):
                session.execute(insert(model), chunk)
            counts[model.__tablename__] = counts.get(model.__tablename__, 0) + len(rows)

        n_events = max(10, contacts // 150)
        events = []
        for i in range(n_events):
            day = start + timedelta(days=rng.randrange(5 * 365 + 60))
            name = f"{rng.choice(('ISTE', 'NCTM', 'ASCD', 'EdCamp', 'Learning Forward', 'CUE', 'BETT'))} {day.year} #{i}"
            events.append({"id": i + 1, "name": name, "name_key": fold(name), "kind": rng.choice(EVENT_KINDS),
                           "starts_on": day, "ends_on": day + timedelta(days=rng.choice((0, 0, 1, 2))),
                           "where": "online" if rng.random() < 0.4 else "Convention Center",
                           "hosted": rng.random() < 0.1, "created_at": now})  # fmt: skip
        put(Event, events)

        people, details = [], []
        for cid in range(1, contacts + 1):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            added = start + timedelta(days=rng.randrange(5 * 365))
            met = rng.random() < 0.4
            event = rng.choice(events) if met else None
            people.append({
                "id": cid, "name": name, "name_key": fold(name), "org": zipf_choice(rng, orgs),
                "role": rng.choice(("Teacher", "Coach", "Principal", "Director", "Consultant", "Founder")),
                "notes": None if rng.random() < 0.7 else f"Talked about {rng.choice(VOCAB)}",
                "cadence": rng.choice(("1 month", "3 months", "6 months")) if rng.random() < 0.2 else None,
                "via_id": rng.randrange(1, cid) if cid > 10 and rng.random() < 0.1 else None,
                "met_event_id": event["id"] if event else None, "met_on": event["starts_on"] if event else None,
                "archived": False, "created_at": datetime.combine(added, datetime.min.time(), timezone.utc),
                "source": "added",
            })  # fmt: skip
            position: dict[str, int] = {}
            seen: set[tuple[str, str]] = set()

            def detail(kind: str, value: str, cid: int = cid, seen: set[tuple[str, str]] = seen,
                       position: dict[str, int] = position) -> None:  # fmt: skip
                key = detail_key(kind, value)
                if (kind, key) in seen:
                    return
                seen.add((kind, key))
                details.append({"contact_id": cid, "kind": kind, "value": value, "key": key,
                                "position": position.setdefault(kind, 0)})  # fmt: skip
                position[kind] += 1

            detail("email", f"{slug(name).replace('-', '.')}.{cid}@example.org")
            if rng.random() < 0.5:
                detail("phone", f"+1 555 {cid:07d}")
            if rng.random() < 0.6:
                detail("link", f"https://www.linkedin.com/in/{slug(name)}-{cid}")
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                detail("tag", zipf_choice(rng, tags))
            if rng.random() < 0.25:
                detail("need", rng.choice(VOCAB))
            if rng.random() < 0.3:
                detail("offer", rng.choice(VOCAB))
        put(Contact, people)
        put(ContactDetail, details)

        interactions, links = [], []
        last: dict[int, date] = {}
        for iid in range(1, contacts * 10 + 1):
            cid = min(contacts, int(rng.paretovariate(0.9)) + rng.randrange(contacts))
            day = start + timedelta(days=rng.randrange(5 * 365))
            interactions.append({"id": iid, "happened_on": day, "kind": rng.choice(KINDS),
                                 "note": rng.choice(VOCAB) if rng.random() < 0.5 else None, "created_at": now})  # fmt: skip
            links.append({"interaction_id": iid, "contact_id": cid, "role": "with"})
            last[cid] = max(last.get(cid, day), day)
        put(Interaction, interactions)
        put(InteractionContact, links)
        from sqlalchemy import update

        for chunk in chunks([{"id": cid, "last_contacted": day} for cid, day in last.items()]):
            session.execute(update(Contact), chunk)

        tasks = []
        for i in range(contacts + contacts // 5):
            open_ = i < contacts
            due = (
                today + timedelta(days=rng.randrange(-30, 180))
                if open_
                else start + timedelta(days=rng.randrange(5 * 365))
            )
            tasks.append({"contact_id": rng.randrange(1, contacts + 1), "title": f"Follow up about {rng.choice(VOCAB)}",
                          "due": due, "every": "1 month" if rng.random() < 0.1 else None, "every_from": "done",
                          "status": "open" if open_ else "done", "source": "user", "created_at": now,
                          "done_on": None if open_ else due})  # fmt: skip
        put(FollowUp, tasks)

        intros = []
        statuses = ("proposed", "asking", "agreed", "introduced", "done", "declined", "cancelled")
        pairs: set[tuple[int, int]] = set()
        while len(intros) < max(5, contacts // 10):
            a, b = rng.randrange(1, contacts + 1), rng.randrange(1, contacts + 1)
            low, high = min(a, b), max(a, b)
            if a == b or (low, high) in pairs:
                continue
            pairs.add((low, high))
            status = rng.choice(statuses)
            proposed = today - timedelta(days=rng.randrange(1, 700))
            later = proposed + timedelta(days=rng.randrange(1, 20))
            answered = status in ("agreed", "introduced", "done", "declined")
            intros.append({
                "a_id": a, "b_id": b, "low_id": low, "high_id": high, "why": f"both into {rng.choice(VOCAB)}",
                "status": status, "direct": False, "proposed_on": proposed,
                "a_asked_on": later if status != "proposed" else None, "b_asked_on": later if status != "proposed" else None,
                "a_answer": "yes" if answered else None, "a_answered_on": later if answered else None,
                "b_answer": ("no" if status == "declined" else "yes") if answered else None,
                "b_answered_on": later if answered else None,
                "introduced_on": later if status in ("introduced", "done") else None,
                "outcome": rng.choice(("met", "working-together", "no-response", "not-a-fit")) if status == "done" else None,
                "closed_on": later if status in ("done", "declined", "cancelled") else None, "created_at": now,
            })  # fmt: skip
        put(Introduction, intros)

        guests = {
            (rng.choice(events)["id"], rng.randrange(1, contacts + 1)) for _ in range(contacts // 5)
        }
        put(EventGuest, [{"event_id": e, "contact_id": c, "invited_on": today - timedelta(days=30),
                          "rsvp": rng.choice((None, "yes", "no", "maybe")), "attended": rng.random() < 0.3}
                         for e, c in sorted(guests)])  # fmt: skip
        communities = [{"id": i + 1, "name": f"#{t}chat", "name_key": fold(f"#{t}chat"), "focus": f"{t} educators",
                        "mine": i < 2, "created_at": now} for i, t in enumerate(TOPICS)]  # fmt: skip
        put(Community, communities)
        members = {
            (zipf_choice(rng, communities)["id"], rng.randrange(1, contacts + 1))
            for _ in range(contacts // 2)
        }
        put(CommunityMember, [{"community_id": c, "contact_id": p} for c, p in sorted(members)])
        from plncrm.core import cadences

        cadences.refresh(session)
    from plncrm.store.engine import dispose_all

    dispose_all()  # checkpoints the WAL, so the file alone holds the network
    return counts


def linkedin_csv(path: Path, rows: int, seed: int = 11) -> None:
    """A LinkedIn Connections.csv export of `rows` connections, current format."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(
            'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
        )
        out.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        for i in range(rows):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            day = date(2020, 1, 1) + timedelta(days=rng.randrange(2000))
            email = f"{first.lower()}.{i}@example.com" if rng.random() < 0.3 else ""
            company = (
                f'"{zipf_choice(rng, ORG_WORDS)} {rng.choice(ORG_KINDS)}, Inc."'
                if rng.random() < 0.8
                else ""
            )
            out.write(f"{first},{last},https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{i},{email},"
                      f"{company},Teacher,{day.strftime('%d %b %Y')}\n")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--db", required=True, help="database file to create (must not exist)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if Path(args.db).exists():
        print(f"{args.db} exists; choose a new file", file=sys.stderr)
        return 2
    began = time.perf_counter()
    counts = generate(args.db, args.contacts, args.seed)
    print(f"generated {counts} in {time.perf_counter() - began:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
