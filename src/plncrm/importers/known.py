"""Matching a file's records against the store: by uid (our own exports), by
email, then by profile link, then by the same name (credentials, honorifics,
pronouns and emoji taken off: "Dr. Stephanie Hale", "Alvarez, Ed.D.") at the
same organisation (written the same or differently: "Oakridge High" /
"Oakridge High School"), then by a nickname or formal name (Bill / William)
at the same organisation. A given name someone goes by (Bernie, an aka of
Bernadette Walsh) counts as theirs, and typographic apostrophes and quotes
as plain ones ("O’Malley" is O'Malley). Never pairing two people whose
emails differ, or whose links to the same site differ (a Twitter link and a
LinkedIn profile are no evidence either way).
Loaded once per import, so matching costs no queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from plncrm.core.contacts import detail_key
from plncrm.core.names import NameParts, aka_keys, person_key
from plncrm.core.nicknames import nickname_keys
from plncrm.core.org_names import same_org
from plncrm.importers.records import Record
from plncrm.store.db import connection
from plncrm.store.kinds import DETAIL_KINDS
from plncrm.store.plain import Reader, day
from plncrm.util.batches import chunks
from plncrm.util.text import fold, match_fold, plain_quotes

if TYPE_CHECKING:
    from sqlmodel import Session


def _site(link_key: str) -> str:
    """What kind of link a link key is: its host ("linkedin.com", "twitter.com")."""
    return link_key.split("/", 1)[0]


# `contacts.detail_key`, remembered: an import asks it about each of a row's
# values several times (matching, remembering, writing), a link's costing a
# dozen regular expressions.
key_of = lru_cache(maxsize=1 << 16)(detail_key)


def record_key(record: Record) -> str:
    """The record's name as matching reads it (`names.person_key`)."""
    return person_key(record.name, _parts(record))


def record_keys(record: Record) -> list[str]:
    """Every key the record's name is matched by: as matching reads it, as
    written, and with each given name they go by (`names.aka_keys`)."""
    return list(
        _name_keys(
            record.name,
            tuple(record.akas),
            record.given,
            record.family,
            record.prefix,
            record.suffix,
            record.middle,
        )
    )


@lru_cache(maxsize=1 << 12)
def _name_keys(name: str, akas: tuple[str, ...], *parts: str | None) -> tuple[str, ...]:
    """`record_keys`, remembered (matching and remembering a row both ask)."""
    known_as = NameParts(*parts)
    keys = [person_key(name, known_as), match_fold(name)]
    return tuple(dict.fromkeys([*keys, *sorted(aka_keys(akas, known_as))]))


def _parts(record: Record) -> NameParts:
    return NameParts(
        given=record.given,
        family=record.family,
        prefix=record.prefix,
        suffix=record.suffix,
        middle=record.middle,
    )


class Known:
    """What the store already holds, loaded once, so matching costs no queries."""

    def __init__(self, source: Reader | Session, only: Collection[int] | None = None) -> None:
        """Everyone stored; with `only`, those contacts alone (the kiosk: those
        holding the address a visitor typed)."""
        db = connection(source)
        among, ids = ("", {}) if only is None else (" WHERE {} IN :ids", {"ids": sorted(only)})
        # Whether each contact has an email, and the sites it has links to, as
        # bits (`_bit`): what `_alike` asks of a million namesakes, kept with
        # the keys (`_hold`); a row written under its id shares its placeholder's.
        self.marks: dict[int, int] = {}
        self._bits: dict[str, int] = {}
        self._twin: dict[int, int] = {}
        self.by_key: dict[tuple[str, str], int] = {}
        self.keys: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for contact_id, kind, key in _rows(
            db, "SELECT contact_id, kind, key FROM contact_detail" + among.format("contact_id"), ids
        ):
            self._hold(contact_id, kind, key)
        # By the name as matching reads it (credentials, pronouns and emoji
        # off), and by the name as stored.
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.names: dict[int, set[str]] = defaultdict(set)
        self.org: dict[int, str | None] = {}
        self.parts: dict[int, tuple[str, str]] = {}  # given and family names, folded
        self.by_uid: dict[str, int] = {}
        for contact_id, name, name_key, org, uid, *parts in _rows(
            db,
            "SELECT id, name, name_key, org, uid, given, family, prefix, suffix, middle "
            "FROM contact" + among.format("id"),
            ids,
        ):
            if uid:
                self.by_uid[uid] = contact_id
            known_as = NameParts(*parts)
            self.parts[contact_id] = (match_fold(parts[0] or ""), match_fold(parts[1] or ""))
            akas = sorted(key for kind, key in self.keys.get(contact_id, ()) if kind == "aka")
            self._file_name(
                contact_id,
                plain_quotes(name_key),
                person_key(name, known_as),
                *sorted(aka_keys(akas, known_as)),
            )
            self.org[contact_id] = fold(org) if org else None
        self.connected: set[tuple[int, date]] = {
            (contact_id, on)
            for contact_id, happened_on in _rows(
                db,
                "SELECT ic.contact_id, i.happened_on FROM interaction_contact ic "
                "JOIN interaction i ON i.id = ic.interaction_id WHERE i.kind = 'connected'"
                + among.format("ic.contact_id").replace(" WHERE ", " AND "),
                ids,
            )
            if (on := day(happened_on)) is not None
        }

    def _file_name(self, contact_id: int, *keys: str) -> None:
        for key in dict.fromkeys(keys):
            if contact_id not in self.by_name[key]:
                self.by_name[key].append(contact_id)
            self.names[contact_id].add(key)

    def match(self, record: Record, *, by_email: bool = False) -> int | None:
        """The contact the record is, or None. `by_email`: by its addresses
        alone (what people typed about themselves: a name proves nothing)."""
        if by_email:
            return self._by_email(record)
        if record.uid and record.uid in self.by_uid:
            holder = self.by_uid[record.uid]
            if self._same_person(holder, record):
                return holder  # our own export, read back
            # A uid someone else holds (a badge scanner numbering its cards 1,
            # 2, 3 at every show): not this person; they get a uid of their own.
            record.uid = None
        for kind in ("email", "link"):
            for value in record.values(kind):
                found = self.by_key.get((kind, key_of(kind, value)))
                # A profile is one account's (its display name may be anything);
                # an email may be an office's, shared by people of other names.
                if found is not None and (kind == "link" or not self._someone_else(found, record)):
                    return found
                if found is not None:  # a shared address: theirs stays theirs
                    # (a number not given yet: someone earlier in the same file)
                    whose = f"#{found}'s" if found > 0 else "an earlier row's"
                    record.values(kind).remove(value)
                    record.kept.append(f"{kind.capitalize()} {value} (also {whose})")
                    record.warnings.append(f"{kind} {value} is {whose}, who has another name")
                    return self.match(record)
        # The same name (as matching reads it), at a compatible organisation,
        # with no address or link of the same kind that differs.
        org = fold(record.org) if record.org else None
        keys = record_keys(record)
        # One key (most names): its list holds each contact once already.
        namesakes: Iterable[int] = (
            self.by_name.get(keys[0], ())
            if len(keys) == 1
            else dict.fromkeys(cid for key in keys for cid in self.by_name.get(key, []))
        )
        marks = self._marks_of(record)  # worked out once for every namesake
        fits = [
            cid
            for cid in self._alike(namesakes, marks)
            if not org or not self.org.get(cid) or same_org(self.org[cid], org)
        ]
        if not fits and org:
            # A nickname or the formal name (Bill and William): only at the same organisation.
            others = dict.fromkeys(
                cid
                for other in sorted(nickname_keys(record.name, _parts(record)))
                for cid in self.by_name.get(other, [])
            )
            fits = [
                cid
                for cid in self._alike(others, marks)
                if self.org.get(cid) and same_org(self.org[cid], org)
            ]
        return fits[0] if len(fits) == 1 else None  # several could be them: never guess

    def _by_email(self, record: Record) -> int | None:
        """The contact holding one of the record's addresses (not one shared
        with someone of another name, which stays theirs), or None."""
        for value in list(record.emails):
            found = self.by_key.get(("email", key_of("email", value)))
            if found is not None and not self._someone_else(found, record):
                return found
            if found is not None:
                whose = f"#{found}'s" if found > 0 else "an earlier row's"
                record.emails.remove(value)
                record.kept.append(f"Email {value} (also {whose})")
                record.warnings.append(f"email {value} is {whose}, who has another name")
        return None

    def _same_person(self, contact_id: int, record: Record) -> bool:
        """Whether a record that carries a contact's uid is that contact: an
        address or link they share, or the same name as matching reads it and
        no address that differs (a scanner's UID:1 on two Maria Garcias)."""
        keys = self.keys.get(contact_id, set())
        if any(
            (kind, key_of(kind, value)) in keys
            for kind in ("email", "link")
            for value in record.values(kind)
        ):
            return True
        named = set(record_keys(record)[:2]) & self.names.get(contact_id, set())
        return bool(named) and not self._differ(contact_id, record)

    def _someone_else(self, contact_id: int, record: Record) -> bool:
        """Whether a record that shares an address with a contact names another
        person: given and family names both differ, and neither is the other's
        nickname (a school office's address on two people's rows). A record or
        contact without both parts could be anyone: not someone else."""
        theirs = self.parts.get(contact_id)
        given, family = match_fold(record.given or ""), match_fold(record.family or "")
        if not theirs or not all(theirs) or not given or not family:
            return False
        if given == theirs[0] or family == theirs[1]:
            return False
        keys = nickname_keys(record.name, _parts(record)) | set(record_keys(record))
        # A whole other name they go by ("Hiroshi Tanaka" for 田中 浩) is theirs too.
        akas = {key for kind, key in self.keys.get(contact_id, ()) if kind == "aka"}
        return not keys & (self.names.get(contact_id, set()) | akas)

    def _differ(self, contact_id: int, record: Record) -> bool:
        """Whether the record and the contact have addresses, or links to the
        same site, and share none of them: two people of one name. A LinkedIn
        profile and a Twitter link are no evidence either way."""
        keys = self.keys.get(contact_id, set())
        emails = {key for kind, key in keys if kind == "email"}
        theirs = {key_of("email", e) for e in record.emails}
        if emails and theirs and not emails & theirs:
            return True
        links = {key for kind, key in keys if kind == "link"}
        for link in {key_of("link", v) for v in record.links}:
            same_site = {k for k in links if _site(k) == _site(link)}
            if same_site and link not in same_site:
                return True
        return False

    def _alike(self, candidates: Iterable[int], marks: int) -> list[int]:
        """`_differ` for the namesakes of a record none of whose addresses and
        links anyone holds (`match` has looked each up in `by_key`, which has
        every one the store and the file hold): a namesake then differs
        whenever they have an address too, or a link to one of the record's
        sites, which `marks` says as bits (`_marks_of`). The candidates that do
        not differ, in order; a file of common names asks about a million."""
        if not marks:
            return list(candidates)
        theirs = self.marks.get
        return [cid for cid in candidates if not theirs(cid, 0) & marks]

    def _bit(self, site: str) -> int:
        """The bit that stands for links to `site` (bit 0: an email)."""
        found = self._bits.get(site)
        if found is None:
            found = self._bits[site] = 2 << len(self._bits)
        return found

    def _marks_of(self, record: Record) -> int:
        """Whether the record has an email, and the sites it links to, as bits."""
        marks = 1 if record.emails else 0
        for value in record.links:
            marks |= self._bit(_site(key_of("link", value)))
        return marks

    def _hold(self, contact_id: int, kind: str, key: str) -> None:
        """A detail key of a contact: in its keys, and an address or link also
        in `by_key` and its marks (and its twin's: a row written under its id
        and the placeholder it had, which share their keys)."""
        self.keys[contact_id].add((kind, key))
        if kind == "email" or kind == "link":
            self.by_key.setdefault((kind, key), contact_id)
            bit = 1 if kind == "email" else self._bit(_site(key))
            self.marks[contact_id] = self.marks.get(contact_id, 0) | bit
            twin = self._twin.get(contact_id)
            if twin is not None:
                self.marks[twin] = self.marks.get(twin, 0) | bit

    def held(self, contact_id: int, rows: Iterable[dict[str, object]]) -> None:
        """Detail rows `merging.details` added to a contact's keys."""
        for row in rows:
            self._hold(contact_id, str(row["kind"]), str(row["key"]))

    def written(self, contact_id: int, placeholder: int) -> None:
        """A record held back under `placeholder` is written as `contact_id`:
        both share its keys, organisation and marks (names still point at the
        placeholder)."""
        self.keys[contact_id] = self.keys[placeholder]
        self.org[contact_id] = self.org.get(placeholder)
        self.marks[contact_id] = self.marks.get(placeholder, 0)
        self._twin[contact_id], self._twin[placeholder] = placeholder, contact_id

    def remember(self, contact_id: int, record: Record) -> None:
        if record.uid:
            self.by_uid.setdefault(record.uid, contact_id)
        self.parts.setdefault(
            contact_id, (match_fold(record.given or ""), match_fold(record.family or ""))
        )
        self._file_name(contact_id, *record_keys(record))
        self.org.setdefault(contact_id, fold(record.org) if record.org else None)
        for kind in DETAIL_KINDS:
            for value in record.values(kind):
                self._hold(contact_id, kind, key_of(kind, value))


def _rows(db: Reader, sql: str, params: dict[str, list[int]]) -> list[tuple[Any, ...]]:
    """`db.tuples`, the ids in `params` (if any) in batches."""
    if not params:
        return db.tuples(sql)
    found: list[tuple[Any, ...]] = []
    for chunk in chunks(params["ids"]):
        found += db.tuples(sql, {"ids": chunk})
    return found
