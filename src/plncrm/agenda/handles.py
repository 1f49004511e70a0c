"""An agenda line's handle and its document: what `pln due` shows beside each
line, what `done`, `snooze` and `dismiss` accept, and what `pln due --json`
writes. Pure, like the ranking (`agenda.rank`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from plncrm.agenda.facts import Item
from plncrm.store.kinds import HANDLE_EVENT, HANDLE_INTRO, HANDLE_KEEP_IN_TOUCH, HANDLE_MET

if TYPE_CHECKING:  # a shape for the type checker only, as are those of `core.views`
    from typing_extensions import NotRequired, TypedDict

    class AgendaView(TypedDict):
        """An agenda line as `pln due --json` writes it and the agenda is drawn from."""

        handle: str  # what `done`, `snooze` and `cancel` take: "12", "i4", "e2", "k31"
        kind: str
        section: str
        contact: str | None
        contact_id: int | None
        org: str | None  # the contact's: two people of one name are told apart by it
        title: str
        due: str | None
        score: float
        score_terms: dict[str, float]
        reason: str
        task_id: int | None
        action: str | None
        owner: str | None
        ref: NotRequired[dict[str, int | str]]  # ids; an introduction's "side": a or b
        group: NotRequired[list[AgendaView]]  # the people one line stands for (met at one event)


# Handles: what each agenda line shows and the act commands accept. A follow-up
# is its id ("12"); the other kinds carry a letter, so that "4" never means both
# follow-up #4 and introduction 4.
HANDLE_OF_REF = {"intro_id": HANDLE_INTRO, "event_id": HANDLE_EVENT, "met_event_id": HANDLE_MET}


def handle(item: Item) -> str:
    """The line's own handle: "12", "e2", "k31", "m3"; "i4a" and "i4b" for the
    two sides of introduction 4, "i4" for a step of both."""
    if item.task_id:
        return str(item.task_id)
    for key, letter in HANDLE_OF_REF.items():
        if key in item.ref:
            return f"{letter}{item.ref[key]}{item.ref.get('side', '') if key == 'intro_id' else ''}"
    if item.kind == "keep-in-touch" and item.person is not None:
        return f"{HANDLE_KEEP_IN_TOUCH}{item.person.id}"
    return ""


def agenda_view(item: Item) -> AgendaView:
    view: AgendaView = {
        "handle": handle(item),
        "kind": item.kind,
        "section": item.section,
        "contact": item.person.name if item.person else None,
        "contact_id": item.person.id if item.person else None,
        "org": item.person.org if item.person else None,
        "title": item.title,
        "due": item.due.isoformat() if item.due else None,
        "score": item.score,
        "score_terms": item.terms,
        "reason": item.reason,
        "task_id": item.task_id,
        "action": item.action,
        "owner": item.owner,
    }
    if item.ref:
        view["ref"] = {
            key: value if isinstance(value, str) else int(value)  # type: ignore[call-overload]
            for key, value in item.ref.items()
        }
    if item.group:
        view["group"] = [agenda_view(member) for member in item.group]
    return view


def hidden_until(item: Item, hidden: Mapping[str, date]) -> date | None:
    """Until when the line is snoozed: by its own handle, or (an introduction's
    side) by the introduction's ("i4" hides both "i4a" and "i4b")."""
    own = handle(item)
    days = [hidden.get(own)]
    if "intro_id" in item.ref and "side" in item.ref:
        days.append(hidden.get(f"{HANDLE_INTRO}{item.ref['intro_id']}"))
    return max((d for d in days if d is not None), default=None)


def not_a_task(text: str) -> str | None:
    """What to do with a handle that is not a follow-up ("i4", "i4a", "e2",
    "k31"), or None when `text` is not such a handle."""
    letter, number = text[:1].lower(), text[1:]
    if letter == HANDLE_INTRO and number[-1:].lower() in ("a", "b"):
        number = number[:-1]
    if not (number.isascii() and number.isdigit()):
        return None
    if letter == HANDLE_INTRO:
        return (
            f"{text} is introduction {number}'s next step: its line in pln due names the "
            f"command (pln intros ask/answer/introduce {number} …); pln snooze {text} hides it"
        )
    if letter == HANDLE_EVENT:
        return (
            f"{text} is event {number}'s next step: pln event rsvp, attended, remind or thank "
            "(--no-shows: the recording); "
            f"pln snooze {text} hides it"
        )
    if letter == HANDLE_MET:
        return (
            f"{text} is everyone met at event {number} still waiting for a follow-up: "
            f"pln event follow-up {number} drafts for them and records it"
        )
    if letter == HANDLE_KEEP_IN_TOUCH:
        return (
            f"{text} is keeping in touch with contact {number}: log what you did with "
            f"pln log {number} -m …, or pln dismiss {text} (--never: for good)"
        )
    return None
