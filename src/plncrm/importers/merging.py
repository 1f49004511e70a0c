"""Writing what a record adds to a contact already stored: new details, a
first "connected" interaction, fields the contact lacked, and a newer
organisation or role (the old one kept as a past role)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING, Any

from plncrm.core import followups
from plncrm.core.contacts import detail_key
from plncrm.core.names import PARTS, looks_like_email
from plncrm.core.roles import past_role
from plncrm.importers.jobs import former_job, fuller_title, same_organisation, same_title
from plncrm.importers.known import Known, key_of
from plncrm.importers.records import Former, Record, Updated, clean, with_kept
from plncrm.store import journal
from plncrm.store.db import Db, connection, get_row, save
from plncrm.store.db import value as first_value
from plncrm.store.kinds import DETAIL_KINDS, JOB_CHANGE
from plncrm.store.schema import Contact, new_uid, values
from plncrm.util import clock
from plncrm.util.text import fold, strip_controls

if TYPE_CHECKING:
    from sqlmodel import Session

INSERT_DETAIL = (
    "INSERT INTO contact_detail (contact_id, kind, value, key, position) "
    "VALUES (:contact_id, :kind, :value, :key, :position)"
)


def details(
    contact_id: int, record: Record, known: set[tuple[str, str]]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for kind in DETAIL_KINDS:
        position = sum(1 for k, _ in known if k == kind)
        for raw in record.values(kind):
            value = clean(raw)
            if not value:
                continue
            key = key_of(kind, value)
            if not key or (kind, key) in known:
                continue
            known.add((kind, key))
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
    return rows


def insert_sql(table: str, names: Iterable[str]) -> str:
    """An INSERT of one row of `table` with these columns (quoted: an event
    has a column called "where"), as `:name` parameters."""
    listed = list(names)
    quoted = ", ".join(f'"{n}"' for n in listed)
    return f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(':' + n for n in listed)})"


def insert_ids(db: Db, table: str, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert rows (each with the same columns) in one executemany and return
    their ids, in order: the ids the engine would give them one by one, never
    one it gave before (a deleted or merged-away number stays spent; migration
    0015). SQLite: ids are given up front from the table's AUTOINCREMENT
    counter (this transaction holds the write lock), and the counter moves past
    them; PostgreSQL: they are taken from the table's sequence in one query."""
    if not rows:
        return []
    if db.dialect == "sqlite":
        counter = first_value(
            db, "SELECT seq FROM sqlite_sequence WHERE name = :name", {"name": table}
        )
        highest = first_value(db, f"SELECT max(id) FROM {table}")
        start = max(int(counter or 0), int(highest or 0)) + 1
        ids = list(range(start, start + len(rows)))
    else:
        given = db.tuples(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)",
            {"table": table, "n": len(rows)},
        )
        ids = sorted(int(found) for (found,) in given)
    db.many(
        insert_sql(table, ["id", *rows[0]]),
        [{**row, "id": i} for row, i in zip(rows, ids, strict=True)],
    )
    if db.dialect == "sqlite":
        # SQLite moves the counter past an id given explicitly; said here too,
        # so that it holds whatever the engine's version.
        db.execute(
            "UPDATE sqlite_sequence SET seq = :seq WHERE name = :name AND seq < :seq",
            {"seq": ids[-1], "name": table},
        )
    return ids


def connect(db: Db, pairs: Sequence[tuple[int, date | None]], note: str, now: datetime) -> None:
    """Record "connected on" dates as each contact's first interaction."""
    dated = [(cid, day) for cid, day in pairs if day is not None]
    if not dated:
        return
    member = db.member or None
    rows = [
        {
            "uid": new_uid(),
            "happened_on": day,
            "kind": "connected",
            "note": note,
            "created_at": now,
            "created_by": member,
        }
        for _, day in dated
    ]
    ids = insert_ids(db, "interaction", rows)
    db.many(
        "INSERT INTO interaction_contact (interaction_id, contact_id, role) "
        "VALUES (:interaction_id, :contact_id, :role)",
        [
            {"interaction_id": iid, "contact_id": cid, "role": "with"}
            for iid, (cid, _) in zip(ids, dated, strict=True)
        ],
    )


def merge_into(
    into: Db | Session,
    contact_id: int,
    record: Record,
    known: Known,
    note: str,
    now: datetime,
    *,
    today: date | None = None,
    updated: list[Updated] | None = None,
    source: str = "import",
    former: list[Former] | None = None,
    met_today: bool = False,
) -> bool:
    """Add what the record knows and the contact lacks; True if anything changed.
    The record's notes are appended, marked with their `source` and day, unless
    the contact's notes hold them already. With `today`, a newer organisation or
    role replaces the stored one, which is kept as a past role, and the change
    is added to `updated`; with `met_today` (the record says who they are
    today: a kiosk visit, a badge scanned today) one first recorded today is
    corrected in place (`recorded_today`); an organisation or role the contact has left (one of
    its past roles) is stale: nothing of the record's job is taken, and it is
    added to `former`."""
    db = connection(into)
    new_details = details(contact_id, record, known.keys[contact_id])
    known.held(contact_id, new_details)
    changed = bool(new_details)
    contact = get_row(db, Contact, contact_id)
    if contact is None:  # pragma: no cover - matched from this transaction's own reads
        return changed
    before = values(contact)
    stale = None
    if today is not None:
        stale = _stale_job(contact, record, known.keys[contact_id])
        if stale is not None and former is not None:
            former.append(stale)
    if today is not None and stale is None:
        change = _new_role(db, contact, record, known.keys[contact_id], today, met_today)
        if not change:
            change = _written_out(contact, record)
        elif not change.startswith(CORRECTED):  # a new job: its address comes first
            _primary_email(db, contact_id, new_details)
        if change and updated is not None:
            updated.append(Updated(record.line, contact.name, change))
        changed |= bool(change)
    said = f"{source}, {today or clock.day_of(now)}"
    changed |= _fill(contact, record, said, job=stale is None)
    if record.connected_on and (contact_id, record.connected_on) not in known.connected:
        known.connected.add((contact_id, record.connected_on))
        connect(db, [(contact_id, record.connected_on)], note, now)
        if contact.last_contacted is None or contact.last_contacted < record.connected_on:
            contact.last_contacted = record.connected_on
        changed = True
    if new_details:
        db.many(INSERT_DETAIL, new_details)
    save(db, contact, since=before)
    return changed


def more_notes(notes: str | None, more: str | None, said: str) -> str | None:
    """`notes` with `more` appended under where it came from ("From vcard,
    2026-10-02: …"); unchanged when the notes hold it already (the same file
    imported again), or when there is nothing more."""
    more = (more or "").strip()
    if not more or more in (notes or ""):
        return notes
    return f"{notes}\nFrom {said}: {more}" if notes else more


def absorb(target: Record, extra: Record, said: str) -> bool:
    """Merge a later row of the same file into a contact not yet written; True
    if it added anything. Its notes are appended (`more_notes`)."""
    notes = more_notes(target.notes, extra.notes, said)
    changed = notes != target.notes
    target.notes = notes
    for kind in DETAIL_KINDS:
        have = {detail_key(kind, v) for v in target.values(kind)}
        for value in extra.values(kind):
            if detail_key(kind, value) not in have:
                target.values(kind).append(value)
                changed = True
    for attr in (
        "org",
        "role",
        "birthday",
        "pronouns",
        "connected_on",
        "met_at",
        "met_on",
        "via",
        "cadence",
        "last_contacted",
    ):
        if getattr(extra, attr) and not getattr(target, attr):
            setattr(target, attr, getattr(extra, attr))
            changed = True
    fresh = [c for c in extra.communities if fold(c) not in {fold(t) for t in target.communities}]
    target.communities += fresh
    lines = [line for line in extra.kept if line not in target.kept]
    target.kept += lines
    return changed or bool(fresh) or bool(lines)


def _fill(contact: Contact, record: Record, said: str, job: bool = True) -> bool:
    """Give the contact what it lacks, and the record's notes after its own
    (`more_notes`); a contact named from its email takes the record's name.
    Without `job`, the record's organisation and role are not taken (stale)."""
    changed = False
    if looks_like_email(contact.name) and record.name and not looks_like_email(record.name):
        contact.name, contact.name_key = clean(record.name) or contact.name, fold(record.name)
        changed = True
    for attr in (*(("org", "role") if job else ()), "birthday", "pronouns", *PARTS):
        value = clean(getattr(record, attr))
        if value and not getattr(contact, attr):
            setattr(contact, attr, value)
            changed = True
    notes = more_notes(contact.notes, strip_controls(record.notes or ""), said)
    if notes != contact.notes:
        contact.notes, changed = notes, True
    notes = with_kept(contact.notes, record.kept)  # what could not be stored as it was
    if notes != contact.notes:
        contact.notes, changed = notes, True
    return changed


def _stale_job(contact: Contact, record: Record, keys: set[tuple[str, str]]) -> Former | None:
    """The record's organisation or role, where it would change the contact
    (or fill it in) and is one of the contact's past roles (`jobs.former_job`),
    or None. The same job written another way is no change, stale or not."""
    org, role = clean(record.org), clean(record.role)
    org = org if org and not (contact.org and same_organisation(contact.org, org)) else None
    role = role if role and not (contact.role and same_title(contact.role, role)) else None
    if not former_job([key for kind, key in keys if kind == "past_role"], org, role):
        return None
    if org and role:
        found = f"job {role} at {org}"
    else:
        found = f"organisation {org}" if org else f"title {role}"
    return Former(record.line, contact.name, found, past_role(contact.role, contact.org, None))


def _new_role(
    db: Db,
    contact: Contact,
    record: Record,
    keys: set[tuple[str, str]],
    today: date,
    met_today: bool = False,
) -> str | None:
    """Take the record's organisation and role when they differ from the
    stored ones (a job change in a newer LinkedIn export), keeping the old as a
    past role until `today`, and add a follow-up due today to congratulate
    them; None when nothing changed (`jobs`: the same job written shorter or
    otherwise). A record that repeats a past role (an older file than what the
    store knows) never reaches here (`_stale_job`)."""
    org, role = clean(record.org), clean(record.role)
    if not contact.org and not contact.role:
        return None  # nothing to replace: `_fill` gives them
    # A badge's "Dir. Curriculum" is the "Director of Curriculum & Instruction"
    # known, "Hinsdale CCSD 181" the district spelled out: only a job that
    # differs once abbreviations, acronyms and punctuation are set aside is new.
    new_org = org if org and contact.org and not same_organisation(contact.org, org) else None
    new_role = role if role and contact.role and not same_title(contact.role, role) else None
    if not new_org and not new_role:
        return None
    if role and fuller_title(contact.role, role):  # a new organisation; the title written out
        new_role = role
    fresh = recorded_today(db, contact, today) if met_today else set()
    if (not new_org or "org" in fresh) and (not new_role or "role" in fresh):
        return _corrected(contact, new_org, new_role)
    before = past_role(contact.role, contact.org, today)
    key = detail_key("past_role", before)
    if ("past_role", key) not in keys:
        position = sum(1 for kind, _ in keys if kind == "past_role")
        db.execute(
            INSERT_DETAIL,
            {
                "contact_id": contact.id,
                "kind": "past_role",
                "value": before,
                "key": key,
                "position": position,
            },
        )
        keys.add(("past_role", key))
    said = []
    if new_role:
        said.append(f"role {contact.role} → {new_role}")
        contact.role = new_role
    if new_org:
        said.append(f"organisation {contact.org} → {new_org}")
        contact.org = new_org
    # On the agenda today, not only a line of the import's summary; the line
    # below it says where they moved from and asks who replaces them there
    # (`agenda.job_changes`: a move leaves a gap in the network).
    followups.create(
        db,
        f"Congratulate {contact.name} on the new role",
        due=today,
        contact=contact,
        source=JOB_CHANGE,
    )
    return "; ".join(said)


CORRECTED = "corrected what was recorded today: "


def recorded_today(db: Db, contact: Contact, today: date) -> set[str]:
    """Which of the contact's "org" and "role" were first recorded today (by
    anything since the day began: a kiosk visit, an import, an edit; the undo
    journal tells, else when the contact was added). A value first recorded
    today is no past role for someone met today: what they say the same day
    corrects it (a visitor sending the kiosk's form again to fix a typo). A
    file of unknown age (LinkedIn, vCard) imported the same day still makes a
    job change: the older file's job is their history, not a typo."""
    assert contact.id is not None
    since = datetime.combine(today, time.min).astimezone(timezone.utc)  # the local day began
    first = journal.first_change_since(db, "contact", contact.id, since)
    if first is None:
        added = contact.created_at and clock.day_of(contact.created_at) == today
        return {"org", "role"} if added else set()
    _, old = first
    if old is None:  # added today
        return {"org", "role"}
    return {attr for attr in ("org", "role") if old.get(attr) != getattr(contact, attr)}


def _corrected(contact: Contact, org: str | None, role: str | None) -> str:
    """Today's organisation or role replaced in place: no past role, nothing
    to congratulate (the job change, if any, was congratulated when made)."""
    said = []
    if role:
        said.append(f"role {contact.role} → {role}")
        contact.role = role
    if org:
        said.append(f"organisation {contact.org} → {org}")
        contact.org = org
    return CORRECTED + "; ".join(said)


def _written_out(contact: Contact, record: Record) -> str | None:
    """The same job with its title written out more fully (`jobs.fuller_title`:
    LinkedIn's "Director of Curriculum & Instruction" for a badge's "Dir.
    Curriculum"): taken as a correction, with no past role and nothing to
    congratulate; None when the record's title is no fuller."""
    role = clean(record.role)
    if not role or not contact.role or not fuller_title(contact.role, role):
        return None
    said = f"title written out: {contact.role} → {role}"
    contact.role = role
    return said


def _primary_email(db: Db, contact_id: int, new_details: list[dict[str, object]]) -> None:
    """The emails a file with someone's new job brings come first: the old
    job's address is the one that no longer reaches them."""
    fresh = [row for row in new_details if row["kind"] == "email"]
    if not fresh:
        return
    db.execute(
        "UPDATE contact_detail SET position = position + :more "
        "WHERE contact_id = :contact_id AND kind = 'email'",
        {"more": len(fresh), "contact_id": contact_id},
    )
    for position, row in enumerate(fresh):
        row["position"] = position
