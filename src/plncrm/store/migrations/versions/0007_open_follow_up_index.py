"""Indexes for large networks: open follow-ups by the day they show, guards, introducers

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OPEN = "status IN ('open', 'snoozed')"


def upgrade() -> None:
    # Replaces (status, due), which the planner preferred without helping the agenda.
    op.drop_index("ix_follow_up_status_due", table_name="follow_up")
    op.create_index(
        "ix_follow_up_open_showing",
        "follow_up",
        [sa.text("coalesce(snoozed_until, due)")],
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    op.create_index("ix_follow_up_source_status_due", "follow_up", ["source", "status", "due"])
    op.create_index("ix_contact_via_id", "contact", ["via_id"])  # who came through whom


def downgrade() -> None:
    op.drop_index("ix_contact_via_id", table_name="contact")
    op.drop_index("ix_follow_up_source_status_due", table_name="follow_up")
    op.drop_index("ix_follow_up_open_showing", table_name="follow_up")
    op.create_index("ix_follow_up_status_due", "follow_up", ["status", "due"])
