"""Resolving what the user typed (REF) to the stored record a command changes.

The matching itself is `reads.refs` (plain SQL, shared with the read-only
screens); this module hands back the ORM record, and knows one more rule:
a name part is looked for first among the people a command is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from plncrm.reads import refs as plain_refs
from plncrm.reads.refs import squeeze
from plncrm.store.models import Contact
from plncrm.store.plain import SessionReader
from plncrm.util.bounds import parse_id
from plncrm.util.text import fold


def by_email(session: Session, email: str) -> Contact | None:
    found = plain_refs.by_email(SessionReader(session), email)
    return session.get(Contact, found) if found is not None else None


def resolve(session: Session, ref: str) -> Contact:
    found = session.get(Contact, plain_refs.resolve_id(SessionReader(session), ref))
    assert found is not None
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


def named(session: Session, model: Any, ref: str, noun: str, plural: str) -> Any:
    """An event or community by id, exact name, or a unique part of its name."""
    table = model.__tablename__
    return session.get(model, plain_refs.named_id(SessionReader(session), table, ref, noun, plural))
