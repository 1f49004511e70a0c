"""Names with parts (given, middle, family, prefix, suffix) and events with a time of
day and a time zone, and the day yes-sayers were reminded

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plncrm.store import journal_triggers

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CONTACT = ("given", "middle", "family", "prefix", "suffix")
EVENT = ("starts_at", "ends_at", "tz")


def upgrade() -> None:
    conn = op.get_bind()
    # SQLite's journal triggers name every column: remade after the columns change.
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    for column in CONTACT:
        op.add_column("contact", sa.Column(column, sa.String(), nullable=True))
    for column in EVENT:
        op.add_column("event", sa.Column(column, sa.String(), nullable=True))
    op.add_column("event_guest", sa.Column("reminded_on", sa.Date(), nullable=True))
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)


def downgrade() -> None:
    conn = op.get_bind()
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.drop_column("event_guest", "reminded_on")
    for column in EVENT:
        op.drop_column("event", column)
    for column in CONTACT:
        op.drop_column("contact", column)
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)
