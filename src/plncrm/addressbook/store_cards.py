"""plncrm's side of the sync: each contact's card, as `pln export vcard`
writes it (`exporters.vcard.card`, from the contact's view in `core.views`),
with a fingerprint of what the card is drawn from. The fingerprint (`key`)
says whether a contact's card changed since the last sync, so that a card is
only drawn when needed (vobject takes milliseconds a card), and a change the
card does not show (a note on the timeline, a need) leaves it alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from plncrm.core.view_shapes import ContactView
    from plncrm.store.plain import Reader

CARD_FORMAT = 1  # raise when exporters.vcard writes the same contact differently
# What exporters.vcard draws a card from: the fields of a view the fingerprint covers.
CARD_FIELDS = (
    "uid",
    "name",
    "given",
    "middle",
    "family",
    "prefix",
    "suffix",
    "akas",
    "emails",
    "phones",
    "org",
    "role",
    "links",
    "tags",
    "birthday",
    "notes",
)


class StoreCard(NamedTuple):
    """plncrm's card of one contact, as `pln export vcard` writes it: drawn
    only when needed; `key` is a digest of what it is drawn from, which says
    whether the contact changed."""

    id: int
    uid: str
    name: str
    key: str
    draw: Callable[[], str]

    @property
    def text(self) -> str:
        return self.draw()


def store_card(view: ContactView) -> StoreCard:
    """A contact's card, keyed by what the card is drawn from."""
    import hashlib
    import json
    from functools import partial

    from plncrm.exporters.vcard import card

    drawn = [view.get(k) for k in CARD_FIELDS]
    key = hashlib.sha256(json.dumps([CARD_FORMAT, drawn], sort_keys=True, default=str).encode())
    draw = partial(card, view)
    return StoreCard(view["id"] or 0, view["uid"] or "", view["name"], key.hexdigest()[:32], draw)


def every_card(reader: Reader) -> dict[str, StoreCard]:
    """plncrm's card of every contact not archived, by uid."""
    from plncrm.core import views
    from plncrm.reads import lists

    found = {}
    for batch in lists.contact_batches(reader):
        for view in views.contact_views(reader, batch):
            if view["uid"]:
                found[view["uid"]] = store_card(view)
    return found


def card_of(reader: Reader, contact_id: int) -> StoreCard:
    """plncrm's card of one contact, as the transaction now has them."""
    from plncrm.core import views
    from plncrm.reads.contacts import get_many

    [view] = views.contact_views(reader, list(get_many(reader, [contact_id]).values()))
    return store_card(view)
