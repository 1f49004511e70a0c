"""The undo journal, and snoozed agenda lines that are not follow-ups

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plncrm.store import journal_triggers

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("member", sa.String(), nullable=True),
        sa.Column("command", sa.String(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_journal_open", "journal", ["open"])
    op.create_table(
        "journal_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "journal_id",
            sa.Integer(),
            sa.ForeignKey("journal.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("tbl", sa.String(), nullable=False),
        sa.Column("op", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("old", sa.String(), nullable=True),
    )
    op.create_index("ix_journal_change_journal_id", "journal_change", ["journal_id"])
    op.create_table(
        "agenda_snooze",
        sa.Column("handle", sa.String(), primary_key=True),
        sa.Column("until", sa.Date(), nullable=False),
    )
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        _make_references_deferrable(conn)
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)


def _make_references_deferrable(conn: sa.Connection) -> None:
    """Undo puts rows back in any order and checks references at commit."""
    rows = conn.exec_driver_sql(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
    ).all()
    for table, name in rows:
        conn.exec_driver_sql(
            f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" DEFERRABLE INITIALLY IMMEDIATE'
        )


def downgrade() -> None:
    conn = op.get_bind()
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS pln_journal()")
    op.drop_table("agenda_snooze")
    op.drop_index("ix_journal_change_journal_id", table_name="journal_change")
    op.drop_table("journal_change")
    op.drop_index("ix_journal_open", table_name="journal")
    op.drop_table("journal")
