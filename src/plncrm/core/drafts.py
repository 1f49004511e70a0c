"""Ready-to-send messages: each kind's fields, built from contact views (see
`views.contact_views`), an event and the reason for an introduction, filled
into its template (`template`: the user's, `core.templates.stored`; None: the
default). Pure text building; Jinja2 loads only when a message is drafted."""

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
    to: str  # as shown in a text draft; a mail header is built from `mailboxes`
    subject: str
    body: str
    bcc: str = ""
    # Who the message is to, (display name, address) each, kept as data: a
    # header built by parsing `to` would read addresses out of a name.
    mailboxes: tuple[tuple[str, str], ...] = ()

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


MAX_DISPLAY_NAME = 200  # characters: a mailbox then always fits on one header line


def display_name(name: str) -> str:
    """A name as a mail header's display name: on one line, without control
    or bidirectional characters, at most `MAX_DISPLAY_NAME` characters, and
    never holding an encoded word: a mail library decodes
    "=?utf-8?q?eve=40evil.example=2C_Bob?=" (a kiosk visitor's "name") and
    writes it back as two recipients, so "=?" becomes "= ?"."""
    return one_line(name)[:MAX_DISPLAY_NAME].replace("=?", "= ?")


def mailbox(name: str, email: str) -> str:
    """One address as a mail client reads it: a display name with a comma
    ("Rachel Goldberg, M.Ed.") quoted, so that it stays one recipient; the
    name left readable in any script."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address
    from email.utils import formataddr

    shown = display_name(name)
    try:
        return str(Address(display_name=shown, addr_spec=email.strip()))
    except (ValueError, IndexError, HeaderParseError):
        pass
    try:
        return formataddr((shown, email.strip()))
    except UnicodeError:  # an address beyond ASCII (josé@…): shown as written
        return f"{shown} <{email.strip()}>"


def _address(person: Person) -> str:
    email = person.get("email")
    return mailbox(str(person["name"]), str(email)) if email else str(person["name"])


def _mailboxes(*people: Person) -> tuple[tuple[str, str], ...]:
    return tuple((str(p["name"]), str(p["email"])) for p in people if p and p.get("email"))


def describe(person: Person) -> str:
    """ "Maya Okafor, Instructional Coach at Riverside USD" """
    where = " at ".join(x for x in (person.get("role"), person.get("org")) if x)
    return f"{person['name']}, {where}" if where else str(person["name"])


def _offers(person: Person) -> str:
    """What someone can help with, as running text: "A", "A and B", "A, B and C"."""
    offers = [str(o) for o in person.get("offers") or []]
    if len(offers) < 2:
        return "".join(offers)
    return ", ".join(offers[:-1]) + " and " + offers[-1]


def _why(why: str) -> str:
    why = why.strip()
    return why if why.endswith((".", "!", "?")) else why + "."


def _person(person: Person, greeting: str = "Hi,") -> dict[str, str]:
    """The fields of the person a message greets (`greeting`: for nobody in particular)."""
    return {
        "greeting": hello(person, greeting),
        "given_name": first_name(person) if person else "",
        "name": str(person.get("name") or ""),
        "org": str(person.get("org") or ""),
        "role": str(person.get("role") or ""),
    }


def _other(other: Person, prefix: str = "other") -> dict[str, str]:
    """The fields of the person a message is about, named `prefix`_…"""
    return {
        prefix: describe(other),
        f"{prefix}_name": str(other["name"]),
        f"{prefix}_called": called(other),
    }


def _event(event: Mapping[str, Any]) -> dict[str, str]:
    return {
        "name": str(event["name"]),
        "when": _when(event),
        "where": str(event.get("where") or ""),
    }


def _draft(kind: str, template: str | None, fields: dict[str, Any], *to: Person) -> Draft:
    """The message of `kind` to the people `to` (none: to nobody in particular)."""
    from plncrm.core import templates

    subject, body = templates.render(kind, template, fields)
    shown = ", ".join(_address(p) for p in to if p)
    return Draft(shown, subject, body, mailboxes=_mailboxes(*to))


def ask(
    asked: Person, other: Person, why: str, me: str = "", *, template: str | None = None
) -> Draft:
    """The private ask: would you like to meet them? Easy to decline."""
    fields = {**_person(asked), **_other(other), "other_offers": _offers(other)}
    return _draft("ask", template, {**fields, "why": _why(why), "me": me}, asked)


def introduce(
    a: Person, b: Person, why: str, me: str = "", *, template: str | None = None
) -> Draft:
    """The introduction itself, to both, naming each person and the reason."""
    fields = {**_other(a, "a"), **_other(b, "b"), "a_offers": _offers(a), "b_offers": _offers(b)}
    return _draft("introduce", template, {**fields, "why": _why(why), "me": me}, a, b)


def follow_up(person: Person, other: Person, me: str = "", *, template: str | None = None) -> Draft:
    """Asking how it went, a few weeks after introducing."""
    fields = {**_person(person), **_other(other), "me": me}
    return _draft("intro-follow-up", template, fields, person)


# The kind of message each step of an introduction sends (`templates.KINDS`).
STEP_KINDS = {
    "ask-a": "ask",
    "ask-b": "ask",
    "introduce": "introduce",
    "follow-up-a": "intro-follow-up",
    "follow-up-b": "intro-follow-up",
}


def for_step(
    step: str, a: Person, b: Person, why: str, me: str = "", *, template: str | None = None
) -> Draft:
    """The message of `step`; `template`: the user's for its kind (`STEP_KINDS`)."""
    if step == "ask-a":
        return ask(a, b, why, me, template=template)
    if step == "ask-b":
        return ask(b, a, why, me, template=template)
    if step == "introduce":
        return introduce(a, b, why, me, template=template)
    if step == "follow-up-a":
        return follow_up(a, b, me, template=template)
    if step == "follow-up-b":
        return follow_up(b, a, me, template=template)
    raise ValueError(step)


def _when(event: Mapping[str, Any]) -> str:
    return times.when(
        event.get("starts_on"),
        event.get("ends_on"),
        event.get("starts_at"),
        event.get("ends_at"),
        event.get("tz"),
    )


def _for_event(
    kind: str, person: Person, event: Mapping[str, Any], me: str, template: str | None, **more: Any
) -> Draft:
    """A message about `event` to `person` ({}: to nobody in particular, "Hi all,")."""
    fields = {**_person(person, "Hi all,"), "event": _event(event), "me": me, **more}
    return _draft(kind, template, fields, person)


def invitation(
    person: Person, event: Mapping[str, Any], me: str = "", *, template: str | None = None
) -> Draft:
    """A personal invitation to an event we host."""
    return _for_event("invitation", person, event, me, template)


def _to_all(draft: Draft, people: Sequence[Person]) -> Draft:
    """`draft` (written to nobody in particular) for everyone, their addresses
    in BCC; those with no email are named at the end."""
    addresses = [_address(p) for p in people if p.get("email")]
    missing = [str(p["name"]) for p in people if not p.get("email")]
    text = draft.body + (f"\n\n(No email address for: {', '.join(missing)})" if missing else "")
    return Draft("", draft.subject, text, bcc=", ".join(addresses))


def invitation_bcc(
    people: Sequence[Person], event: Mapping[str, Any], me: str = "", *, template: str | None = None
) -> Draft:
    """One invitation for everyone, in BCC."""
    return _to_all(invitation({}, event, me, template=template), people)


def thanks(
    person: Person,
    event: Mapping[str, Any],
    me: str = "",
    *,
    template: str | None = None,
    resources: Sequence[str] = (),
) -> Draft:
    """Thanking someone who came to an event we hosted."""
    return _for_event("thanks", person, event, me, template, resources=list(resources))


def no_show(
    person: Person,
    event: Mapping[str, Any],
    me: str = "",
    *,
    template: str | None = None,
    recording: str = "",
) -> Draft:
    """The recording, to someone who said yes to an event we hosted and did not come."""
    return _for_event("no-show", person, event, me, template, recording=recording)


def met_follow_up(
    person: Person,
    event_name: str,
    me: str = "",
    *,
    template: str | None = None,
    resources: Sequence[str] = (),
) -> Draft:
    """The first follow-up after meeting someone at an event: what keeps them
    from striking out."""
    # Someone first met elsewhere (a known face at the booth) is seen again.
    again = bool(person) and person.get("met_at") not in (None, event_name)
    fields = {
        **_person(person),
        "event": {"name": event_name},
        "met_before": again,
        "resources": list(resources),
        "me": me,
    }
    return _draft("met-follow-up", template, fields, person)


def met_follow_up_bcc(
    people: Sequence[Person],
    event_name: str,
    me: str = "",
    *,
    template: str | None = None,
    resources: Sequence[str] = (),
) -> Draft:
    """One follow-up for everyone met there, in BCC."""
    once = met_follow_up({}, event_name, me, template=template, resources=resources)
    return _to_all(once, people)


def reminder(
    person: Person, event: Mapping[str, Any], me: str = "", *, template: str | None = None
) -> Draft:
    """The day before an event, to someone who said yes."""
    return _for_event("reminder", person, event, me, template)


def reminder_bcc(
    people: Sequence[Person], event: Mapping[str, Any], me: str = "", *, template: str | None = None
) -> Draft:
    return _to_all(reminder({}, event, me, template=template), people)


def keep_in_touch(person: Person, me: str = "", *, template: str | None = None) -> Draft:
    """A keep-in-touch check-in with someone whose cadence is due."""
    return _draft("keep-in-touch", template, {**_person(person), "me": me}, person)


def gift(
    person: Person,
    resource: Mapping[str, Any],
    me: str = "",
    *,
    note: str = "",
    template: str | None = None,
) -> Draft:
    """A free resource for someone: its name and link, and what you added."""
    shown = {"name": one_line(str(resource["name"])), "link": str(resource["link"])}
    fields = {**_person(person), "resource": shown, "note": one_line(note), "me": me}
    return _draft("gift", template, fields, person)


def task_follow_up(
    person: Person, task: str, me: str = "", *, template: str | None = None
) -> Draft:
    """A message to someone about an open follow-up with them (`task`: its title)."""
    fields = {**_person(person), "task": one_line(task), "me": me}
    return _draft("follow-up", template, fields, person)
