"""Contacts: adding, editing, tagging, listing, searching and removing people."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from plncrm.core import cadences, names, organisations, phones, refs
from plncrm.reads import contacts as plain_contacts
from plncrm.reads import settings
from plncrm.reads.contacts import ContactDetails
from plncrm.store.db import Db, add_row, connection, fetch, save
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact, Event, values
from plncrm.util import clock
from plncrm.util.batches import chunks
from plncrm.util.dates import parse_birthday
from plncrm.util.errors import Conflict, Invalid
from plncrm.util.social import handle_url
from plncrm.util.text import (
    fold,
    is_email,
    slug,
    strip_controls,
    tags_in,
)

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass
class ContactFields:
    """What `add-contact` and `edit` can set. None means "leave as it is";
    an empty string clears a single field; a list replaces that list."""

    name: str | None = None
    given: str | None = None  # the name's parts, when not as nameparser would split the name
    family: str | None = None
    akas: list[str] | None = None  # other names: another script, a nickname, a maiden name
    org: str | None = None
    role: str | None = None
    notes: str | None = None
    cadence: str | None = None
    pronouns: str | None = None
    birthday: str | None = None  # as typed: "1980-04-12" or "--04-12" (checked here)
    via: str | None = None
    met_at: str | None = None
    met_on: date | None = None
    emails: list[str] | None = None
    phones: list[str] | None = None
    links: list[str] | None = None
    tags: list[str] | None = None
    needs: list[str] | None = None
    offers: list[str] | None = None

    def lists(self) -> dict[str, list[str] | None]:
        return {
            "email": self.emails,
            "phone": self.phones,
            "link": self.links,
            "tag": self.tags,
            "need": self.needs,
            "offer": self.offers,
            "aka": self.akas,
        }


def detail_key(kind: str, value: str) -> str:
    """The form a detail is matched by: tags as slugs, links without scheme or
    "www.", phones as their digits, the rest case- and accent-folded."""
    if kind == "tag":
        return slug(value)
    if kind == "link":
        value = handle_url(value) or value
        key = re.sub(r"^[a-z][a-z0-9+.-]*://", "", fold(value)).removeprefix("www.")
        return key.rstrip("/")
    if kind == "past_role":
        from plncrm.core.roles import without_date

        return fold(without_date(value))
    if kind == "phone":
        digits = re.sub(r"[^\d]", "", value)
        return ("+" if value.strip().startswith("+") else "") + digits if digits else fold(value)
    return fold(value)


def clean(value: str | None) -> str | None:
    """User text without control characters, trimmed; None when nothing is left."""
    if value is None:
        return None
    cleaned = strip_controls(value).strip()
    return cleaned or None


def _check_value(kind: str, value: str) -> str:
    value = strip_controls(value).strip()
    if not value:
        raise Invalid(f"empty {kind}")
    if kind == "email" and not is_email(value):
        raise Invalid(f"not an email address: {value!r}")
    if kind == "tag" and not slug(value):
        raise Invalid(f"not a usable tag: {value!r}")
    return value


_OF_KIND = "contact_id = :contact_id AND kind = :kind"


def _set_details(db: Db, contact_id: int, kind: str, given: Iterable[str]) -> None:
    """Replace the contact's values of `kind` with `given` ('' alone clears them)."""
    given = [g for g in given if strip_controls(g).strip()]
    db.execute(
        f"DELETE FROM contact_detail WHERE {_OF_KIND}", {"contact_id": contact_id, "kind": kind}
    )
    _add_details(db, contact_id, kind, given, start=0)


# Another member may add the same tag meanwhile: the row already there stays.
_INSERT_NEW_DETAIL = (
    "INSERT INTO contact_detail (contact_id, kind, value, key, position) "
    "VALUES (:contact_id, :kind, :value, :key, :position) ON CONFLICT DO NOTHING"
)


def _add_details(
    db: Db, contact_id: int, kind: str, given: Iterable[str], start: int | None = None
) -> list[str]:
    """Add values not already present; return the ones added."""
    existing: dict[str, int] = dict(
        db.tuples(
            f"SELECT key, position FROM contact_detail WHERE {_OF_KIND}",
            {"contact_id": contact_id, "kind": kind},
        )
    )
    position = start if start is not None else (max(existing.values(), default=-1) + 1)
    if kind == "tag":
        given = [tag for raw in given for tag in (tags_in(raw) or [raw])]
    added, rows = [], []
    region = settings.load(db).phone_region if kind == "phone" else ""
    for raw in given:
        value = _check_value(kind, raw)
        if kind == "phone":
            value = phones.normalise(value, region)
        elif kind == "link":
            value = handle_url(value) or value  # "@ana@mastodon.social": her profile's URL
        key = detail_key(kind, value)
        if key in existing:
            continue
        existing[key] = position
        rows.append(
            {
                "contact_id": contact_id,
                "kind": kind,
                "value": value,
                "key": key,
                "position": position,
            }
        )
        position += 1
        added.append(value)
    db.many(_INSERT_NEW_DETAIL, rows)
    return added


def _ensure_email_free(db: Db, emails: Sequence[str], contact_id: int | None) -> None:
    if emails:
        db.lock("contacts")  # two members adding the same email take turns
    for email in emails:
        owner = refs.by_email(db, email)
        if owner is not None and owner.id != contact_id:
            raise Conflict(f"{email} already belongs to {owner.name} (#{owner.id})")


def _apply_name(contact: Contact, fields: ContactFields) -> None:
    """The name, split into its parts unless --given/--family say them."""
    if fields.name is not None:
        name = clean(fields.name)
        if not name or not names.visible(name):  # "\u200b" is no name
            raise Invalid("a contact needs a name")
        found = names.tidy(name)  # the rule every import follows: pronouns and emoji off
        if found.name and not names.looks_like_email(name):
            name = found.name
        contact.name, contact.name_key = name, fold(name)
        parts = found.parts
        contact.given, contact.middle, contact.family = parts.given, parts.middle, parts.family
        contact.prefix, contact.suffix = parts.prefix, parts.suffix
        contact.pronouns = found.pronouns or contact.pronouns
    for part in ("given", "family"):
        value = getattr(fields, part)
        if value is not None:
            setattr(contact, part, clean(value))


def _apply(db: Db, contact: Contact, fields: ContactFields, today: date) -> None:
    _apply_name(contact, fields)
    for attr in ("org", "role", "notes", "pronouns"):
        value = getattr(fields, attr)
        if value is not None:
            setattr(contact, attr, clean(value))
    if fields.birthday is not None:
        contact.birthday = parse_birthday(fields.birthday) if fields.birthday.strip() else None
    if fields.cadence is not None:
        contact.cadence = cadences.parse_cadence(fields.cadence)
    if fields.via is not None:
        if not fields.via.strip():
            contact.via_id = None
        else:
            via = refs.resolve(db, fields.via)
            if contact.id is not None and via.id == contact.id:
                raise Invalid(f"{contact.name} cannot be introduced by themself")
            contact.via_id = via.id
    if fields.met_at is not None:
        if fields.met_at.strip():
            from plncrm.core import events  # its times and zones: only for a meeting

            event = events.find_or_create(db, fields.met_at, on=fields.met_on or today)
            contact.met_event_id = event.id
            contact.met_on = fields.met_on or _kept_day(contact.met_on, event, today)
        else:
            contact.met_event_id = None
    if fields.met_on is not None:
        contact.met_on = fields.met_on


def _kept_day(met_on: date | None, event: Event, today: date) -> date:
    """The day met at a (corrected) event: the day already given when it falls
    within the event's days (or the event has none), else `events.met_day`
    (today while it is under way, else its first day)."""
    from plncrm.core.events import met_day

    if met_on is not None and (
        event.starts_on is None or event.starts_on <= met_on <= (event.ends_on or event.starts_on)
    ):
        return met_on
    return met_day(event, today)


def add_contact(source: Db | Session, fields: ContactFields, today: date) -> Contact:
    """Create a contact; its emails must not belong to anyone else yet."""
    if not fields.name or not clean(fields.name):
        if not fields.emails:
            raise Invalid("a contact needs a name or an email address")
        # Known only by an email: named from it until a name is known (`list --unnamed`).
        fields = replace(fields, name=names.from_email(fields.emails[0]))
    db = connection(source)
    _ensure_email_free(db, fields.emails or [], None)
    contact = Contact(name="", name_key="", created_at=clock.now(), source="added")
    _apply(db, contact, fields, today)
    contact.org, contact.org_id = organisations.placed(db, contact.org)
    add_row(db, contact)
    assert contact.id is not None
    for kind, given in fields.lists().items():
        if given:
            _add_details(db, contact.id, kind, given)
    _add_alternate(db, contact, fields.name)
    cadences.refresh(db, [contact.id])
    return contact


def _add_alternate(db: Db, contact: Contact, typed: str | None = None) -> None:
    """Keep the name's parts as an alternate name when they spell another one
    ("Hiroshi Tanaka" for 田中 浩), and the nickname a typed name gave in
    quotes ("Bernadette 'Bernie' Walsh"), so that finding them by either works."""
    assert contact.id is not None
    other = names.alternate(contact.name, names.NameParts(contact.given, contact.family))
    nicknames = list(names.tidy(typed).akas) if typed and clean(typed) else []
    if other or nicknames:
        _add_details(db, contact.id, "aka", [*([other] if other else []), *nicknames])


# The stored columns each field of `ContactFields` changes.
EDITS = {
    "name": ("name",),
    "given": ("given",),
    "family": ("family",),
    "org": ("org",),
    "role": ("role",),
    "notes": ("notes",),
    "cadence": ("cadence",),
    "via": ("via_id",),
    "met_at": ("met_event_id", "met_on"),
    "met_on": ("met_on",),
}


def edit_contact(
    source: Db | Session, contact: Contact, fields: ContactFields, today: date
) -> Contact:
    """Change what `fields` gives. If another member changed one of those same
    fields since `contact` was read, nothing is saved (Conflict): two people
    editing different fields both keep their change, and neither silently
    overwrites the other."""
    assert contact.id is not None
    db = connection(source)
    _ensure_email_free(db, fields.emails or [], contact.id)
    # Checked before applying: resolving --via or --met-at flushes, which
    # would make our own change look like someone else's.
    read = {
        attr: getattr(contact, attr)
        for name, attrs in EDITS.items()
        if getattr(fields, name) is not None
        for attr in attrs
    }
    _check_unchanged(db, contact, read)
    before = values(contact)
    _apply(db, contact, fields, today)
    if fields.org is not None:
        contact.org, contact.org_id = organisations.placed(db, contact.org)
    for kind, given in fields.lists().items():
        if given is not None:
            _set_details(db, contact.id, kind, given)
    save(db, contact, since=before)
    if fields.name is not None or fields.given is not None or fields.family is not None:
        _add_alternate(db, contact, fields.name)
    cadences.refresh(db, [contact.id])
    return contact


def _check_unchanged(db: Db, contact: Contact, read: dict[str, Any]) -> None:
    """Lock the stored row and check that the fields about to change still hold
    the values they were read with."""
    if not read:
        return
    same = "IS" if db.dialect == "sqlite" else "IS NOT DISTINCT FROM"
    where = " AND ".join(f"{attr} {same} :{attr}" for attr in read)
    lock = " FOR UPDATE" if db.dialect == "postgresql" else ""
    sql = f"SELECT id FROM contact WHERE id = :id AND {where}{lock}"
    if not db.tuples(sql, {**read, "id": contact.id}):
        names = ", ".join(a.removesuffix("_id") for a in read)
        raise Conflict(
            f"{contact.name} (#{contact.id}) was changed meanwhile by someone else ({names}); "
            "nothing was saved: look again (pln show) and repeat the edit"
        )


def add_tags(source: Db | Session, contact: Contact, tags: Sequence[str]) -> list[str]:
    assert contact.id is not None
    db = connection(source)
    added = _add_details(db, contact.id, "tag", tags)
    cadences.refresh(db, [contact.id])
    return added


def remove_tags(source: Db | Session, contact: Contact, tags: Sequence[str]) -> list[str]:
    assert contact.id is not None
    db = connection(source)
    keys = sorted({slug(t) for raw in tags for t in tags_in(raw)})
    which = {"contact_id": contact.id, "kind": "tag", "keys": keys}
    removed = [
        found
        for (found,) in db.tuples(
            f"SELECT value FROM contact_detail WHERE {_OF_KIND} AND key IN :keys ORDER BY id",
            which,
        )
    ]
    db.execute(f"DELETE FROM contact_detail WHERE {_OF_KIND} AND key IN :keys", which)
    cadences.refresh(db, [contact.id])
    return removed


def details_for(source: Reader | Session, contact_ids: Sequence[int]) -> dict[int, ContactDetails]:
    """The multi-valued fields of many contacts (`reads.contacts`)."""
    return plain_contacts.details_for(connection(source), contact_ids)


def get_many(source: Reader | Session, ids: Iterable[int | None]) -> dict[int, Contact]:
    db = connection(source)
    wanted = sorted({i for i in ids if i is not None})
    found: dict[int, Contact] = {}
    for chunk in chunks(wanted):
        rows = fetch(db, Contact, "id IN :ids", {"ids": chunk})
        found.update((c.id, c) for c in rows if c.id is not None)
    return found


def set_archived(source: Db | Session, contact: Contact, archived: bool) -> None:
    """Archive a contact (history kept; off lists, the agenda and suggestions),
    or bring them back."""
    if contact.archived == archived:
        state = "already archived" if archived else "not archived"
        raise Invalid(f"{contact.name} (#{contact.id}) is {state}")
    contact.archived = archived
    save(connection(source), contact, "archived")
