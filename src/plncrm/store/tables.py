"""SQLAlchemy's view of the tables, built from `store.schema`'s declarations.

What needs SQLAlchemy's metadata (migrations, `alembic revision
--autogenerate`, the schema tests, PostgreSQL's engine) imports this; a
command on an SQLite store never does.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)

from plncrm.store import declaring, schema

SQL_TYPES: dict[type, Any] = {
    int: Integer,
    str: String,
    bool: Boolean,
    date: Date,
    datetime: DateTime,
}
# Moments are stored in UTC with their zone (PostgreSQL's timestamptz).
SQL_TYPES[datetime] = lambda: DateTime(timezone=True)

metadata = MetaData()


def _build(declared: declaring.Table) -> Table:
    parts: list[Any] = []
    for info in schema.columns(declared.name):
        parts.append(
            Column(
                info.name,
                SQL_TYPES[info.type](),
                *(
                    [ForeignKey(info.references, ondelete=info.on_delete)]
                    if info.references
                    else []
                ),
                primary_key=info.key,
                nullable=info.nullable,
                server_default=info.server_default,
                default=info.default,
            )
        )
        if info.index:
            parts.append(Index(f"ix_{declared.name}_{info.name}", info.name, unique=info.unique))
    for index in declared.indexes:
        # An expression ("coalesce(snoozed_until, due)") is written as SQL.
        parts.append(
            Index(
                index.name,
                *(c if c.isidentifier() else text(c) for c in index.columns),
                unique=index.unique,
            )
        )
    for name, cols in declared.unique:
        parts.append(UniqueConstraint(*cols, name=name))
    kwargs = {"sqlite_autoincrement": True} if declared.numbered else {}
    return Table(declared.name, metadata, *parts, **kwargs)  # type: ignore[no-any-return,call-overload]


TABLES: dict[str, Table] = {name: _build(declared) for name, declared in schema.TABLES.items()}
