"""Stored rows read plainly, as the row types `store.schema` declares (the
same classes the writes and the ORM use), so that views draw them all alike."""

from typing import Any, TypeVar

from plncrm.store.plain import Row
from plncrm.store.schema import names

R = TypeVar("R")


def columns(row_type: type[Any], table: str) -> str:
    """The select list for `row_type` from `table` ('event."id", event."uid", …'):
    quoted, as a column may be a keyword ("where")."""
    return ", ".join(f'{table}."{name}"' for name in names(row_type))


def of(row_type: type[R], row: Row) -> R:
    """`row_type` from a row read with `columns(row_type, …)`."""
    return row_type(**{name: row[name] for name in names(row_type)})
