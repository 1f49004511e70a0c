"""Why a job change is on the agenda: where the person moved from and to, so
that the line's second line asks who replaces them where they were ("moved
from Oswego CUSD 308 to Naperville 203: who replaces him there?").

Read when the agenda is gathered, from the contact as it is now (their
organisation's record, their role, their latest past role and pronouns), so
the task's title stays short enough for 80 columns."""

from __future__ import annotations

from collections.abc import Iterable

from plncrm.core.org_lookup import key_of, known
from plncrm.core.org_names import means
from plncrm.core.organisations import PAST
from plncrm.store.plain import Reader

NOW = """
SELECT c.id, c.org, c.role, c.pronouns, o.name AS called
FROM contact c LEFT JOIN organisation o ON o.id = c.org_id
WHERE c.id IN :ids
"""
LAST_ROLE = """
SELECT contact_id, value FROM contact_detail
WHERE kind = 'past_role' AND contact_id IN :ids ORDER BY contact_id, position
"""


_OBJECT = {"she": "her", "he": "him", "they": "them", "ze": "zir", "xe": "xem", "ey": "em"}


def object_pronoun(pronouns: str | None) -> str:
    """How to refer to someone after a verb: "she/her" is "her", "he/him"
    "him", "she/they" "her"; none stored, or none known, "them"."""
    parts = [p.strip().lower() for p in (pronouns or "").split("/") if p.strip()]
    if len(parts) > 1 and parts[1] in _OBJECT.values():
        return parts[1]
    return _OBJECT.get(parts[0], "them") if parts else "them"


def reasons(reader: Reader, contact_ids: Iterable[int]) -> dict[int, str]:
    """Each contact's job change in words, for the congratulation's line."""
    ids = sorted(set(contact_ids))
    if not ids:
        return {}
    last: dict[int, str] = {}
    for cid, value in reader.tuples(LAST_ROLE, {"ids": ids}):
        last[cid] = value  # the highest position: the latest past role
    names = known(reader)
    called = {oid: name for oid, name, _ in reversed(names)}
    found = {}
    for row in reader.rows(NOW, {"ids": ids}):
        now = row["called"] or row["org"]
        was = PAST.match(last.get(row["id"], ""))
        left = was["org"].strip() if was and was["role"] else None
        if left:
            left = _called(names, called, left)
        if left and now and not means(left, now):
            whom = object_pronoun(row["pronouns"])
            found[row["id"]] = f"moved from {left} to {now}: who replaces {whom} there?"
        elif now or row["role"]:
            role = f"{row['role']} " if row["role"] else ""
            found[row["id"]] = f"now {role}at {now}" if now else f"now {row['role']}"
    return found


def _called(names: list[tuple[int, str, str]], called: dict[int, str], left: str) -> str:
    """A past role's organisation as its record is called now (a rename, a
    merge), its names keyed as `org_names` reads them now, not by the stored
    key: a rule learnt since ("D65" is "District 65") holds for old records."""
    key = key_of(left)
    found = next((oid for oid, _, k in names if k == key), None)
    return called[found] if found is not None else left
