"""Free resources to give away (seed practice 2): slides, a reading list, a
pack of decodable texts. Each has a link and the needs it answers (`--for`),
so that `pln give` can send it and log who received it ("gave", with the
resource's id), and `pln show`/`pln suggest` can point at who asked for it
(`core.gifts`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from plncrm.reads.refs import named_id
from plncrm.store.db import Db, add_row, connection, fetch, get_row, save
from plncrm.store.plain import Reader
from plncrm.store.schema import Resource
from plncrm.util import clock
from plncrm.util.bounds import check_count
from plncrm.util.errors import Ambiguous, Conflict, Invalid, NotFound
from plncrm.util.text import fold, one_line, slug

if TYPE_CHECKING:
    from sqlmodel import Session

MAX_LINK_CHARS = 2000  # what browsers and mail clients keep whole
MAX_NAME_CHARS = 200  # a resource's name, a tag, a need
MAX_ITEMS = 50  # tags, or needs, of one resource
MAX_NOTE_CHARS = 1000  # what -m adds to a gift's note and message
MAX_RECIPIENTS = 10_000  # people given a resource in one command
GIVEN = "gave"  # the interaction kind a gift is logged as


def items(text: str | None) -> list[str]:
    """A resource's tags or needs as stored (one a line) as a list."""
    return [line for line in (text or "").split("\n") if line]


def joined(values: Iterable[str]) -> str | None:
    """Tags or needs as stored: one a line, each on one line, repeats (case aside) dropped."""
    seen: dict[str, str] = {}
    for value in values:
        clean = one_line(value)
        if clean and fold(clean) not in seen:
            seen[fold(clean)] = clean
    return "\n".join(seen.values()) or None


def check_link(link: str) -> str:
    """A resource's link: an http or https address, nothing a click could run."""
    clean = one_line(link)
    if len(clean) > MAX_LINK_CHARS or any(c.isspace() for c in clean):
        raise Invalid(f"not a link pln can send: {clean[:80]!r}")
    try:
        parts = urlsplit(clean)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise Invalid(f"a resource's link is an http:// or https:// address, not {clean[:80]!r}")
    return clean


def _name(name: str) -> str:
    clean = one_line(name)
    if not clean:
        raise Invalid("a resource needs a name")
    if len(clean) > MAX_NAME_CHARS:
        raise Invalid(f"a resource's name is at most {MAX_NAME_CHARS} characters")
    return clean


def _listed(values: Sequence[str], what: str, shape: Any = one_line) -> str | None:
    """Tags (as slugs, as a contact's are matched) or needs, checked and bounded."""
    check_count(len(values), 0, MAX_ITEMS, f"the number of {what}")
    shaped = [shape(v) for v in values]
    for value in shaped:
        if len(value) > MAX_NAME_CHARS:
            raise Invalid(f"one of a resource's {what} is at most {MAX_NAME_CHARS} characters")
    return joined(shaped)


def _free(db: Db, name: str, other_than: int | None = None) -> None:
    taken = fetch(db, Resource, "name_key = :key", {"key": fold(name)})
    if any(r.id != other_than for r in taken):
        raise Conflict(f"there is already a resource called {taken[0].name!r}")


def add(
    into: Db | Session,
    name: str,
    link: str,
    tags: Sequence[str] = (),
    needs: Sequence[str] = (),
) -> Resource:
    """A new resource; its name is unique, case aside."""
    db = connection(into)
    clean = _name(name)
    _free(db, clean)
    resource = Resource(
        name=clean,
        name_key=fold(clean),
        link=check_link(link),
        tags=_listed(tags, "tags", slug),
        needs=_listed(needs, "needs"),
        created_at=clock.now(),
    )
    return add_row(db, resource)


def edit(
    into: Db | Session,
    resource: Resource,
    *,
    name: str | None = None,
    link: str | None = None,
    tags: Sequence[str] | None = None,
    needs: Sequence[str] | None = None,
) -> list[str]:
    """Rename it, change its link, or replace its tags or needs (an empty
    list clears them); returns what changed. Gifts logged before keep their note."""
    db = connection(into)
    changed: list[str] = []
    if name is not None and _name(name) != resource.name:
        clean = _name(name)
        _free(db, clean, resource.id)
        resource.name, resource.name_key = clean, fold(clean)
        changed.append("name")
    if link is not None and check_link(link) != resource.link:
        resource.link = check_link(link)
        changed.append("link")
    if tags is not None and _listed(tags, "tags", slug) != resource.tags:
        resource.tags = _listed(tags, "tags", slug)
        changed.append("tags")
    if needs is not None and _listed(needs, "needs") != resource.needs:
        resource.needs = _listed(needs, "needs")
        changed.append("needs")
    if changed:
        columns = [c for c in changed if c != "name"]
        save(db, resource, *(["name", "name_key"] if "name" in changed else []), *columns)
    return changed


def remove(into: Db | Session, resource: Resource) -> int:
    """Delete a resource; the gifts logged keep their note (its name) and lose
    the link to it. Returns how many gifts there were."""
    db = connection(into)
    given = db.execute(
        "UPDATE interaction SET resource_id = NULL WHERE resource_id = :r", {"r": resource.id}
    )
    db.execute("DELETE FROM resource WHERE id = :r", {"r": resource.id})
    return given


def find(source: Reader | Session, name: str) -> Resource:
    """A resource by id ("#3"), name (case aside) or a unique part of it;
    NotFound names what was asked and the closest names there are."""
    db = connection(source)
    try:
        found = get_row(db, Resource, named_id(db, "resource", name, "resource", "resources"))
    except NotFound:
        raise NotFound(_not_found(db, name)) from None
    except Ambiguous as exc:
        raise Ambiguous(exc.message.replace("; use an id", "; say which")) from None
    assert found is not None
    return found


def _not_found(db: Reader, name: str) -> str:
    asked = one_line(name)[:MAX_NAME_CHARS]
    names = {fold(n): n for (n,) in db.tuples("SELECT name FROM resource ORDER BY id LIMIT 5000")}
    close = difflib.get_close_matches(fold(asked), list(names), n=3, cutoff=0.6)
    if close:
        options = " or ".join(repr(names[c]) for c in close)
        return f"no resource called {asked!r}; did you mean {options}?"
    if not names:
        return f"no resource called {asked!r}: pln resource add NAME --link URL adds one"
    return f"no resource called {asked!r} (pln resources lists them)"


def listing(source: Reader | Session) -> list[tuple[Resource, int, date | None]]:
    """Every resource, by name, with how many people received it and when last."""
    db = connection(source)
    given: dict[int, tuple[int, date | None]] = {}
    for row in db.rows(
        "SELECT i.resource_id AS rid, count(DISTINCT ic.contact_id) AS people, "
        "max(i.happened_on) AS last_on FROM interaction i "
        "JOIN interaction_contact ic ON ic.interaction_id = i.id AND ic.role = 'with' "
        "WHERE i.resource_id IS NOT NULL GROUP BY i.resource_id"
    ):
        last = row["last_on"]
        given[int(row["rid"])] = (int(row["people"]), date.fromisoformat(str(last)[:10]))
    return [
        (r, *given.get(r.id or 0, (0, None)))
        for r in fetch(db, Resource, "1 = 1 ORDER BY name_key")
    ]


def give(
    into: Db | Session,
    resource: Resource,
    contact_ids: Sequence[int],
    on: date,
    *,
    note: str | None = None,
    message_id: str | None = None,
) -> list[int]:
    """Log "gave" with each contact (one interaction each, naming the
    resource in its note, after which `note`); returns the interactions' ids.
    Someone given it already that day is not logged again (a visitor sending
    the kiosk's form twice, `pln give` run again): the gift is once, its
    message (`message_id`) joined to it if it had none."""
    from plncrm.core import contacts, interactions  # only when giving: `pln show` reads here

    db = connection(into)
    unique = list(dict.fromkeys(contact_ids))
    check_count(len(unique), 1, MAX_RECIPIENTS, "the number of people given it at once")
    people = contacts.get_many(db, unique)
    missing = [i for i in unique if i not in people]
    if missing:
        raise NotFound(f"no contact with id {missing[0]}")
    said = one_line(note) if note else ""
    if len(said) > MAX_NOTE_CHARS:
        raise Invalid(f"a gift's note is at most {MAX_NOTE_CHARS} characters")
    ids = []
    already = given_on(db, resource, unique, on)
    for contact_id in unique:
        if contact_id in already:
            if message_id:
                db.execute(
                    "UPDATE interaction SET message_id = :m WHERE id = :i AND message_id IS NULL",
                    {"m": message_id, "i": already[contact_id]},
                )
            continue
        logged = interactions.log(
            db,
            [people[contact_id]],
            kind=GIVEN,
            note=f"{resource.name}: {said}" if said else resource.name,
            on=on,
            message_id=message_id,
        )
        logged.resource_id = resource.id
        save(db, logged, "resource_id")
        ids.append(logged.id or 0)
    return ids


def given_on(
    source: Reader | Session, resource: Resource, contact_ids: Sequence[int], on: date
) -> dict[int, int]:
    """Those of `contact_ids` given `resource` on `on`: contact → the gift's interaction."""
    rows = connection(source).tuples(
        "SELECT ic.contact_id, min(i.id) FROM interaction i "
        "JOIN interaction_contact ic ON ic.interaction_id = i.id "
        "WHERE i.resource_id = :r AND i.kind = :kind AND i.happened_on = :on "
        "AND ic.contact_id IN :ids GROUP BY ic.contact_id",
        {"r": resource.id, "kind": GIVEN, "on": on, "ids": list(contact_ids)},
    )
    return {int(cid): int(iid) for cid, iid in rows}


def view(resource: Resource, people: int = 0, last: date | None = None) -> dict[str, Any]:
    """A resource as `--json` writes it and the screens draw it."""
    return {
        "id": resource.id,
        "name": resource.name,
        "link": resource.link,
        "tags": items(resource.tags),
        "for": items(resource.needs),
        "given_to": people,
        "last_given": last.isoformat() if last else None,
    }
