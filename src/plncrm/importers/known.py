"""Matching a file's records against the store: by uid (our own exports), by
email, then by profile link, then by the same name at the same organisation
(written the same or differently: "Oakridge High" / "Oakridge High School"),
never pairing two people whose emails or profile links differ.
Loaded once per import, so matching costs no queries."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.core.contacts import detail_key
from plncrm.importers.records import Record
from plncrm.store.kinds import DETAIL_KINDS
from plncrm.store.models import Contact, ContactDetail, Interaction, InteractionContact
from plncrm.util.text import fold

# Words schools and companies are written with and without, and common short forms.
_NOISE = frozenset(("the", "inc", "llc", "ltd", "co", "gmbh", "plc"))
_SHORT = {"usd": "unified school district", "isd": "independent school district",
          "sd": "school district", "hs": "high school", "ms": "middle school",
          "es": "elementary school", "elem": "elementary", "st": "saint", "univ": "university",
          "acad": "academy", "intl": "international"}  # fmt: skip
SAME_ORG_SCORE = 90  # rapidfuzz token-set ratio from which two spellings are one organisation


def org_key(org: str) -> str:
    """An organisation's name without case, accents, punctuation, "The" or "Inc"."""
    words = re.sub(r"[^\w]+", " ", fold(org)).split()
    return " ".join(_SHORT.get(w, w) for w in words if w not in _NOISE)


def same_org(a: str | None, b: str | None) -> bool:
    """Whether two spellings name one organisation ("Oakridge High" and
    "Oakridge High School"; "Riverside USD" and "Riverside Unified School
    District"; "CPS" and "Chicago Public Schools")."""
    if not a or not b:
        return False
    ka, kb = org_key(a), org_key(b)
    if ka == kb:
        return True
    from rapidfuzz import fuzz

    shorter, longer = sorted((ka.split(), kb.split()), key=len)
    # One name's words all within the other's, first word alike: the same school written short.
    if shorter and shorter[0] == longer[0] and set(shorter) <= set(longer):
        return True
    # An acronym of the other: "CPS" and "Chicago Public Schools".
    if len(shorter) == 1 and len(longer) > 1 and shorter[0] == "".join(w[0] for w in longer):
        return True
    return fuzz.ratio(ka, kb) >= SAME_ORG_SCORE


class Known:
    """What the store already holds, loaded once, so matching costs no queries."""

    def __init__(self, session: Session) -> None:
        self.by_key: dict[tuple[str, str], int] = {}
        self.keys: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for contact_id, kind, key in session.execute(
            select(col(ContactDetail.contact_id), col(ContactDetail.kind), col(ContactDetail.key))
        ):
            self.keys[contact_id].add((kind, key))
            if kind in ("email", "link"):
                self.by_key.setdefault((kind, key), contact_id)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        # Namesakes by which strong identifiers they lack: "email", "link" or both.
        self.lacking: dict[frozenset[str], dict[str, list[int]]] = {
            frozenset(kinds): defaultdict(list)
            for kinds in (("email",), ("link",), ("email", "link"))
        }
        self.org: dict[int, str | None] = {}
        self.by_uid: dict[str, int] = {}
        has: dict[int, set[str]] = defaultdict(set)
        for (kind, _), cid in self.by_key.items():
            has[cid].add(kind)
        for contact_id, name_key, org, uid in session.execute(
            select(col(Contact.id), col(Contact.name_key), col(Contact.org), col(Contact.uid))
        ):
            if uid:
                self.by_uid[uid] = contact_id
            self.by_name[name_key].append(contact_id)
            self._file_lacking(contact_id, name_key, has.get(contact_id, set()))
            self.org[contact_id] = fold(org) if org else None
        self.connected: set[tuple[int, date]] = {
            (contact_id, day)
            for contact_id, day in session.execute(
                select(col(InteractionContact.contact_id), col(Interaction.happened_on))
                .join(Interaction, col(Interaction.id) == col(InteractionContact.interaction_id))
                .where(col(Interaction.kind) == "connected")
            )
        }

    def match(self, record: Record) -> int | None:
        if record.uid and record.uid in self.by_uid:
            return self.by_uid[record.uid]  # our own export, read back
        for kind in ("email", "link"):
            for value in record.values(kind):
                found = self.by_key.get((kind, detail_key(kind, value)))
                if found is not None:
                    return found
        # Two people of the same name are different people when both have
        # emails (or both have profile links) and none of them matched above.
        strong = frozenset(kind for kind in ("email", "link") if record.values(kind))
        same_name = (self.lacking[strong] if strong else self.by_name).get(fold(record.name), [])
        org = fold(record.org) if record.org else None
        found = None
        for cid in same_name:
            if not org or not self.org.get(cid) or same_org(self.org[cid], org):
                if found is not None:
                    return None  # several could be them: never guess
                found = cid
        return found

    def _file_lacking(self, contact_id: int, name_key: str, has: set[str]) -> None:
        for kinds, names in self.lacking.items():
            if not kinds & has:
                names[name_key].append(contact_id)

    def remember(self, contact_id: int, record: Record) -> None:
        if record.uid:
            self.by_uid.setdefault(record.uid, contact_id)
        self.by_name[fold(record.name)].append(contact_id)
        self._file_lacking(
            contact_id, fold(record.name), {k for k in ("email", "link") if record.values(k)}
        )
        self.org.setdefault(contact_id, fold(record.org) if record.org else None)
        for kind in DETAIL_KINDS:
            for value in record.values(kind):
                key = detail_key(kind, value)
                self.keys[contact_id].add((kind, key))
                if kind in ("email", "link"):
                    self.by_key.setdefault((kind, key), contact_id)
