"""The JSON document format ("format": "plncrm", "version": 1), checked whole
before anything is written.

Every record is validated against the models in `json_schema`, and then across
records (unique ids and uids, every reference pointing at a record of the
document). The first problem is reported with the record's path,
`contacts[3].met_on: not an ISO date (YYYY-MM-DD)`, as exit 5: a hand-edited
or damaged file never crashes an import or half-loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from plncrm.core.contacts import detail_key
from plncrm.core.document import DETAIL_LISTS, FORMAT, VERSION
from plncrm.importers.json_schema import Document
from plncrm.reads.settings import check_setting, find
from plncrm.util.errors import Invalid, PlnError
from plncrm.util.text import fold, strip_controls

MULTILINE = frozenset(("notes", "note"))  # a contact's notes, an interaction's: lines and tabs stay


def loads(data: bytes) -> Document:
    """Parse and check a document; any problem is `Invalid` naming where it is."""
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Invalid("not a plncrm export: the file is not UTF-8 text") from None
    except RecursionError:
        raise Invalid("not a plncrm export: the JSON is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise Invalid(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    return check(raw)


def check(raw: object) -> Document:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise Invalid('not a plncrm export (expected "format": "plncrm")')
    version = raw.get("version")
    if type(version) is not int or version != VERSION:
        if type(version) is int and version > VERSION:
            raise Invalid(
                f"export version {version} is newer than this plncrm reads ({VERSION}); "
                "upgrade plncrm"
            )
        raise Invalid(f"version: must be the integer {VERSION}, not {version!r}")
    cleaned: list[str] = []
    try:
        document = Document.model_validate(_without_controls(raw, "", cleaned))
    except ValidationError as exc:
        raise Invalid(_describe(exc)) from None
    except RecursionError:
        raise Invalid("not a plncrm export: the JSON is nested too deeply") from None
    document.cleaned.extend(cleaned)
    _check_settings(document)
    _check_references(document)
    return document


def _without_controls(value: object, path: str, cleaned: list[str]) -> object:
    """`value` with every text in it made safe as every other way in makes it
    (`strip_controls`: terminal escapes, control characters, bidirectional
    controls); outside notes, a line break or tab is a space, as a sheet's
    cell is read. The path of each text changed is added to `cleaned`, so that
    the summary says so: nothing is changed silently."""
    if isinstance(value, str):
        text = strip_controls(value)
        if path.rsplit(".", 1)[-1] not in MULTILINE and not _multiline_setting(path):
            text = text.replace("\n", " ").replace("\t", " ")
        if text != value:
            cleaned.append(path)
        return text
    if isinstance(value, list):
        return [_without_controls(v, f"{path}[{i}]", cleaned) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {
            key: _without_controls(v, f"{path}.{key}" if path else str(key), cleaned)
            for key, v in value.items()
        }
    return value


def _multiline_setting(path: str) -> bool:
    """Whether `path` is a setting whose value keeps its lines (a template)."""
    setting = find(path.removeprefix("settings.")) if path.startswith("settings.") else None
    return setting is not None and setting.multiline


_BRANCHES = ("str", "int", "bool", "list", "dict", "date", "datetime", "none")


def _path(loc: Iterable[int | str]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part.startswith(("literal[", "function-", "json-or-python")) or part in _BRANCHES:
            continue  # pydantic's name for a branch of a union, not a key
        else:
            path += f".{part}" if path else part
    return path or "document"


def _describe(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "missing":
        message = "required, but missing"
    elif error["type"] == "literal_error":
        message = message.replace("Input should be", "must be")
    return f"{_path(error['loc'])}: {message}"


def _check_settings(document: Document) -> None:
    for key, value in document.settings.items():
        try:
            check_setting(key, value)
        except PlnError as exc:
            raise Invalid(f"settings.{key}: {exc.message}") from None


def _unique(records: Sequence[Any], name: str) -> set[int]:
    ids: set[int] = set()
    uids: set[str] = set()
    for i, record in enumerate(records):
        if record.id in ids:
            raise Invalid(f"{name}[{i}].id: {record.id} is used twice")
        ids.add(record.id)
        uid = getattr(record, "uid", None)
        if uid is not None:
            if uid in uids:
                raise Invalid(f"{name}[{i}].uid: {uid} is used twice")
            uids.add(uid)
    return ids


def _must_exist(value: int | None, known: set[int], path: str, what: str) -> None:
    if value is not None and value not in known:
        raise Invalid(f"{path}: no {what} with id {value} in the document")


def _check_references(doc: Document) -> None:
    events = _unique(doc.events, "events")
    contacts = _unique(doc.contacts, "contacts")
    _unique(doc.communities, "communities")
    intros = _unique(doc.introductions, "introductions")
    _unique(doc.interactions, "interactions")
    resources = _check_resources(doc)
    _unique(doc.follow_ups, "follow_ups")
    _check_contacts(doc, contacts, events)
    _check_members(doc, contacts)
    for i, intro in enumerate(doc.introductions):
        _must_exist(intro.a_id, contacts, f"introductions[{i}].a_id", "contact")
        _must_exist(intro.b_id, contacts, f"introductions[{i}].b_id", "contact")
        if intro.a_id == intro.b_id:
            raise Invalid(f"introductions[{i}].b_id: the same person as a_id")
    _check_interactions(doc, contacts, events, intros)
    for i, given in enumerate(doc.interactions):
        _must_exist(given.resource_id, resources, f"interactions[{i}].resource_id", "resource")
    for i, consent in enumerate(doc.consents):
        _must_exist(consent.contact_id, contacts, f"consents[{i}].contact_id", "contact")
        _must_exist(consent.event_id, events, f"consents[{i}].event_id", "event")
    for i, f in enumerate(doc.follow_ups):
        _must_exist(f.contact_id, contacts, f"follow_ups[{i}].contact_id", "contact")
        _must_exist(f.event_id, events, f"follow_ups[{i}].event_id", "event")
    guests: set[tuple[int, int]] = set()
    for i, g in enumerate(doc.event_guests):
        _must_exist(g.event_id, events, f"event_guests[{i}].event_id", "event")
        _must_exist(g.contact_id, contacts, f"event_guests[{i}].contact_id", "contact")
        if (g.event_id, g.contact_id) in guests:
            raise Invalid(f"event_guests[{i}]: the same guest is listed twice")
        guests.add((g.event_id, g.contact_id))
    _check_marks(doc, contacts, events, intros)


def _check_marks(doc: Document, contacts: set[int], events: set[int], intros: set[int]) -> None:
    """Each snoozed line's handle names a record of the document, once; each
    "not a duplicate" mark two different contacts of it, once."""
    from plncrm.core import snoozes

    of = {
        snoozes.KEEP_IN_TOUCH: (contacts, "contact"),
        snoozes.INTRO: (intros, "introduction"),
        snoozes.EVENT: (events, "event"),
        snoozes.MET: (events, "event"),
    }
    handles: set[str] = set()
    for i, a in enumerate(doc.agenda_snoozes):
        handle = snoozes.parse(a.handle)
        if handle is None:
            raise Invalid(f"agenda_snoozes[{i}].handle: {a.handle!r} is not an agenda handle")
        known, what = of[handle.letter]
        _must_exist(handle.number, known, f"agenda_snoozes[{i}].handle", what)
        if a.handle.lower() in handles:
            raise Invalid(f"agenda_snoozes[{i}].handle: {a.handle} is listed twice")
        handles.add(a.handle.lower())
    pairs: set[tuple[int, int]] = set()
    for i, d in enumerate(doc.distinct_pairs):
        _must_exist(d.low_id, contacts, f"distinct_pairs[{i}].low_id", "contact")
        _must_exist(d.high_id, contacts, f"distinct_pairs[{i}].high_id", "contact")
        pair = (min(d.low_id, d.high_id), max(d.low_id, d.high_id))
        if pair[0] == pair[1]:
            raise Invalid(f"distinct_pairs[{i}].high_id: the same person as low_id")
        if pair in pairs:
            raise Invalid(f"distinct_pairs[{i}]: the same pair is listed twice")
        pairs.add(pair)


def _check_resources(doc: Document) -> set[int]:
    """Resource ids and uids once each, and each name once (case aside)."""
    _unique(doc.consents, "consents")
    ids = _unique(doc.resources, "resources")
    names: set[str] = set()
    for i, resource in enumerate(doc.resources):
        if fold(resource.name) in names:
            raise Invalid(f"resources[{i}].name: {resource.name!r} is listed twice")
        names.add(fold(resource.name))
    return ids


def _check_contacts(doc: Document, contacts: set[int], events: set[int]) -> None:
    orgs = _unique(doc.organisations, "organisations")
    for i, c in enumerate(doc.contacts):
        _must_exist(c.via_id, contacts, f"contacts[{i}].via_id", "contact")
        _must_exist(c.met_event_id, events, f"contacts[{i}].met_event_id", "event")
        _must_exist(c.org_id, orgs, f"contacts[{i}].org_id", "organisation")
        for kind, plural in DETAIL_LISTS.items():
            keys: set[str] = set()
            for j, value in enumerate(getattr(c, plural)):
                key = detail_key(kind, value)
                if key in keys:
                    raise Invalid(f"contacts[{i}].{plural}[{j}]: {value!r} is listed twice")
                keys.add(key)


def _check_members(doc: Document, contacts: set[int]) -> None:
    for i, community in enumerate(doc.communities):
        _no_repeats(
            [m.contact_id for m in community.members],
            contacts,
            f"communities[{i}].members[{{}}].contact_id",
        )


def _check_interactions(
    doc: Document, contacts: set[int], events: set[int], intros: set[int]
) -> None:
    for i, interaction in enumerate(doc.interactions):
        _must_exist(interaction.event_id, events, f"interactions[{i}].event_id", "event")
        _must_exist(interaction.intro_id, intros, f"interactions[{i}].intro_id", "introduction")
        _no_repeats(
            [p.id for p in interaction.contacts], contacts, f"interactions[{i}].contacts[{{}}].id"
        )


def _no_repeats(ids: list[int], contacts: set[int], path: str) -> None:
    """Each of `ids` is a contact of the document, listed once."""
    seen: set[int] = set()
    for j, contact_id in enumerate(ids):
        _must_exist(contact_id, contacts, path.format(j), "contact")
        if contact_id in seen:
            raise Invalid(f"{path.format(j)}: {contact_id} is listed twice")
        seen.add(contact_id)
