"""Follow-ups as `pln follow-ups` and the calendar export list them."""

from collections.abc import Sequence

from plncrm.reads.rows import columns, of
from plncrm.store.kinds import FOLLOW_UP_OPEN
from plncrm.store.plain import Source, reader
from plncrm.store.schema import FollowUp


def list_tasks(
    source: Source, *, statuses: Sequence[str] = FOLLOW_UP_OPEN, contact_id: int | None = None
) -> list[FollowUp]:
    """Follow-ups with these statuses (about one contact), soonest due first."""
    about = " AND contact_id = :contact" if contact_id is not None else ""
    sql = (
        f"SELECT {columns(FollowUp, 'follow_up')} FROM follow_up "
        f"WHERE status IN :statuses{about} ORDER BY due, id"
    )
    rows = reader(source).rows(sql, {"statuses": list(statuses), "contact": contact_id})
    return [of(FollowUp, r) for r in rows]
