"""The schema revision this plncrm writes, and the check that a store is not newer.

Kept apart from `migrate` (which imports SQLAlchemy and, to upgrade, Alembic), so
that TAB completion and the plain read paths can check a store cheaply.
"""

from __future__ import annotations

from plncrm.util.errors import StoreError

HEAD = "0020"  # bump with every new migration in store/migrations/versions


def check_revision(revision: str | None) -> None:
    """Refuse, before anything is written or copied, a store of a newer plncrm."""
    if revision is None or revision == HEAD:
        return
    if not (revision.isascii() and revision.isdigit() and int(revision) < int(HEAD)):
        raise StoreError(
            f"this database was written by a newer plncrm (schema {revision}, this one reads "
            f"{HEAD}); upgrade plncrm"
        )
