"""`pln mail scan`: learning from the user's mail what happened with whom.

Each message's headers (never its body) say who wrote to whom and when. A
message between the user (`mail.from`'s address, and any in `mail.me`) and
known contacts (any of their addresses) is logged as one email interaction,
once per Message-ID however often it is read: from them, "in"; from the user
to them in To or Cc, "out". That keeps keeping-in-touch current, and a message
that went out after meeting someone closes their strike-out follow-up. A reply
to an introduction ask that pln sent (the ask's email carries its Message-ID)
puts a follow-up on the agenda to record the answer. Mailing lists, bulk mail
and automated senders are passed over; the people the user writes to who are
not in the network are counted in the scan's state (`inbox_state`), for `pln
mail strangers`.

The mail is read before the store is written: the scan holds no write lock
while it reads, and writes everything in one transaction (one undo step).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from email.utils import parseaddr
from typing import TYPE_CHECKING, NamedTuple

from plncrm.core import intros, invitations
from plncrm.mail.headers import Seen, parse_headers
from plncrm.mail.inbox_state import State, Stranger
from plncrm.mail.mailboxes import Block
from plncrm.util import clock
from plncrm.util.batches import chunks
from plncrm.util.errors import Invalid
from plncrm.util.text import fold, one_line

if TYPE_CHECKING:
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader

MAX_SUBJECT = 200  # characters of a subject kept in a note


class Setup(NamedTuple):
    """What a scan matches messages against, read from the store once."""

    addresses: dict[str, int]  # every contact's every email address (folded) → the contact
    me: frozenset[str]  # the user's own addresses
    keep_subjects: bool


_ADDRESSES = "SELECT key, contact_id FROM contact_detail WHERE kind = 'email'"


def setup(reader: Reader) -> Setup:
    """Every known address, and the user's own (`mail.from`, `mail.me`)."""
    from plncrm.reads import settings

    addresses = dict(reader.tuples(_ADDRESSES))
    mine = [parseaddr(settings.value(reader, "mail.from"))[1]]
    mine += settings.value(reader, "mail.me").split(",")
    me = frozenset(fold(a) for a in mine if a.strip())
    if not me:
        raise Invalid(
            'say which mail is yours first: pln config mail.from "Your Name <you@host>" '
            "(other addresses of yours: pln config mail.me)"
        )
    keep = settings.value(reader, "mail.keep-subjects") != "no"
    return Setup({a: c for a, c in addresses.items() if a not in me}, me, keep)


@dataclass(frozen=True)
class Found:
    """One message with known contacts: an email to log."""

    message_id: str
    on: date
    contact_ids: tuple[int, ...]
    note: str
    out: bool  # the user sent it (else one of them did)
    replies_to: tuple[str, ...] = ()


@dataclass
class Reading:
    """What reading the mail found, before anything is written."""

    read: int = 0
    found: dict[str, Found] = field(default_factory=dict)  # by Message-ID: the first copy read
    copies: int = 0  # the same message read again (in another folder, or twice in an mbox)
    lists: int = 0
    bulk: int = 0  # newsletters, automated senders, drafts and spam
    strangers: int = 0  # with nobody in the network
    # Strangers who have become contacts: address → their latest message, looked at again.
    known_now: dict[str, str] = field(default_factory=dict)


def read(blocks: Iterable[Block | bytes], with_: Setup, state: State, today: date) -> Reading:
    """Go through the messages of `blocks` (header blocks, or Blocks from a
    mailbox), sorting them; strangers are counted into `state`."""
    reading = Reading()
    for block in blocks:
        raw = block.raw if isinstance(block, Block) else block
        seen = parse_headers(raw)
        reading.read += 1
        if seen is None or seen.unsent:
            reading.bulk += 1
            continue
        if seen.list_id or seen.bulk:
            reading.lists += bool(seen.list_id)
            reading.bulk += not seen.list_id
            continue
        if seen.message_id in reading.found:
            reading.copies += 1
            continue
        moment = seen.date or (block.fallback() if isinstance(block, Block) else None)
        on = min(clock.day_of(moment or clock.now()), today)
        _sort(seen, on, with_, state, reading)
    _known_now(with_, state, reading)
    return reading


def _sort(seen: Seen, on: date, with_: Setup, state: State, reading: Reading) -> None:
    """One message: an email with contacts, or one with strangers only."""
    addresses, me = with_.addresses, with_.me
    out = fold(seen.sender) in me
    if out:
        people = [(fold(a), n) for a, n in zip(seen.recipients, seen.recipient_names, strict=True)]
        others = [(a, n) for a, n in people if a not in me]
    else:
        others = [(fold(seen.sender), seen.sender_name)]
    known = [addresses[a] for a, _ in others if a in addresses]
    for address, name in others if out or not known else ():
        if address not in addresses and "@" in address:
            stranger = state.strangers.setdefault(address, Stranger(name=""))
            stranger.count(seen.message_id, on, out, one_line(name))
    if not known:
        reading.strangers += 1
        return
    if not out:  # those of theirs in To or Cc were part of it too
        known += [addresses[a] for a in map(fold, seen.recipients) if a in addresses]
    subject = one_line(seen.subject)[:MAX_SUBJECT] if with_.keep_subjects else ""
    direction = "(out)" if out else "(in)"
    reading.found[seen.message_id] = Found(
        seen.message_id,
        on,
        tuple(dict.fromkeys(known)),
        f"{subject} {direction}".strip(),
        out,
        () if out else seen.replies_to,
    )


def _known_now(with_: Setup, state: State, reading: Reading) -> None:
    """Strangers who have become contacts since their mail was read: their
    latest message is logged now (keeping in touch counts from it)."""
    for address, stranger in sorted(state.strangers.items()):
        contact = with_.addresses.get(address)
        if contact is None or not stranger.last_id or stranger.last_id in reading.found:
            continue
        reading.known_now[address] = stranger.last_id
        direction = "(out)" if stranger.last_out else "(in)"
        reading.found[stranger.last_id] = Found(
            stranger.last_id,
            date.fromisoformat(stranger.last),
            (contact,),
            direction,
            stranger.last_out,
        )


@dataclass
class Outcome:
    """What a scan logged (or, dry, would log)."""

    reading: Reading
    logged: list[Found] = field(default_factory=list)
    known: int = 0  # logged before: in the store already, or read twice now
    names: dict[int, str] = field(default_factory=dict)  # of the contacts logged with
    replies: list[str] = field(default_factory=list)  # the follow-ups of replies to asks


def preview(reader: Reader, reading: Reading) -> Outcome:
    """What `record` would log, changing nothing."""
    recorded = _recorded(reader, list(reading.found))
    logged = [f for m, f in reading.found.items() if m not in recorded]
    outcome = Outcome(reading, logged, _known(reading, logged) + reading.copies)
    outcome.names = _names(reader, {c for f in logged for c in f.contact_ids})
    outcome.replies = [title for title, *_ in _answers_awaited(reader, logged, outcome.names)]
    return outcome


def record(db: Db, reading: Reading, state: State) -> Outcome:
    """Log every message found that is not in the store yet (one interaction
    each), and a follow-up for each reply to an ask awaiting its answer."""
    from plncrm.core import followups
    from plncrm.core.interactions import Email, log_emails
    from plncrm.store.db import get_row
    from plncrm.store.schema import Contact

    emails = [
        Email(f.message_id, f.on, f.contact_ids, f.note, f.out) for f in reading.found.values()
    ]
    ids = log_emails(db, emails)
    logged = [f for m, f in reading.found.items() if m in ids]
    outcome = Outcome(reading, logged, _known(reading, ids) + reading.copies)
    outcome.names = _names(db, {c for f in logged for c in f.contact_ids})
    for title, contact_id, on in _answers_awaited(db, logged, outcome.names):
        contact = get_row(db, Contact, contact_id)
        if contact is not None:
            source = "event" if "pln event rsvp" in title else "intro"
            followups.create(db, title, due=on, contact=contact, source=source)
            outcome.replies.append(title)
    for address in reading.known_now:
        state.strangers.pop(address, None)
    return outcome


def _known(reading: Reading, logged: Iterable[Found] | dict[str, int]) -> int:
    """How many of the messages read were logged before (a stranger's latest
    message, looked at again once they are a contact, is none of them)."""
    new = set(logged) if isinstance(logged, dict) else {f.message_id for f in logged}
    again = set(reading.known_now.values())
    return sum(1 for m in reading.found if m not in new and m not in again)


def _recorded(reader: Reader, message_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunks(sorted(message_ids)):
        sql = "SELECT message_id FROM interaction WHERE message_id IN :ids"
        found.update(m for (m,) in reader.tuples(sql, {"ids": chunk}))
    return found


def _names(reader: Reader, contact_ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for chunk in chunks(sorted(contact_ids)):
        names.update(reader.tuples("SELECT id, name FROM contact WHERE id IN :ids", {"ids": chunk}))
    return names


_ASKS = (
    "SELECT i.message_id, n.id, ic.contact_id, n.a_id, n.status, n.a_answer, n.b_answer "
    "FROM interaction i JOIN introduction n ON n.id = i.intro_id "
    "JOIN interaction_contact ic ON ic.interaction_id = i.id AND ic.role = 'with' "
    "WHERE i.message_id IN :ids"
)
_WAITING = ("proposed", "asking")  # the statuses in which a side's answer is awaited
_UNANSWERED = (None, "later")


def _answers_awaited(
    reader: Reader, logged: list[Found], names: dict[int, str]
) -> list[tuple[str, int, date]]:
    """For each message from a contact in reply to an ask pln sent them for
    an introduction still waiting for their answer: the follow-up's title
    ("Ana Lima replied to your ask: record their answer: pln intros answer 3
    a yes|no"), the contact and the day; none where one is open already."""
    replies = {r: f for f in logged if not f.out for r in f.replies_to}
    asks: dict[tuple[int, int], tuple[str, date]] = {}
    for chunk in chunks(sorted(replies)):
        for message_id, intro, contact, a_id, status, a, b in reader.tuples(_ASKS, {"ids": chunk}):
            reply = replies[message_id]
            side = "a" if contact == a_id else "b"
            answer = a if side == "a" else b
            if contact not in reply.contact_ids[:1] or status not in _WAITING:
                continue
            earlier = asks.get((intro, contact))
            if answer in _UNANSWERED and (earlier is None or reply.on < earlier[1]):
                name = names.get(contact, f"#{contact}")
                title = f"{name} replied to your ask: {intros.answer_prompt(intro, side)}"
                asks[intro, contact] = (title, reply.on)
    titles = [(title, contact, on) for (_, contact), (title, on) in sorted(asks.items())]
    titles += _rsvps_awaited(reader, replies, names)
    return [t for t in titles if not _open(reader, t[0], t[1])]


# A message pln sent about an event (an invitation, a reminder) to a guest
# who has not answered yet: a reply is most likely their answer.
_INVITES = (
    "SELECT i.message_id, e.id, e.name, ic.contact_id "
    "FROM interaction i JOIN event e ON e.id = i.event_id "
    "JOIN interaction_contact ic ON ic.interaction_id = i.id AND ic.role = 'with' "
    "JOIN event_guest g ON g.event_id = e.id AND g.contact_id = ic.contact_id "
    "WHERE i.message_id IN :ids AND g.invited_on IS NOT NULL AND g.rsvp IS NULL"
)


def _rsvps_awaited(
    reader: Reader, replies: dict[str, Found], names: dict[int, str]
) -> list[tuple[str, int, date]]:
    """For each reply from a guest to an invitation pln sent, while their
    answer is not recorded: a follow-up asking to record it, once."""

    found: dict[tuple[int, int], tuple[str, date]] = {}
    for chunk in chunks(sorted(replies)):
        for message_id, event_id, event, contact in reader.tuples(_INVITES, {"ids": chunk}):
            reply = replies[message_id]
            earlier = found.get((event_id, contact))
            if contact in reply.contact_ids[:1] and (earlier is None or reply.on < earlier[1]):
                name = names.get(contact, f"#{contact}")
                prompt = invitations.rsvp_prompt(event_id, contact)
                found[event_id, contact] = (f"{name} replied about {event}: {prompt}", reply.on)
    return [(title, contact, on) for (_, contact), (title, on) in sorted(found.items())]


def _open(reader: Reader, title: str, contact_id: int) -> bool:
    from plncrm.store.kinds import FOLLOW_UP_OPEN

    sql = "SELECT 1 FROM follow_up WHERE contact_id = :c AND title = :t AND status IN :open"
    params = {"c": contact_id, "t": title, "open": list(FOLLOW_UP_OPEN)}
    return bool(reader.tuples(sql, params))


def strangers(reader: Reader, state: State, least: int) -> list[tuple[str, Stranger]]:
    """People the user wrote to at least `least` times who are not in the
    network, those written to most first, then the most recent."""
    addresses = dict(reader.tuples(_ADDRESSES))
    found = [
        (a, s) for a, s in state.strangers.items() if s.wrote_to >= least and a not in addresses
    ]
    return sorted(found, key=lambda p: (-p[1].wrote_to, _negated(p[1].last), p[0]))


def add_strangers(
    db: Db, state: State, addresses: Iterable[str], today: date
) -> tuple[list[str], list[str]]:
    """Make contacts of these strangers (named as their mail names them, or
    from the address), each with their latest email logged; the names added,
    and the addresses that are contacts already."""
    from plncrm.core.contacts import ContactFields, add_contact
    from plncrm.core.interactions import Email, log_emails
    from plncrm.util.errors import NotFound

    wanted = list(dict.fromkeys(fold(a) for a in addresses))
    unknown = [a for a in wanted if a not in state.strangers]
    if unknown:
        raise NotFound(
            f"{unknown[0]} is not among the people your mail was read for "
            "(pln mail strangers lists them; pln add-contact adds anyone)"
        )
    known = dict(db.tuples(_ADDRESSES))
    added: list[str] = []
    for address in wanted:
        if address in known:
            continue
        them = state.strangers[address]
        fields = ContactFields(name=them.name or None, emails=[address])
        contact = add_contact(db, fields, today)
        assert contact.id is not None
        if them.last_id:
            on, direction = date.fromisoformat(them.last), "(out)" if them.last_out else "(in)"
            log_emails(db, [Email(them.last_id, on, (contact.id,), direction, them.last_out)])
        added.append(contact.name)
    return added, [a for a in wanted if a in known]


def _negated(day: str) -> int:
    return -date.fromisoformat(day).toordinal() if day else 0


def view(outcome: Outcome, dry_run: bool) -> dict[str, object]:
    """The scan as `--json` prints it and the screen draws it."""
    reading, names = outcome.reading, outcome.names
    return {
        "dry_run": dry_run,
        "read": reading.read,
        "logged": [
            {
                "message_id": f.message_id,
                "on": f.on.isoformat(),
                "direction": "out" if f.out else "in",
                "with": [names.get(c, f"#{c}") for c in f.contact_ids],
                "note": f.note,
            }
            for f in sorted(outcome.logged, key=lambda f: (f.on, f.message_id))
        ],
        "known": outcome.known,
        "lists": reading.lists,
        "bulk": reading.bulk,
        "strangers": reading.strangers,
        "replies": outcome.replies,
    }


def undone(reader: Reader, entry: int | None) -> bool:
    """Whether the scan recorded under undo entry `entry` is no longer in the
    store: taken back by `pln undo`, or the store is older than it (restored)."""
    if entry is None:
        return False
    rows = reader.tuples("SELECT undone_at FROM journal WHERE id = :e", {"e": entry})
    if rows:
        return rows[0][0] is not None
    newest = reader.tuples("SELECT max(id) FROM journal")
    return not newest or newest[0][0] is None or newest[0][0] < entry
