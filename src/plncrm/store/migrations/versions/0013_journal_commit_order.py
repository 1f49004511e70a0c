"""The journal's commit order: undo compares entries by when they committed,
not by when their transaction began

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The journal itself is not journaled: no triggers to remake.
    op.add_column("journal", sa.Column("seq", sa.Integer(), nullable=True))
    # Entries so far were taken in id order (as undo did until now).
    op.execute("UPDATE journal SET seq = id WHERE NOT open")
    op.create_index("ix_journal_seq", "journal", ["seq"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_journal_seq", table_name="journal")
    op.drop_column("journal", "seq")
