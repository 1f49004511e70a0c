"""events guests and communities

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "community",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("focus", sa.String(), nullable=True),
        sa.Column("where", sa.String(), nullable=True),
        sa.Column("mine", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_community_name_key"), ["name_key"], unique=True)

    op.create_table(
        "community_member",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("community_id", "contact_id"),
    )
    with op.batch_alter_table("community_member", schema=None) as batch_op:
        batch_op.create_index("ix_community_member_contact", ["contact_id"], unique=False)

    op.create_table(
        "event_guest",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("invited_on", sa.Date(), nullable=True),
        sa.Column("rsvp", sa.String(), nullable=True),
        sa.Column("rsvp_on", sa.Date(), nullable=True),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("thanked_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "contact_id"),
    )
    with op.batch_alter_table("event_guest", schema=None) as batch_op:
        batch_op.create_index("ix_event_guest_contact", ["contact_id"], unique=False)

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_follow_up_event_id", "event", ["event_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_constraint("fk_follow_up_event_id", type_="foreignkey")
        batch_op.drop_column("event_id")

    with op.batch_alter_table("event_guest", schema=None) as batch_op:
        batch_op.drop_index("ix_event_guest_contact")

    op.drop_table("event_guest")
    with op.batch_alter_table("community_member", schema=None) as batch_op:
        batch_op.drop_index("ix_community_member_contact")

    op.drop_table("community_member")
    with op.batch_alter_table("community", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_community_name_key"))

    op.drop_table("community")
