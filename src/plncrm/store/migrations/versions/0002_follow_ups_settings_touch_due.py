"""follow-ups, settings, keep-in-touch due dates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op
from dateutil.relativedelta import relativedelta

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("every", sa.String(), nullable=True),
        sa.Column("every_from", sa.String(), nullable=False),
        sa.Column("anchor", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index("ix_follow_up_status_due", ["status", "due"], unique=False)

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("touch_due", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_contact_touch_due"), ["touch_due"], unique=False)
    _backfill_touch_due()


def _backfill_touch_due() -> None:
    """Contacts that already had a cadence get their keep-in-touch date."""
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, cadence, last_contacted, met_on, created_at FROM contact WHERE cadence IS NOT NULL"
        )
    ).all()
    for contact_id, cadence, last, met_on, created in rows:
        count, unit = cadence.split()
        base = last or met_on or str(created)[:10]
        day = _as_date(base)
        due = day + relativedelta(**{unit.rstrip("s") + "s": int(count)})  # type: ignore[arg-type]
        conn.execute(
            sa.text("UPDATE contact SET touch_due = :d WHERE id = :i"), {"d": due, "i": contact_id}
        )


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_touch_due"))
        batch_op.drop_column("touch_due")

    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_status_due")
        batch_op.drop_index(batch_op.f("ix_follow_up_contact_id"))

    op.drop_table("follow_up")
    op.drop_table("setting")
