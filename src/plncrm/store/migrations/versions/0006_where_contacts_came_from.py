"""where contacts came from

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(), nullable=True))
    # Earlier contacts: those with a "connected" interaction came from an import.
    op.execute(
        "UPDATE contact SET source = CASE WHEN id IN (SELECT ic.contact_id FROM interaction_contact ic "
        "JOIN interaction i ON i.id = ic.interaction_id WHERE i.kind = 'connected') THEN 'import' ELSE 'added' END"
    )


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("source")
