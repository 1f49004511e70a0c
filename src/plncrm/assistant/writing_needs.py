"""`set_needs_offers`: what a person looks for and can help with, set as `pln
edit --needs/--offers` sets them (each list given replaces theirs), one
journaled step. What matchmaking pairs people by, so the assistant keeps it
up to date from a conversation ("she wants a co-presenter")."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from plncrm.assistant.context import Ctx
from plncrm.assistant.registry import tool
from plncrm.assistant.writing import Person, described
from plncrm.util.bounds import MAX_WEB_FIELD
from plncrm.util.errors import Invalid

Phrases = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=MAX_WEB_FIELD)]],
    Field(
        max_length=100,
        description="The whole list, one short phrase each ('a co-presenter for number "
        "talks'); it replaces theirs: [] clears it. Leave out to keep it as it is.",
    ),
]


@tool(writes=True)
@described
def set_needs_offers(
    ctx: Ctx, person: Person, needs: Phrases | None = None, offers: Phrases | None = None
) -> Any:
    """Set what a person needs (looks for) and offers (can help with), as `pln
    edit --needs/--offers` does: each list given replaces theirs, so to add one
    pass their current list (person_brief shows it) with the new phrase, and to
    remove one pass the list without it; a list left out is kept. Removing a
    need is an edit, nothing is deleted for good: it is one step in the user's
    history, which undo_last (or the user, in pln) takes back.
    suggest_introductions pairs people by these.
    Returns their card as `pln edit --json` prints it."""
    from plncrm.core import contacts, refs, views
    from plncrm.core.contacts import ContactFields

    if needs is None and offers is None:
        raise Invalid("give at least one of needs and offers (a list; [] clears it)")
    fields = ContactFields(needs=needs, offers=offers)
    # [] is named in the history too: it cleared the list.
    arguments = {"person": person, "needs": needs, "offers": offers}
    kept = {k: v for k, v in arguments.items() if v is not None}
    with ctx.writing("set_needs_offers", kept) as db:
        found = refs.resolve(db, person)
        changed = contacts.edit_contact(db, found, fields, ctx.today())
        return views.contact_views(db, [changed])[0]
