"""contacts, details, interactions, events

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("where", sa.String(), nullable=True),
        sa.Column("hosted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_name_key"), ["name_key"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("org", sa.String(), nullable=True),
        sa.Column("role", sa.String(), nullable=True),
        sa.Column("notes", sa.String(), nullable=True),
        sa.Column("cadence", sa.String(), nullable=True),
        sa.Column("via_id", sa.Integer(), nullable=True),
        sa.Column("met_event_id", sa.Integer(), nullable=True),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("last_contacted", sa.Date(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["met_event_id"], ["event.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["via_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_last_contacted"), ["last_contacted"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contact_name_key"), ["name_key"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interaction_happened_on"), ["happened_on"], unique=False
        )

    op.create_table(
        "contact_detail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("contact_id", "kind", "key", name="uq_contact_detail"),
    )
    with op.batch_alter_table("contact_detail", schema=None) as batch_op:
        batch_op.create_index("ix_contact_detail_kind_key", ["kind", "key"], unique=False)

    op.create_table(
        "interaction_contact",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["interaction_id"], ["interaction.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("interaction_id", "contact_id"),
    )
    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_contact_contact", ["contact_id", "interaction_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("interaction_contact", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_contact_contact")

    op.drop_table("interaction_contact")
    with op.batch_alter_table("contact_detail", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_detail_kind_key")

    op.drop_table("contact_detail")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_happened_on"))

    op.drop_table("interaction")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_name_key"))
        batch_op.drop_index(batch_op.f("ix_contact_last_contacted"))

    op.drop_table("contact")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_name_key"))

    op.drop_table("event")
