"""Resolving what the user typed (REF) to the stored record a command changes.

The matching itself is `reads.refs` (plain SQL, shared with the read-only
screens); this module hands back the stored row, and knows one more rule:
a name part is looked for first among the people a command is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from plncrm.reads import refs as plain_refs
from plncrm.reads.refs import squeeze
from plncrm.store.db import connection, get_row
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact
from plncrm.util.bounds import parse_id
from plncrm.util.text import fold

if TYPE_CHECKING:
    from sqlmodel import Session


def by_email(source: Reader | Session, email: str) -> Contact | None:
    db = connection(source)
    found = plain_refs.by_email(db, email)
    return get_row(db, Contact, found) if found is not None else None


def resolve(source: Reader | Session, ref: str) -> Contact:
    db = connection(source)
    found = get_row(db, Contact, plain_refs.resolve_id(db, ref))
    assert found is not None
    return found


def resolve_among(source: Reader | Session, ref: str, among: Sequence[Contact]) -> Contact:
    """Like `resolve`, but a name part is looked for first among `among` (the
    two sides of an introduction, an event's guests): "grace" names the one
    Grace there even when the network has several."""
    text = ref.strip()
    if text and parse_id(text) is None and "@" not in text and not plain_refs.negative_id(text):
        key, squeezed = fold(text), squeeze(fold(text))
        exact = [c for c in among if c.name_key == key]
        found = exact or [c for c in among if key in c.name_key or squeezed in squeeze(c.name_key)]
        if len({c.id for c in found}) == 1:
            return found[0]
    return resolve(source, ref)


def named(source: Reader | Session, model: Any, ref: str, noun: str, plural: str) -> Any:
    """An event or community by id, exact name, or a unique part of its name."""
    db = connection(source)
    return get_row(db, model, plain_refs.named_id(db, model.__tablename__, ref, noun, plural))
