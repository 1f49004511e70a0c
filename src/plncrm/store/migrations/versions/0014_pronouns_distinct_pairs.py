"""Pronouns taken off a name ("Tanaka (she/her)"), and pairs of contacts said
to be different people (`pln duplicates --not`)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plncrm.store import journal_triggers

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    # SQLite's journal triggers name every column: remade after the columns change.
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.add_column("contact", sa.Column("pronouns", sa.String(), nullable=True))
    op.create_table(
        "distinct_pair",
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("marked_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["low_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["high_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("low_id", "high_id"),
    )
    op.create_index("ix_distinct_pair_high_id", "distinct_pair", ["high_id"])
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)


def downgrade() -> None:
    conn = op.get_bind()
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.drop_index("ix_distinct_pair_high_id", table_name="distinct_pair")
    op.drop_table("distinct_pair")
    op.drop_column("contact", "pronouns")
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)
