"""The user's own card (`pln card`): their details from the settings, as the
contact view every vCard is drawn from, so the card a visitor scans is written
by the same exporter as every other card pln writes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from plncrm.util.errors import Invalid
from plncrm.util.text import one_line

if TYPE_CHECKING:
    from plncrm.core.view_shapes import ContactView

# The settings a card is made of, and what each fills.
KEYS = ("my-name", "my-email", "my-phone", "my-org", "my-role", "my-link", "mail.from")
NO_NAME = 'no name for your card: pln config my-name "Your Name"'


class Me(NamedTuple):
    """What the card says; "" for what is not set."""

    name: str
    email: str
    phone: str
    org: str
    role: str
    link: str

    def as_dict(self) -> dict[str, str | None]:
        return {key: value or None for key, value in self._asdict().items()}


def me(values: Mapping[str, str]) -> Me:
    """The user's details from their settings: `my-name` and `my-email`, or
    else the name and address in `mail.from`. A card without a name is refused
    (Invalid, naming the setting): a phone would save a nameless contact."""
    from email.utils import parseaddr

    sender_name, sender_address = parseaddr(values.get("mail.from", ""))

    def setting(key: str, fallback: str = "") -> str:
        return one_line(values.get(key, "")) or one_line(fallback)

    name = setting("my-name", sender_name)
    if not name:
        raise Invalid(NO_NAME)
    return Me(
        name=name,
        email=setting("my-email", sender_address),
        phone=setting("my-phone"),
        org=setting("my-org"),
        role=setting("my-role"),
        link=setting("my-link"),
    )


def view(card: Me) -> ContactView:
    """The card as a contact view (what `exporters.vcard.card` writes)."""
    return {
        "id": None,
        "uid": None,
        "name": card.name,
        "given": None,
        "middle": None,
        "family": None,
        "prefix": None,
        "suffix": None,
        "pronouns": None,
        "akas": [],
        "email": card.email or None,
        "emails": [card.email] if card.email else [],
        "phones": [card.phone] if card.phone else [],
        "org": card.org or None,
        "role": card.role or None,
        "tags": [],
        "links": [card.link] if card.link else [],
        "handles": {},
        "needs": [],
        "offers": [],
        "past_roles": [],
        "cadence": None,
        "birthday": None,
        "notes": None,
        "met_at": None,
        "met_on": None,
        "via": None,
        "communities": [],
        "last_contacted": None,
        "added_on": None,
    }
