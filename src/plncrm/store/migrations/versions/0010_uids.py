"""A stable uid for every event, contact, community, introduction, interaction
and follow-up, so that a JSON export imported again adds nothing

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("event", "contact", "community", "introduction", "interaction", "follow_up")


def upgrade() -> None:
    fresh = (
        "lower(hex(randomblob(16)))"
        if op.get_bind().dialect.name == "sqlite"
        else "md5(random()::text || clock_timestamp()::text || id::text)"
    )
    # Plain ADD COLUMN (no batch rebuild): on SQLite a rebuild of `contact`
    # would drop the search index's triggers.
    for table in TABLES:
        op.add_column(table, sa.Column("uid", sa.String(), nullable=True))
        op.execute(f"UPDATE {table} SET uid = {fresh}")
        op.create_index(f"ix_{table}_uid", table, ["uid"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_uid", table_name=table)
        op.drop_column(table, "uid")
