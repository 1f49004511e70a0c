"""The schema revision this plncrm writes, and the check that a store is not newer.

Kept apart from `migrate` (which imports SQLAlchemy and, to upgrade, Alembic), so
that TAB completion and the plain read paths can check a store cheaply.
"""

from __future__ import annotations

from plncrm.util.errors import StoreError

HEAD = "0021"  # bump with every new migration in store/migrations/versions


def check_revision(revision: str | None) -> None:
    """Refuse, before anything is written or copied, a store of a newer plncrm."""
    if revision is None or revision == HEAD:
        return
    if not (revision.isascii() and revision.isdigit() and int(revision) < int(HEAD)):
        raise StoreError(
            f"this database was written by a newer plncrm (schema {revision}, this one reads "
            f"{HEAD}); upgrade plncrm"
        )


def require_current(url: str, *, dry_run: bool = False) -> None:
    """Refuse a store that is absent, empty or of an older schema, creating,
    upgrading and writing nothing (`pln mcp --read-only`, which must never
    change the file, reads only a store at this schema; so does every
    `-n/--dry-run`, which says what would change and changes nothing)."""
    from plncrm.store import location

    path = location.sqlite_path(url)
    if path is None:
        from plncrm.store.engine import server_revision
        from plncrm.util.redact import without_password

        where, revision = without_password(url), server_revision(url)
    else:
        where = str(path)
        if not path.is_file():
            raise StoreError(
                f"there is no store at {path} yet: a dry run has nothing to compare with "
                "and never creates one; run it without -n/--dry-run"
                if dry_run
                else f"there is no store at {path}, and reading only never creates one: "
                "create it with a pln command that changes something (pln add-contact)"
            )
        try:
            revision = location.stored_revision(path)
        except location.NotAStore as exc:
            raise StoreError(f"{path} is not a plncrm store ({exc})") from None
        except (location.ReadOnlyStore, OSError) as exc:
            raise StoreError(f"cannot read the store at {path}: {exc}") from None
    check_revision(revision)
    if revision is None:
        raise StoreError(
            f"the store at {where} is empty: a dry run has nothing to compare with and never "
            "creates its tables; run it without -n/--dry-run"
            if dry_run
            else f"the store at {where} is empty, and reading only never creates its tables: "
            "create them with a pln command that changes something (pln add-contact)"
        )
    if revision != HEAD:
        raise StoreError(
            f"the store at {where} needs upgrading first (schema {revision}; this plncrm reads "
            f"{HEAD}), and a dry run never upgrades it: run any pln command without "
            "-n/--dry-run once (pln due)"
            if dry_run
            else f"the store at {where} has an older schema ({revision}; this plncrm reads "
            f"{HEAD}) and reading only never upgrades it: run any other pln command once (pln due)"
        )
