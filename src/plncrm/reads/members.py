"""Whose open follow-ups are whose, and the offer `pln due` makes to a member
whose store's work all sits under a login name (`pln team claim root`).

One person's store keeps her follow-ups under her login name ("root") until
she names herself with PLN_USER; then they are "assigned to others". Read
through the partial index of open follow-ups that have an owner, so the
morning agenda pays nothing for it when there are none.
"""

from plncrm.store.kinds import FOLLOW_UP_OPEN
from plncrm.store.plain import Reader

# Names a machine gives its account when nobody chose one: a login, not a person.
LOGIN_NAMES = frozenset(
    {"root", "admin", "administrator", "user", "me", "owner", "ubuntu", "pi", "vagrant", "ec2-user"}
)

_OPEN = ", ".join(f"'{s}'" for s in FOLLOW_UP_OPEN)
# `> ''` (owners are never empty) lets the planner take ix_follow_up_open_owner.
OPEN_BY_OWNER = (
    f"SELECT owner, count(*) AS n FROM follow_up WHERE status IN ({_OPEN}) AND owner > '' "
    "GROUP BY owner"
)


def open_by_owner(reader: Reader) -> dict[str, int]:
    """Open (and snoozed) follow-ups per owner; unassigned ones are not counted."""
    return {str(row["owner"]): int(row["n"]) for row in reader.rows(OPEN_BY_OWNER)}


def looks_like_login(name: str, login: str) -> bool:
    """Whether `name` is an account's name rather than a person's: this
    machine's login, or one a machine gives ("root", "admin", "me")."""
    return name == login or name.casefold() in LOGIN_NAMES


def claim_offer(reader: Reader, me: str, login: str) -> str | None:
    """The member whose work `me` may mean to take over: when every open
    follow-up that has an owner is one other member's, that member's name
    looks like a login (`login`: this machine's), and `me` owns none yet."""
    if looks_like_login(me, login):
        return None  # not a named member
    owners = open_by_owner(reader)
    if len(owners) != 1 or me in owners:
        return None
    [other] = owners
    return other if looks_like_login(other, login) else None
