"""A full-text index of contacts and their details, kept by triggers (SQLite)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

from plncrm.store import textsearch

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        textsearch.create_index(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        textsearch.drop_index(op.execute)
