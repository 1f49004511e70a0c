"""Rows people typed about themselves (a webinar's registration form, the name
they gave Zoom) meeting contacts already stored: the kiosk's rule (`visitors`)
for whole files. Anyone can type anyone's address, so such a row is matched by
its email alone (`Known.match(by_email=True)`), and nothing stored about a
known contact changes: not their organisation or role (so no job-change line
on the agenda), name, phones or addresses. What the row says that differs is
kept on a note "(not applied)" on their timeline and named in the import's
summary, for the networker to check and apply by hand. A contact known only
by an address still takes the row's name, as at the kiosk."""

from __future__ import annotations

from datetime import date

from plncrm.core import interactions
from plncrm.core.names import looks_like_email
from plncrm.importers.jobs import same_organisation, same_title
from plncrm.importers.known import Known, key_of, record_keys
from plncrm.importers.records import Record, Report, Updated, clean
from plncrm.store.db import Db, get_row
from plncrm.store.schema import Contact

NOT_APPLIED = " (not applied)"


def differences(contact: Contact, record: Record, known: Known) -> list[str]:
    """What the row says about the contact that the store does not hold."""
    assert contact.id is not None
    said = []
    names = known.names.get(contact.id, set())
    name = clean(record.name)
    if name and not looks_like_email(contact.name) and not set(record_keys(record)) & names:
        said.append(f"name {name}")
    org, role = clean(record.org), clean(record.role)
    if org and not (contact.org and same_organisation(contact.org, org)):
        said.append(f"organisation {org}")
    if role and not (contact.role and same_title(contact.role, role)):
        said.append(f"role {role}")
    keys = known.keys.get(contact.id, set())
    for kind in ("email", "phone", "link"):
        for value in record.values(kind):
            if (key := key_of(kind, value)) and (kind, key) not in keys:
                said.append(f"{kind} {clean(value)}")
    for line in (record.notes or "").splitlines():  # what they asked: kept, whatever it says
        typed = clean(line)
        if typed and typed not in (contact.notes or ""):
            said.append(typed)
    return said


def as_known(db: Db, contact_id: int, record: Record, known: Known, report: Report) -> Record:
    """The row as it may touch the known contact it matched: its name alone
    (`merging._fill` gives it only to a contact named from its address). What
    differs is added to `report.not_applied`, for `notes`."""
    contact = get_row(db, Contact, contact_id)
    if contact is not None:
        said = differences(contact, record, known)
        if said:
            report.not_applied.append(Updated(record.line, contact.name, "; ".join(said)))
            report.not_applied_ids.append(contact_id)
    return Record(line=record.line, name=record.name)


def notes(db: Db, report: Report, where: str, today: date) -> None:
    """One note a contact of `report.not_applied`: "WHERE, they wrote:
    organisation X; role Y (not applied)", unless they have it already (the same file
    imported again adds nothing, and its summary says them apart: `not_applied_before`)."""
    pairs = list(zip(report.not_applied_ids, report.not_applied, strict=True))
    report.not_applied, report.not_applied_ids = [], []
    for contact_id, typed in pairs:
        note = f"{where}, they wrote: {typed.change}{NOT_APPLIED}"
        had = db.tuples(
            "SELECT 1 FROM interaction i JOIN interaction_contact ic "
            "ON ic.interaction_id = i.id WHERE ic.contact_id = :id AND i.kind = 'note' "
            "AND i.note = :note",
            {"id": contact_id, "note": note},
        )
        person = get_row(db, Contact, contact_id)
        if had:
            report.not_applied_before.append(typed.name)
        elif person is not None:
            report.not_applied.append(typed)
            report.not_applied_ids.append(contact_id)
            # About them, not with them: what a file says they typed is not being in
            # touch (it would close the strike-out follow-up of someone just met).
            interactions.log(db, [], kind="note", note=note, on=today, about=[person])
