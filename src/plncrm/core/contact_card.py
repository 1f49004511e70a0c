"""A contact's whole card as `pln show` prints it and the pocket agenda shows
it: the contact's view with the latest of their timeline, whom they
introduced, their open follow-ups, who met them and the consents they gave."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plncrm.core.view_shapes import ConsentView, ContactView
    from plncrm.store.plain import Reader

    class ShownView(ContactView):
        """`pln show --json`: the card, and the resources that answer its needs."""

        resources_for_needs: list[dict[str, Any]]


TIMELINE = 25  # the latest interactions shown unless the whole timeline is asked for


def card(reader: Reader, ref: str, whole: bool = False, latest: int = TIMELINE) -> ContactView:
    """The card of the contact `ref` names (an id, "#12", an email or a name)
    with the `latest` interactions; `timeline_more` counts those left out
    unless `whole`."""
    from plncrm.core import views
    from plncrm.reads import contacts, followups, refs, timeline

    contact_id = refs.resolve_id(reader, ref)
    contact = contacts.get_many(reader, [contact_id])[contact_id]
    view = views.contact_views(reader, [contact])[0]
    entries = timeline.timeline(reader, contact_id, limit=None if whole else latest + 1)
    earlier = 0
    if not whole and len(entries) > latest:
        entries = entries[:latest]
        earlier = timeline.count_for(reader, contact_id) - latest
    view["timeline"] = views.timeline_views(entries)
    view["timeline_more"] = earlier
    view["introduced"] = [views.ref(c) for c in contacts.introduced_by(reader, contact_id)]
    tasks = followups.list_tasks(reader, contact_id=contact_id)
    view["follow_ups"] = [views.follow_up_view(t, contact) for t in tasks]
    view["met_by"] = timeline.met_by(reader, contact_id, contact.met_event_id, contact.created_by)
    view["created_by"] = contact.created_by
    view["consents"] = consents(reader, contact_id)
    return view


def consents(reader: Reader, contact_id: int) -> list[ConsentView]:
    """The consents the contact gave (at the kiosk), newest first, in their
    very words: what allows writing to them should be seen where they are."""
    from plncrm.core.touch import stamped

    found: list[ConsentView] = []
    for row in reader.rows(
        "SELECT c.given_at, c.wording, c.source, c.event_id, e.name AS event FROM consent c "
        "LEFT JOIN event e ON e.id = c.event_id WHERE c.contact_id = :c "
        "ORDER BY c.given_at DESC, c.id DESC",
        {"c": contact_id},
    ):
        given = stamped(row["given_at"])
        found.append(
            {
                # On the local clock, with its offset, as a person reads it.
                "given_at": given.astimezone().isoformat(timespec="seconds") if given else None,
                "wording": str(row["wording"]),
                "source": row["source"],
                "event_id": row["event_id"],
                "event": row["event"],
            }
        )
    return found


def with_resources(
    reader: Reader, ref: str, whole: bool = False, latest: int = TIMELINE
) -> tuple[ContactView, list[dict[str, Any]]]:
    """The card and the resources that answer the contact's needs, not given
    to them yet: all that `pln show` prints and the pocket agenda's card shows."""
    from plncrm.core import gifts

    view = card(reader, ref, whole, latest)
    return view, gifts.offered(reader, view["id"] or 0)


def document(reader: Reader, ref: str, whole: bool = False, latest: int = TIMELINE) -> ShownView:
    """`pln show --json`'s document (and the assistant's person card, with its
    own `latest`): the card with the resources that answer the contact's needs."""
    view, offered = with_resources(reader, ref, whole, latest)
    return {**view, "resources_for_needs": offered}
