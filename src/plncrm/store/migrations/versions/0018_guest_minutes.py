"""The minutes a guest spent in an event's session, as the platform's attendee
report says (`pln event import`): what counts as attended is decided from
them, and a later report with other minutes changes only them

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plncrm.store import journal_triggers

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    # SQLite's journal triggers name every column: remade after the columns change.
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.add_column("event_guest", sa.Column("minutes", sa.Integer(), nullable=True))
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)


def downgrade() -> None:
    conn = op.get_bind()
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.drop_column("event_guest", "minutes")
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)
