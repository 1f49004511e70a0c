"""Team members: who recorded what, and who owns each follow-up

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plncrm.store import textsearch

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

RECORDED = ("event", "contact", "interaction", "follow_up", "introduction", "community")


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): on SQLite a rebuild of `contact`
    # would drop the search index's triggers.
    for table in RECORDED:
        op.add_column(table, sa.Column("created_by", sa.String(), nullable=True))
    op.add_column("follow_up", sa.Column("owner", sa.String(), nullable=True))
    # Partial, so the agenda's own query keeps ix_follow_up_open_showing.
    owned = sa.text("status IN ('open', 'snoozed') AND owner IS NOT NULL")
    op.create_index(
        "ix_follow_up_open_owner",
        "follow_up",
        ["owner", sa.text("coalesce(snoozed_until, due)")],
        sqlite_where=owned,
        postgresql_where=owned,
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # rebuilt tables lose their triggers: index afresh afterwards
        textsearch.drop_index(op.execute)
    op.drop_index("ix_follow_up_open_owner", table_name="follow_up")
    with op.batch_alter_table("follow_up") as batch:
        batch.drop_column("owner")
    for table in RECORDED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("created_by")
    if sqlite:
        textsearch.create_index(op.execute)
