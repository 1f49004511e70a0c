"""An organisation's other names: one merged into it, or the name it had
before a rename, so that an import, `--org` or a filter written the old way
still finds the record instead of making it again

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from plncrm.store import journal_triggers

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    pg = conn.dialect.name == "postgresql"
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.create_table(
        "organisation_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        # Deferrable on PostgreSQL, as every reference (0011): undo puts rows back in any order.
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            ondelete="CASCADE",
            deferrable=pg or None,
            initially="IMMEDIATE" if pg else None,
        ),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_organisation_alias_organisation_id", "organisation_alias", ["organisation_id"]
    )
    op.create_index("ix_organisation_alias_name_key", "organisation_alias", ["name_key"])
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)


def downgrade() -> None:
    conn = op.get_bind()
    journal_triggers.drop_triggers(conn.exec_driver_sql, conn)
    op.drop_index("ix_organisation_alias_name_key", table_name="organisation_alias")
    op.drop_index("ix_organisation_alias_organisation_id", table_name="organisation_alias")
    op.drop_table("organisation_alias")
    journal_triggers.create_triggers(conn.exec_driver_sql, conn)
