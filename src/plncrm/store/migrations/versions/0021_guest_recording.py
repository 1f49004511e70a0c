"""The recording sent to a no-show apart from the thank-you: one guest row
held both in `thanked_on`, so a guest sent the recording who then turned out
to have come read as thanked and was owed nothing. A row with `thanked_on`
and no attendance was sent the recording, and is moved so.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plncrm.store import journal_triggers

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    # SQLite's journal triggers name every column: remade after the columns change.
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.add_column("event_guest", sa.Column("recording_on", sa.Date(), nullable=True))
    conn.exec_driver_sql(
        "UPDATE event_guest SET recording_on = thanked_on, thanked_on = NULL "
        "WHERE thanked_on IS NOT NULL AND NOT attended"
    )
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)


def downgrade() -> None:
    conn = op.get_bind()
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    conn.exec_driver_sql(
        "UPDATE event_guest SET thanked_on = recording_on "
        "WHERE thanked_on IS NULL AND recording_on IS NOT NULL"
    )
    op.drop_column("event_guest", "recording_on")
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)
