"""The Message-ID of an email interaction: the message pln sent for it (`--send`),
so that a re-run after a failure sends only to those not yet sent, and a reply
to it can be recognised

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plncrm.store import journal_triggers

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    # SQLite's journal triggers name every column: remade after the columns change.
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.add_column("interaction", sa.Column("message_id", sa.String(), nullable=True))
    op.create_index("ix_interaction_message_id", "interaction", ["message_id"], unique=True)
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)


def downgrade() -> None:
    conn = op.get_bind()
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.drop_index("ix_interaction_message_id", table_name="interaction")
    op.drop_column("interaction", "message_id")
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)
