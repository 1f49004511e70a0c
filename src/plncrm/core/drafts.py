"""Ready-to-send messages for each step of an introduction. Pure text building
from contact views (see `views.contact_views`) and the reason for the introduction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from plncrm.core import names
from plncrm.util import times
from plncrm.util.text import one_line, strip_controls

Person = Mapping[str, Any]
STEPS = ("ask-a", "ask-b", "introduce", "follow-up-a", "follow-up-b")


@dataclass(frozen=True)
class Draft:
    to: str
    subject: str
    body: str
    bcc: str = ""

    def text(self) -> str:
        """The message, safe to show and to paste: no control or bidirectional
        characters anywhere, and no line break inside a header."""
        head = f"To: {one_line(self.to)}\n" if self.to else ""
        head += f"Bcc: {one_line(self.bcc)}\n" if self.bcc else ""
        return f"{head}Subject: {one_line(self.subject)}\n\n{strip_controls(self.body)}\n"


def first_name(person: Person) -> str:
    """The name to greet someone by: the given name ("Stephanie" for "Dr.
    Stephanie Hale"), the whole name where that is how one addresses them
    ("Dr. Hale"; "田中 浩", whose given name alone would be too familiar), and
    nothing for someone known only by an address."""
    name = " ".join(str(person.get("name") or "").split())
    if not name or names.looks_like_email(name):
        return ""
    if names.family_first(name) and not names.split(name).middle:
        return name  # East Asian order; a Vietnamese name (with a middle) goes by its given name
    parts = names.split(name)
    given = person.get("given") or parts.given
    if given:
        return str(given)
    return names.compose(names.NameParts(prefix=parts.prefix, family=parts.family)) or name


def called(person: Person) -> str:
    """What to call someone in running text: the name to greet them by, or
    their whole name (an address) when there is none."""
    return first_name(person) or str(person.get("name") or "")


def hello(person: Person, everyone: str = "Hi,") -> str:
    """ "Hi Stephanie,"; "Hi," for someone with no name to greet by; and
    `everyone` for a message to nobody in particular (sent in BCC)."""
    if not person:
        return everyone
    name = first_name(person)
    return f"Hi {name}," if name else "Hi,"


def mailbox(name: str, email: str) -> str:
    """One address as a mail client reads it: a display name with a comma
    ("Rachel Goldberg, M.Ed.") quoted, so that it stays one recipient; the
    name left readable in any script."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address
    from email.utils import formataddr

    try:
        return str(Address(display_name=one_line(name), addr_spec=email.strip()))
    except (ValueError, IndexError, HeaderParseError):
        return formataddr((one_line(name), email.strip()))


def _address(person: Person) -> str:
    email = person.get("email")
    return mailbox(str(person["name"]), str(email)) if email else str(person["name"])


def describe(person: Person) -> str:
    """ "Maya Okafor, Instructional Coach at Riverside USD" """
    where = " at ".join(x for x in (person.get("role"), person.get("org")) if x)
    return f"{person['name']}, {where}" if where else str(person["name"])


def _offers(person: Person) -> str:
    offers = list(person.get("offers") or [])
    if not offers:
        return ""
    listed = offers[0] if len(offers) == 1 else ", ".join(offers[:-1]) + " and " + offers[-1]
    return f" {called(person)} can help with {listed}."


def _sign(me: str) -> str:
    return f"Best,\n{me}" if me else "Best,"


def _why(why: str) -> str:
    why = why.strip()
    return why if why.endswith((".", "!", "?")) else why + "."


def ask(asked: Person, other: Person, why: str, me: str = "") -> Draft:
    """The private ask: would you like to meet them? Easy to decline."""
    body = (
        f"{hello(asked)}\n\n"
        f"I'd like to introduce you to {describe(other)}.{_offers(other)}\n\n"
        f"Why I thought of you: {_why(why)}\n\n"
        f"Would you be open to an introduction? No pressure at all: if now isn't a good time, "
        f"just say so and I won't pass anything on.\n\n{_sign(me)}"
    )
    return Draft(_address(asked), f"Would you like to meet {called(other)}?", body)


def introduce(a: Person, b: Person, why: str, me: str = "") -> Draft:
    """The introduction itself, to both, naming each person and the reason."""
    body = (
        f"Hi {called(a)} and {called(b)},\n\n"
        f"As promised, I'm connecting you two.\n\n"
        f"{called(a)}, meet {describe(b)}.{_offers(b)}\n"
        f"{called(b)}, meet {describe(a)}.{_offers(a)}\n\n"
        f"Why I think you should talk: {_why(why)}\n\n"
        f"I'll let you take it from here.\n\n{_sign(me)}"
    )
    return Draft(f"{_address(a)}, {_address(b)}", f"Introduction: {called(a)} ↔ {called(b)}", body)


def follow_up(person: Person, other: Person, me: str = "") -> Draft:
    """Asking how it went, a few weeks after introducing."""
    body = (
        f"{hello(person)}\n\n"
        f"A few weeks ago I introduced you to {other['name']}. Did you two get a chance to talk? "
        f"I'd love to hear how it went, and whether there's anything else I can do.\n\n{_sign(me)}"
    )
    return Draft(_address(person), f"How did it go with {called(other)}?", body)


def for_step(step: str, a: Person, b: Person, why: str, me: str = "") -> Draft:
    if step == "ask-a":
        return ask(a, b, why, me)
    if step == "ask-b":
        return ask(b, a, why, me)
    if step == "introduce":
        return introduce(a, b, why, me)
    if step == "follow-up-a":
        return follow_up(a, b, me)
    if step == "follow-up-b":
        return follow_up(b, a, me)
    raise ValueError(step)


def _when_where(event: Mapping[str, Any]) -> str:
    when = times.when(
        event.get("starts_on"),
        event.get("ends_on"),
        event.get("starts_at"),
        event.get("ends_at"),
        event.get("tz"),
    )
    where = f" ({event['where']})" if event.get("where") else ""
    return f"{when}{where}"


def invitation(person: Person, event: Mapping[str, Any], me: str = "") -> Draft:
    """A personal invitation to an event we host."""
    greeting = hello(person, "Hi all,")
    body = (
        f"{greeting}\n\n"
        f"I'd love for you to join us at {event['name']} on {_when_where(event)}. "
        f"It's a small group of people working on the same questions, and I think you would "
        f"get a lot out of it, and add a lot to it.\n\n"
        f"Could you let me know whether you can make it?\n\n{_sign(me)}"
    )
    return Draft(_address(person) if person else "", f"Join us at {event['name']}?", body)


def _to_all(draft: Draft, people: Sequence[Person]) -> Draft:
    """`draft` (written to nobody in particular) for everyone, their addresses
    in BCC; those with no email are named at the end."""
    addresses = [_address(p) for p in people if p.get("email")]
    missing = [str(p["name"]) for p in people if not p.get("email")]
    text = draft.body + (f"\n\n(No email address for: {', '.join(missing)})" if missing else "")
    return Draft("", draft.subject, text, bcc=", ".join(addresses))


def invitation_bcc(people: Sequence[Person], event: Mapping[str, Any], me: str = "") -> Draft:
    """One invitation for everyone, in BCC."""
    return _to_all(invitation({}, event, me), people)


def thanks(person: Person, event: Mapping[str, Any], me: str = "") -> Draft:
    body = (
        f"{hello(person)}\n\n"
        f"Thank you for coming to {event['name']}. It was good to have you there, and I hope it "
        "was worth your time. If anything from the session sparked an idea or a question, "
        "I'd love to hear it.\n\n"
        f"{_sign(me)}"
    )
    return Draft(_address(person), f"Thank you for coming to {event['name']}", body)


def met_follow_up(person: Person, event_name: str, me: str = "") -> Draft:
    """The first follow-up after meeting someone at an event: what keeps them
    from striking out."""
    greeting = hello(person)
    # Someone first met elsewhere (a known face at the booth) is seen again.
    again = bool(person) and person.get("met_at") not in (None, event_name)
    met = "see you again" if again else "meet you"
    body = (
        f"{greeting}\n\n"
        f"It was great to {met} at {event_name}. I'd love to stay in touch: if there is "
        f"anything I can share or anyone I can introduce you to, just reply to this email.\n\n"
        f"{_sign(me)}"
    )
    subject = f"Great to {met} at {event_name}"
    return Draft(_address(person) if person else "", subject, body)


def met_follow_up_bcc(people: Sequence[Person], event_name: str, me: str = "") -> Draft:
    """One follow-up for everyone met there, in BCC."""
    return _to_all(met_follow_up({}, event_name, me), people)


def reminder(person: Person, event: Mapping[str, Any], me: str = "") -> Draft:
    """The day before an event, to someone who said yes."""
    greeting = hello(person, "Hi all,")
    body = (
        f"{greeting}\n\n"
        f"A quick reminder: {event['name']} is on {_when_where(event)}. "
        f"The calendar invitation is attached, in case it is not in your calendar yet. "
        f"Looking forward to seeing you there!\n\n{_sign(me)}"
    )
    return Draft(_address(person) if person else "", f"Reminder: {event['name']}", body)


def reminder_bcc(people: Sequence[Person], event: Mapping[str, Any], me: str = "") -> Draft:
    return _to_all(reminder({}, event, me), people)


def _fill(template: tuple[str, str], fields: Mapping[str, str], person: Person) -> Draft:
    """A (subject, body) template with `$field`s (`string.Template`: names
    only, no attribute access or code) filled in, addressed to `person`."""
    from string import Template

    subject, body = (Template(part).safe_substitute(fields) for part in template)
    return Draft(_address(person), subject, body)


def _fields(person: Person, me: str, **more: str) -> dict[str, str]:
    return {
        "greeting": hello(person),
        "given": first_name(person),
        "name": str(person.get("name") or ""),
        "org": str(person.get("org") or ""),
        "role": str(person.get("role") or ""),
        "me": me,
        "signature": _sign(me),
        **more,
    }


def keep_in_touch(
    person: Person, me: str = "", *, template: tuple[str, str] | None = None
) -> Draft:
    """A check-in to someone whose keep-in-touch cadence is due: about them,
    short, and easy to answer. `template`: (subject, body) with `$field`s."""
    if template is not None:
        return _fill(template, _fields(person, me), person)
    at = f" at {person['org']}" if person.get("org") else ""
    body = (
        f"{hello(person)}\n\n"
        f"It's been a while, and I wanted to check in. How are things going{at}? "
        f"I'd love to hear what you're working on these days, and if there is anything I "
        f"can help with, just say.\n\n{_sign(me)}"
    )
    return Draft(_address(person), "Checking in", body)


def task_note(
    person: Person, task_title: str, me: str = "", *, template: tuple[str, str] | None = None
) -> Draft:
    """A note to someone about the follow-up task open with them (its title,
    as typed). `template`: (subject, body) with `$field`s, `$task` among them."""
    task = one_line(task_title).strip()
    if template is not None:
        return _fill(template, _fields(person, me, task=task), person)
    body = (
        f"{hello(person)}\n\n"
        f"I'm following up on this: {_why(task)}\n\n"
        f"Let me know where things stand on your side, or if you need anything from me.\n\n"
        f"{_sign(me)}"
    )
    return Draft(_address(person), f"Following up: {task}", body)
