"""Alembic environment: plncrm passes its own open connection in
`config.attributes["connection"]`; the `alembic` command line (for writing new
revisions) opens `PLN_DB` instead."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from plncrm.store.location import resolve_url
from plncrm.store.tables import metadata
from plncrm.store.textsearch import is_index_table

target_metadata = metadata
connection = context.config.attributes.get("connection")


def _include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not (type_ == "table" and is_index_table(name))


def run(conn: object) -> None:
    context.configure(
        connection=conn,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    run(connection)
else:
    engine = create_engine(resolve_url(os.environ.get("PLN_DB")))
    with engine.begin() as conn:
        run(conn)
