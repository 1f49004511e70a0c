"""Organisations as records: the schools, districts, companies and
universities contacts belong to, one record for the spellings an import
takes for one ("Riverside USD", "Riverside Unified School District"), and
`contact.org_id`, which record a contact's organisation text means

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

from plncrm.store import journal_triggers, textsearch

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    # SQLite's journal triggers name every column: remade after the columns change.
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_organisation_uid", "organisation", ["uid"], unique=True)
    op.create_index("ix_organisation_name_key", "organisation", ["name_key"])
    if conn.dialect.name == "sqlite":
        _rebuild_contact(conn, lambda batch: batch.add_column(_org_id()))
    else:
        op.add_column("contact", _org_id(deferrable=True))
    op.create_index("ix_contact_org_id", "contact", ["org_id"])
    _fill(conn)
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)


def _org_id(deferrable: bool | None = None) -> sa.Column[int]:
    return sa.Column(
        "org_id",
        sa.Integer(),
        sa.ForeignKey(
            "organisation.id",
            ondelete="SET NULL",
            name="fk_contact_org_id",
            deferrable=deferrable,
            initially="IMMEDIATE" if deferrable else None,
        ),
        nullable=True,
    )


def _rebuild_contact(conn: sa.Connection, change: Callable[[Any], None]) -> None:
    """SQLite keeps a reference's ON DELETE only as a table constraint, which
    ADD COLUMN cannot make: `contact` is rebuilt as migration 0017 rebuilt
    `interaction`, keeping the counter of ids already given; its search
    triggers, dropped with it, are made again."""
    given = conn.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'contact'").scalar()
    for name in textsearch.TRIGGER_NAMES:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table(
        "contact", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        change(batch)
    if given is not None:
        conn.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = 'contact'")
        conn.exec_driver_sql(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('contact', ?)", (given,)
        )
    textsearch.create_triggers(conn.exec_driver_sql)


def _drop_org_id(batch: Any) -> None:
    batch.drop_constraint("fk_contact_org_id", type_="foreignkey")
    batch.drop_column("org_id")


def _fill(conn: sa.Connection) -> None:
    """One record for each organisation the contacts name, spellings that
    imports take for one sharing it (`core.organisations`)."""
    from sqlmodel import Session

    from plncrm.core.organisations import Finder
    from plncrm.store.db import connection

    with Session(bind=conn) as session:
        db = connection(session)
        finder = Finder(db, aliases=False)  # kept from 0020 on
        rows = conn.exec_driver_sql(
            "SELECT id, org FROM contact WHERE org IS NOT NULL AND trim(org) <> '' ORDER BY id"
        ).all()
        # The most common spelling of each organisation first: it names the record.
        counts = Counter(org for _, org in rows)
        ids = {org: finder.resolve(org) for org, _ in counts.most_common()}
        if rows:
            conn.execute(
                sa.text("UPDATE contact SET org_id = :o WHERE id = :id"),
                [{"o": ids[org], "id": cid} for cid, org in rows],
            )


def downgrade() -> None:
    conn = op.get_bind()
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.drop_index("ix_contact_org_id", table_name="contact")
    if conn.dialect.name == "sqlite":
        _rebuild_contact(conn, _drop_org_id)
    else:
        op.drop_column("contact", "org_id")
    op.drop_index("ix_organisation_name_key", table_name="organisation")
    op.drop_index("ix_organisation_uid", table_name="organisation")
    op.drop_table("organisation")
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)
