"""birthdays and normalised link and phone keys

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birthday", sa.String(), nullable=True))
    _rekey()


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


def _key(kind: str, value: str) -> str:
    if kind == "link":
        return re.sub(r"^[a-z][a-z0-9+.-]*://", "", _fold(value)).removeprefix("www.").rstrip("/")
    digits = re.sub(r"[^\d]", "", value)
    return ("+" if value.strip().startswith("+") else "") + digits if digits else _fold(value)


def _rekey() -> None:
    """Links match without scheme or "www.", phones by their digits; drop the
    duplicates that this reveals within one contact."""
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, contact_id, kind, value FROM contact_detail WHERE kind IN ('link', 'phone') ORDER BY id"
        )
    ).all()
    # Park every key first, so that no new key collides with an old one not yet rewritten.
    conn.execute(
        sa.text("UPDATE contact_detail SET key = '~' || id WHERE kind IN ('link', 'phone')")
    )
    seen: set[tuple[int, str, str]] = set()
    for detail_id, contact_id, kind, value in rows:
        key = _key(kind, value)
        if (contact_id, kind, key) in seen:
            conn.execute(sa.text("DELETE FROM contact_detail WHERE id = :i"), {"i": detail_id})
            continue
        seen.add((contact_id, kind, key))
        conn.execute(
            sa.text("UPDATE contact_detail SET key = :k WHERE id = :i"), {"k": key, "i": detail_id}
        )


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_column("birthday")
