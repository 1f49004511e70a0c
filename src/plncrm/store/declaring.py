"""How a table is declared (`store.schema` holds the declarations): a row
class made a dataclass by `@table`, a column's extras by `column()`, and what
the rest of the store reads back from a declaration (`columns`, `values`).
Standard library only: the everyday commands import it."""

import os
import types
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:  # Python 3.10 has no typing.dataclass_transform; it only informs type checkers

    def dataclass_transform(**_: object) -> Callable[[Any], Any]:
        return lambda decorated: decorated


T = TypeVar("T")


def new_uid() -> str:
    """A record's stable identity across stores: what a JSON export carries so
    that importing it again recognises every record, namesakes included."""
    # uuid4().hex, made directly (a third of the time: an import gives 150,000
    # of them; and the uuid module costs a tenth of this one's import).
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40  # version 4: random
    raw[8] = raw[8] & 0x3F | 0x80  # the RFC 4122 variant
    return raw.hex()


def column(
    default: Any = MISSING,
    *,
    key: bool = False,
    index: bool = False,
    unique: bool = False,
    references: str | None = None,
    on_delete: str | None = None,
    server_default: str | None = None,
    factory: Callable[[], Any] | None = None,
) -> Any:
    """A column with more to it than its name and type: part of the primary
    `key`, an `index` (`unique` or not), a foreign key to `references`
    ("table.column") with its `on_delete` action, a default the database
    itself fills in (`server_default`)."""
    info = {
        "key": key,
        "index": index,
        "unique": unique,
        "references": references,
        "on_delete": on_delete,
        "server_default": server_default,
    }
    if factory is not None:
        return field(default_factory=factory, metadata=info)
    return field(default=default, metadata=info)


@dataclass(frozen=True)
class Index:
    """An index over several columns, or over an expression (`sql`)."""

    name: str
    columns: tuple[str, ...]
    unique: bool = False


@dataclass(frozen=True)
class Table:
    """What a table is beyond its columns."""

    name: str
    row: type
    # Ids never come back once a row is gone (SQLite's AUTOINCREMENT; migration
    # 0015): "#93" in a note or `pln history` names one person for good.
    numbered: bool = False
    indexes: tuple[Index, ...] = ()
    unique: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (constraint name, columns)


TABLES: dict[str, Table] = {}
"""Every table, in the order declared (parents before children)."""


@dataclass_transform(kw_only_default=True, eq_default=False, field_specifiers=(column, field))
def table(
    name: str,
    *,
    numbered: bool = False,
    indexes: tuple[Index, ...] = (),
    unique: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> Callable[[type[T]], type[T]]:
    """Declare a row class as the table `name`."""

    def declare(cls: type[T]) -> type[T]:
        made = dataclass(eq=False, kw_only=True)(cls)
        made.__tablename__ = name  # type: ignore[attr-defined]
        TABLES[name] = Table(name, made, numbered, indexes, unique)
        return made

    return declare


@dataclass(frozen=True)
class ColumnInfo:
    """One column as the declarations give it."""

    name: str
    type: type  # int, str, date, datetime or bool
    nullable: bool
    key: bool
    index: bool
    unique: bool
    references: str | None
    on_delete: str | None
    server_default: str | None
    default: Any  # what an insert that does not name the column stores (None: nothing)


def _column(f: Field[Any]) -> ColumnInfo:
    kind: Any = f.type
    nullable = False
    if get_origin(kind) in (Union, types.UnionType):
        parts = [a for a in get_args(kind) if a is not type(None)]
        nullable, kind = True, parts[0]
    meta = f.metadata
    default = f.default_factory if f.default_factory is not MISSING else f.default
    return ColumnInfo(
        name=f.name,
        type=kind,
        nullable=nullable and not meta.get("key", False),
        key=bool(meta.get("key")),
        index=bool(meta.get("index")),
        unique=bool(meta.get("unique")),
        references=meta.get("references"),
        on_delete=meta.get("on_delete"),
        server_default=meta.get("server_default"),
        default=None if default is MISSING else default,
    )


def columns(name: str) -> list[ColumnInfo]:
    """The columns of table `name`, in declared order."""
    return [_column(f) for f in fields(TABLES[name].row)]


def values(row: Any) -> dict[str, Any]:
    """A row's columns and their values."""
    return {f.name: getattr(row, f.name) for f in fields(row)}


def names(row_type: type) -> list[str]:
    """A row type's column names, in declared order."""
    return [f.name for f in fields(row_type)]
