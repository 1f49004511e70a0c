"""Resolving what the user typed (REF) to exactly one contact, never by guessing.

An id ("12" or "#12"), an email, an exact name, or a unique case- and
accent-insensitive part of a name. No match: an error naming close candidates.
Several: an error listing them with their ids, so the user can pick one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from plncrm.store.models import Contact, ContactDetail
from plncrm.util.bounds import parse_id
from plncrm.util.errors import Ambiguous, NotFound
from plncrm.util.text import escape_like, fold, one_line

MAX_LISTED = 8


def by_email(session: Session, email: str) -> Contact | None:
    owner = session.execute(
        select(Contact)
        .join(ContactDetail, col(ContactDetail.contact_id) == col(Contact.id))
        .where(col(ContactDetail.kind) == "email", col(ContactDetail.key) == fold(email))
        .limit(1)
    ).scalar()
    return owner


def _describe(contacts: list[Contact]) -> str:
    shown = ", ".join(f"#{c.id} {one_line(c.name)}" for c in contacts[:MAX_LISTED])
    more = len(contacts) - MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


# Typed names are matched without these: "dandre" finds D'Andre, "oconnell" O'Connell.
SQUEEZED = ("'", "\u2019", "-", ".", " ")


def squeeze(key: str) -> str:
    for mark in SQUEEZED:
        key = key.replace(mark, "")
    return key


def _squeezed(column: Any) -> Any:
    """`squeeze` in SQL, the same on SQLite and PostgreSQL."""
    for mark in SQUEEZED:
        column = func.replace(column, mark, "")
    return column


def _by_id(session: Session, model: Any, text: str, noun: str) -> Any:
    """The record `text` names by id ("12", "#12"); None when it is not an id."""
    number = parse_id(text)
    if number is None:
        return None
    found = session.get(model, number)
    if found is None:
        raise NotFound(f"no {noun} with id {number}")
    return found


def resolve_among(session: Session, ref: str, among: Sequence[Contact]) -> Contact:
    """Like `resolve`, but a name part is looked for first among `among` (the
    two sides of an introduction, an event's guests): "grace" names the one
    Grace there even when the network has several."""
    text = ref.strip()
    if text and parse_id(text) is None and "@" not in text:
        key, squeezed = fold(text), squeeze(fold(text))
        exact = [c for c in among if c.name_key == key]
        found = exact or [c for c in among if key in c.name_key or squeezed in squeeze(c.name_key)]
        if len({c.id for c in found}) == 1:
            return found[0]
    return resolve(session, ref)


def resolve(session: Session, ref: str) -> Contact:
    text = ref.strip()
    if not text:
        raise NotFound("no contact given")
    contact: Contact | None = _by_id(session, Contact, text, "contact")
    if contact is not None:
        return contact
    if "@" in text:
        owner = by_email(session, text)
        if owner is not None:
            return owner
    key = fold(text)
    exact = list(
        session.execute(
            select(Contact).where(col(Contact.name_key) == key).order_by(col(Contact.id))
        ).scalars()
    )
    if len(exact) == 1:
        return exact[0]  # type: ignore[no-any-return]
    if len(exact) > 1:
        raise Ambiguous(
            f"{len(exact)} contacts are named {one_line(text)!r}: {_describe(exact)}; use an id"
        )
    also = _known_as(session, key)
    if len(also) == 1:
        return also[0]
    escaped, squeezed = escape_like(key), escape_like(squeeze(key))
    aka_like = select(col(ContactDetail.contact_id)).where(
        col(ContactDetail.kind) == "aka", col(ContactDetail.key).like(f"%{escaped}%", escape="\\")
    )
    partial = list(
        session.execute(
            select(Contact)
            .where(
                col(Contact.name_key).like(f"%{escaped}%", escape="\\")
                | _squeezed(col(Contact.name_key)).like(f"%{squeezed}%", escape="\\")
                | col(Contact.id).in_(aka_like)
            )
            .order_by(col(Contact.name_key), col(Contact.id))
            .limit(MAX_LISTED * 4)
        ).scalars()
    )
    if len(partial) == 1:
        return partial[0]  # type: ignore[no-any-return]
    if partial:
        raise Ambiguous(
            f"{one_line(text)!r} matches several contacts: {_describe(partial)}; use an id or a fuller name"
        )
    raise NotFound(f"no contact matches {one_line(text)!r}{_suggestions(session, key)}")


def _known_as(session: Session, key: str) -> list[Contact]:
    """Contacts with the alternate name `key` exactly ("Hiroshi Tanaka" for 田中 浩)."""
    return list(
        session.execute(
            select(Contact)
            .join(ContactDetail, col(ContactDetail.contact_id) == col(Contact.id))
            .where(col(ContactDetail.kind) == "aka", col(ContactDetail.key) == key)
            .order_by(col(Contact.id))
            .limit(2)
        ).scalars()
    )


def _suggestions(session: Session, key: str) -> str:
    from rapidfuzz import fuzz, process

    names = dict(session.execute(select(col(Contact.id), col(Contact.name_key))).all())
    if not names:
        return ""
    best = process.extract(key, names, scorer=fuzz.WRatio, limit=3, score_cutoff=60)
    if not best:
        return ""
    found = [session.get(Contact, cid) for _, _, cid in best]
    return "; did you mean " + _describe([c for c in found if c is not None]) + "?"


def named(session: Session, model: Any, ref: str, noun: str, plural: str) -> Any:
    """An event or community by id ("12", "#12"), exact name, or a unique part
    of its name; otherwise an error that lists the candidates or says where to look."""
    text = ref.strip()
    found = _by_id(session, model, text, noun)
    if found is not None:
        return found
    key = fold(text)
    exact = session.execute(
        select(model).where(model.name_key == key).order_by(model.id).limit(1)
    ).scalar()
    if exact is not None:
        return exact
    escaped = escape_like(key)
    partial = list(
        session.execute(
            select(model)
            .where(model.name_key.like(f"%{escaped}%", escape="\\"))
            .order_by(model.id)
            .limit(9)
        ).scalars()
    )
    if len(partial) == 1:
        return partial[0]
    if partial:
        listed = ", ".join(f"#{p.id} {one_line(p.name)}" for p in partial[:8])
        raise Ambiguous(f"{one_line(text)!r} matches several {plural}: {listed}; use an id")
    raise NotFound(f"no {noun} matches {one_line(text)!r} (pln {plural} lists them)")
