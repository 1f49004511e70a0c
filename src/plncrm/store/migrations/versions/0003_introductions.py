"""introductions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "introduction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("low_id", sa.Integer(), nullable=False),
        sa.Column("high_id", sa.Integer(), nullable=False),
        sa.Column("why", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("a_asked_on", sa.Date(), nullable=True),
        sa.Column("b_asked_on", sa.Date(), nullable=True),
        sa.Column("a_answer", sa.String(), nullable=True),
        sa.Column("a_answered_on", sa.Date(), nullable=True),
        sa.Column("b_answer", sa.String(), nullable=True),
        sa.Column("b_answered_on", sa.Date(), nullable=True),
        sa.Column("introduced_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=True),
        sa.Column("outcome_note", sa.String(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["a_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["b_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("introduction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_introduction_a_id"), ["a_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_introduction_b_id"), ["b_id"], unique=False)
        batch_op.create_index("ix_introduction_pair", ["low_id", "high_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_introduction_status"), ["status"], unique=False)

    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("intro_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_interaction_intro_id", "introduction", ["intro_id"], ["id"], ondelete="SET NULL"
        )

    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(), nullable=False, server_default="with"))


def downgrade() -> None:
    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.drop_column("role")

    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_constraint("fk_interaction_intro_id", type_="foreignkey")
        batch_op.drop_column("intro_id")

    with op.batch_alter_table("introduction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_introduction_status"))
        batch_op.drop_index("ix_introduction_pair")
        batch_op.drop_index(batch_op.f("ix_introduction_b_id"))
        batch_op.drop_index(batch_op.f("ix_introduction_a_id"))

    op.drop_table("introduction")
