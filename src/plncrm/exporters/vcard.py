"""Contacts as vCard 3.0, written by vobject so address books (and vobject) read them back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from plncrm.core.names import NameParts, looks_like_email, split
from plncrm.exporters.plain import plain
from plncrm.util.social import handle_of

if TYPE_CHECKING:
    from plncrm.core.view_shapes import ContactView


def card(view: ContactView) -> str:
    import vobject

    view = plain(view)  # no control character, whatever the store holds
    vcard = vobject.vCard()
    vcard.add("fn").value = view["name"]
    parts = NameParts(view["given"], view["family"], view["prefix"], view["suffix"], view["middle"])
    if not parts and not looks_like_email(view["name"]):
        parts = split(view["name"])  # stored before names had parts
    vcard.add("n").value = vobject.vcard.Name(
        family=parts.family or "",
        given=parts.given or "",
        additional=parts.middle or "",
        prefix=parts.prefix or "",
        suffix=parts.suffix or "",
    )
    for aka in view["akas"]:  # one NICKNAME each: an alternate name may hold a comma
        vcard.add("nickname").value = aka
    if view["uid"]:
        vcard.add("uid").value = view["uid"]
    for email in view["emails"]:
        line = vcard.add("email")
        line.value = email
        line.type_param = "INTERNET"
    for phone in view["phones"]:
        vcard.add("tel").value = phone
    if view["pronouns"]:  # RFC 9554 names PRONOUNS for vCard 4; a 3.0 card marks it X-
        vcard.add("x-pronouns").value = view["pronouns"]
    if view["org"]:
        vcard.add("org").value = [view["org"]]
    if view["role"]:
        vcard.add("title").value = view["role"]
    _links(vcard, view["links"])
    if view["tags"]:
        vcard.add("categories").value = list(view["tags"])
    if view.get("birthday"):
        vcard.add("bday").value = view["birthday"]
    if view["notes"]:
        vcard.add("note").value = view["notes"]
    text: str = vcard.serialize()
    return text


def _links(vcard: object, links: Sequence[str]) -> None:
    """Every link as a URL (in order: vobject writes properties sorted by
    name), and handles also as the social profiles Apple's and Google's
    address books show; reading back, the two are one link."""
    for link in links:
        vcard.add("url").value = link  # type: ignore[attr-defined]
    for link in links:
        handle = handle_of(link)
        if handle is not None:
            line = vcard.add("x-socialprofile")  # type: ignore[attr-defined]
            line.value = link
            line.type_param = handle[0]


def stream(batches: Iterable[Sequence[ContactView]]) -> Iterator[bytes]:
    """The cards, a batch of contacts at a time."""
    for views in batches:
        yield "".join(card(v) for v in views).encode("utf-8")


def build(views: Sequence[ContactView]) -> bytes:
    return b"".join(stream([views]))
