"""Introductions, the double opt-in way: ask each side privately, connect them
only when both agree, then follow up on what came of it.

Every step is dated and leaves an interaction on both timelines: with the
person we were in touch with, and *about* the other (which does not count as
being in touch with them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal

from plncrm.core import followups, interactions, refs
from plncrm.store import schema
from plncrm.store.db import Db, add_row, connection, fetch, get_row, save
from plncrm.store.kinds import INTRO_ANSWERS, INTRO_OPEN, INTRO_OUTCOMES
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact, Introduction
from plncrm.util import clock
from plncrm.util.bounds import check_id
from plncrm.util.errors import Conflict, Invalid, NotFound
from plncrm.util.text import one_line

if TYPE_CHECKING:
    from sqlmodel import Session

Side = Literal["a", "b"]


def get(source: Reader | Session, intro_id: int) -> Introduction:
    intro = get_row(connection(source), Introduction, check_id(intro_id))
    if intro is None:
        raise NotFound(f"no introduction with id {intro_id}")
    return intro


def parties(source: Reader | Session, intro: Introduction) -> tuple[Contact, Contact]:
    db = connection(source)
    a, b = get_row(db, Contact, intro.a_id), get_row(db, Contact, intro.b_id)
    assert a is not None
    assert b is not None
    return a, b


def find_open(source: Reader | Session, a: Contact, b: Contact) -> Introduction | None:
    low, high = sorted((a.id or 0, b.id or 0))
    found = fetch(
        connection(source),
        Introduction,
        "low_id = :low AND high_id = :high AND status IN :open ORDER BY id LIMIT 1",
        {"low": low, "high": high, "open": list(INTRO_OPEN)},
    )
    return found[0] if found else None


def _step(
    db: Db,
    intro: Introduction,
    note: str,
    on: date,
    with_: Sequence[Contact] = (),
    about: Sequence[Contact] = (),
    message_id: str | None = None,
) -> None:
    """Log a step; with nobody contacted (proposing, cancelling) it goes on both
    timelines as being *about* them. A step pln sent is the email it sent."""
    if not with_:
        about = parties(db, intro)
    kind, sent = ("email", message_id) if message_id else ("intro", None)
    interactions.log(
        db, with_, kind=kind, note=note, on=on, intro_id=intro.id, about=about, message_id=sent
    )


def propose(
    source: Db | Session, a: Contact, b: Contact, why: str, on: date, *, direct: bool = False
) -> Introduction:
    """Start an introduction. `direct`: both already agreed elsewhere, so skip the asking."""
    reason = one_line(why)
    if not reason:
        raise Invalid("say why they should meet (--why)")
    if a.id == b.id:
        raise Invalid(f"cannot introduce {a.name} to themself")
    db = connection(source)
    existing = find_open(db, a, b)
    if existing is not None:
        raise Conflict(
            f"an introduction between {a.name} and {b.name} is already open "
            f"(#{existing.id}, {existing.status})"
        )
    low, high = sorted((a.id or 0, b.id or 0))
    intro = Introduction(
        a_id=a.id or 0,
        b_id=b.id or 0,
        low_id=low,
        high_id=high,
        why=reason,
        direct=direct,
        proposed_on=on,
        created_at=clock.now(),
        status="agreed" if direct else "proposed",
    )
    if direct:
        intro.a_answer = intro.b_answer = "yes"
        intro.a_answered_on = intro.b_answered_on = on
    add_row(db, intro)
    how = "both already agreed" if direct else "double opt-in"
    _step(db, intro, f"Introduction of {a.name} and {b.name} proposed ({how}): {reason}", on)
    return intro


def side_of(source: Reader | Session, intro: Introduction, who: str) -> Side:
    """'a', 'b', or a contact REF naming one side of the introduction."""
    key = who.strip().lower()
    if key in ("a", "b"):
        return key  # type: ignore[return-value]
    contact = refs.resolve_among(source, who, parties(source, intro))
    if contact.id == intro.a_id:
        return "a"
    if contact.id == intro.b_id:
        return "b"
    raise Invalid(f"{contact.name} is not part of introduction #{intro.id}")


def _sides(db: Reader | Session, intro: Introduction, side: Side) -> tuple[Contact, Contact]:
    a, b = parties(db, intro)
    return (a, b) if side == "a" else (b, a)


def _must_be(intro: Introduction, *statuses: str) -> None:
    if intro.status not in statuses:
        needed = " or ".join(statuses)
        raise Conflict(f"introduction #{intro.id} is {intro.status}; this step needs it {needed}")


def ask_each(
    source: Db | Session, intro: Introduction, refs: Sequence[str], on: date
) -> list[Side]:
    """Ask each side named (a, b, or a contact in the introduction); return the sides asked."""
    db = connection(source)
    sides = [side_of(db, intro, ref) for ref in refs]
    for side in sides:
        ask(db, intro, side, on)
    return sides


def can_ask(intro: Introduction, side: Side) -> None:
    """A Conflict unless that side can be asked now (before an ask is sent)."""
    _must_be(intro, "proposed", "asking")
    if getattr(intro, f"{side}_answer") in ("yes", "no"):
        raise Conflict(f"side {side} already answered {getattr(intro, f'{side}_answer')}")


def ask(
    source: Db | Session,
    intro: Introduction,
    side: Side,
    on: date,
    *,
    message_id: str | None = None,
) -> None:
    """Record that one side was asked, privately, whether they would like to
    meet the other (`message_id`: pln sent the ask as that email)."""
    can_ask(intro, side)
    db = connection(source)
    before = schema.values(intro)
    setattr(intro, f"{side}_asked_on", on)
    intro.status = "asking"
    save(db, intro, since=before)
    who, other = _sides(db, intro, side)
    _step(
        db,
        intro,
        f"Asked {who.name} privately about meeting {other.name}: {intro.why}",
        on,
        [who],
        [other],
        message_id,
    )


def answer_prompt(intro_id: int, side: str) -> str:
    """How a follow-up asks for a side's answer (`pln mail scan` adds one when
    they reply to the ask): recording the answer closes it."""
    return f"record their answer: pln intros answer {intro_id} {side} yes|no"


def answer(source: Db | Session, intro: Introduction, side: Side, reply: str, on: date) -> bool:
    """Record a side's answer: yes, no (declines the introduction) or later;
    a follow-up that asked for it is done. False, and nothing written, when
    that side's answer is already this one (a second "later" is no news).
    The side whose no declined it may answer again (a mistaken no, found
    later than `pln undo` reaches): the introduction is open again."""
    reply = reply.strip().lower()
    if reply not in INTRO_ANSWERS:
        raise Invalid(f"answer one of: {', '.join(INTRO_ANSWERS)}")
    if getattr(intro, f"{side}_answer") == reply:
        return False
    db = connection(source)
    if intro.status == "declined" and getattr(intro, f"{side}_answer") != "no":
        _declined_by_the_other(db, intro, side)
    elif intro.status != "declined":
        _must_be(intro, "proposed", "asking")
    before = schema.values(intro)
    if getattr(intro, f"{side}_asked_on") is None:
        setattr(intro, f"{side}_asked_on", on)
    setattr(intro, f"{side}_answer", reply)
    setattr(intro, f"{side}_answered_on", on)
    if reply == "no":
        intro.status, intro.closed_on = "declined", on
    elif "no" in (intro.a_answer, intro.b_answer):
        intro.status = "declined"  # the other side's no still stands
    else:
        both = intro.a_answer == "yes" and intro.b_answer == "yes"
        intro.status, intro.closed_on = ("agreed" if both else "asking"), None
    save(db, intro, since=before)
    who, other = _sides(db, intro, side)
    _step(db, intro, f"{who.name} said {reply} to meeting {other.name}", on, [who], [other])
    followups.answered(db, who.id, answer_prompt(intro.id or 0, side), on)
    return True


def _declined_by_the_other(db: Reader | Session, intro: Introduction, side: Side) -> None:
    """The Conflict for an answer from the side that did not decline: it
    names who said no and how a mistaken no is changed."""
    other: Side = "b" if side == "a" else "a"
    if getattr(intro, f"{other}_answer") != "no":
        _must_be(intro, "proposed", "asking")
    who = _sides(db, intro, other)[0]
    raise Conflict(
        f"introduction #{intro.id} is declined: {who.name} said no on "
        f"{getattr(intro, f'{other}_answered_on')}; if that was a mistake, record their "
        f"answer again (pln intros answer {intro.id} {other} yes)"
    )


def can_introduce(source: Reader | Session, intro: Introduction) -> None:
    """A Conflict unless both have agreed and they are not introduced yet."""
    if intro.status in ("proposed", "asking"):
        waiting = [s for s in ("a", "b") if getattr(intro, f"{s}_answer") != "yes"]
        names = [_sides(source, intro, s)[0].name for s in waiting]  # type: ignore[arg-type]
        raise Conflict(f"not both agreed yet: waiting on {' and '.join(names)}")
    _must_be(intro, "agreed")


def introduce(
    source: Db | Session, intro: Introduction, on: date, *, message_id: str | None = None
) -> None:
    """Record that the introduction itself was sent, to both at once
    (`message_id`: pln sent it as that email)."""
    db = connection(source)
    can_introduce(db, intro)
    before = schema.values(intro)
    intro.status, intro.introduced_on = "introduced", on
    save(db, intro, since=before)
    a, b = parties(db, intro)
    _step(db, intro, f"Introduced {a.name} and {b.name}: {intro.why}", on, [a, b], (), message_id)


def record_outcome(
    source: Db | Session, intro: Introduction, outcome: str, on: date, note: str | None = None
) -> None:
    outcome = outcome.strip().lower()
    if outcome not in INTRO_OUTCOMES:
        raise Invalid(f"outcome is one of: {', '.join(INTRO_OUTCOMES)}")
    _must_be(intro, "introduced", "done")
    db = connection(source)
    before = schema.values(intro)
    intro.status, intro.outcome, intro.closed_on = "done", outcome, on
    intro.outcome_note = one_line(note) if note else None
    save(db, intro, since=before)
    a, b = parties(db, intro)
    text = f"Introduction of {a.name} and {b.name}: {outcome}" + (
        f" ({intro.outcome_note})" if intro.outcome_note else ""
    )
    _step(db, intro, text, on)


def cancel(source: Db | Session, intro: Introduction, on: date) -> None:
    _must_be(intro, *INTRO_OPEN)
    db = connection(source)
    before = schema.values(intro)
    intro.status, intro.closed_on = "cancelled", on
    save(db, intro, since=before)
    a, b = parties(db, intro)
    _step(db, intro, f"Introduction of {a.name} and {b.name} cancelled", on)
