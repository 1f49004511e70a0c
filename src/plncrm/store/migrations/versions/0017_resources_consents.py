"""Free resources to give away (`pln resource`, `pln give`): what each "gave"
interaction gave, so that `pln resource show` says who received it and what
followed; and consents as a visitor gave them at the kiosk (wording and time)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

from plncrm.store import journal_triggers

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    # SQLite's journal triggers name every column: remade after the columns change.
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.create_table(
        "resource",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("link", sa.String(), nullable=False),
        sa.Column("tags", sa.String(), nullable=True),
        sa.Column("needs", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_resource_uid", "resource", ["uid"], unique=True)
    op.create_index("ix_resource_name_key", "resource", ["name_key"], unique=True)
    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("wording", sa.String(), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_consent_contact_id", "consent", ["contact_id"])
    column = sa.Column(
        "resource_id",
        sa.Integer(),
        sa.ForeignKey("resource.id", ondelete="SET NULL", name="fk_interaction_resource_id"),
        nullable=True,
    )
    if conn.dialect.name == "sqlite":
        _rebuild_interaction(conn, lambda batch: batch.add_column(column))
    else:
        op.add_column("interaction", column)
    op.create_index("ix_interaction_resource_id", "interaction", ["resource_id"])
    if conn.dialect.name == "postgresql":
        _make_references_deferrable(conn)
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)


def _rebuild_interaction(conn: sa.Connection, change: Callable[[Any], None]) -> None:
    """SQLite keeps a reference's ON DELETE only as a table constraint, which
    ADD COLUMN cannot make, nor DROP COLUMN take away: `interaction` is rebuilt
    (references are not enforced while migrating; its only triggers, the
    journal's, are remade), keeping AUTOINCREMENT and the counter of ids
    already given."""
    given = conn.exec_driver_sql(
        "SELECT seq FROM sqlite_sequence WHERE name = 'interaction'"
    ).scalar()
    with op.batch_alter_table(
        "interaction", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        change(batch)
    if given is not None:
        conn.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = 'interaction'")
        conn.exec_driver_sql(
            "INSERT INTO sqlite_sequence (name, seq) VALUES ('interaction', ?)", (given,)
        )


def _make_references_deferrable(conn: sa.Connection) -> None:
    """As migration 0011 made every other one: undo puts rows back in any
    order and checks references at commit."""
    rows = conn.exec_driver_sql(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE contype = 'f' AND NOT condeferrable "
        "AND connamespace = current_schema()::regnamespace"
    ).all()
    for table, name in rows:
        conn.exec_driver_sql(
            f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" DEFERRABLE INITIALLY IMMEDIATE'
        )


def _drop_resource_id(batch: Any) -> None:
    batch.drop_constraint("fk_interaction_resource_id", type_="foreignkey")
    batch.drop_column("resource_id")


def downgrade() -> None:
    conn = op.get_bind()
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.drop_index("ix_interaction_resource_id", table_name="interaction")
    if conn.dialect.name == "sqlite":
        _rebuild_interaction(conn, _drop_resource_id)
    else:
        op.drop_column("interaction", "resource_id")
    op.drop_index("ix_consent_contact_id", table_name="consent")
    op.drop_table("consent")
    op.drop_index("ix_resource_name_key", table_name="resource")
    op.drop_index("ix_resource_uid", table_name="resource")
    op.drop_table("resource")
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)
