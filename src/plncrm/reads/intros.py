"""Introductions as `pln intros` lists them."""

from plncrm.reads.rows import columns, of
from plncrm.store.kinds import INTRO_OPEN
from plncrm.store.plain import Source, reader
from plncrm.store.schema import Introduction


def list_intros(
    source: Source, *, open_only: bool = True, contact_id: int | None = None
) -> list[Introduction]:
    """Introductions (open ones unless `open_only` is False; involving one
    contact), oldest first."""
    terms = []
    if open_only:
        terms.append("status IN :open")
    if contact_id is not None:
        terms.append("(a_id = :contact OR b_id = :contact)")
    where = f"WHERE {' AND '.join(terms)} " if terms else ""
    sql = f"SELECT {columns(Introduction, 'introduction')} FROM introduction {where}ORDER BY id"
    rows = reader(source).rows(sql, {"open": list(INTRO_OPEN), "contact": contact_id})
    return [of(Introduction, r) for r in rows]
