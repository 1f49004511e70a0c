"""The templates of the messages pln drafts: each kind's default wording,
and the ones a user edited (`pln template edit`), kept as `template.KIND`
settings so that undo, history and export cover them.

Which fields a kind may use, and the sandbox that checks and fills a template,
are in `util.templating` (a setting's check runs below the core)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from plncrm.util.templating import FIELD_HELP, FIELDS, KINDS, check_kind, check_template
from plncrm.util.templating import render_template as _render

if TYPE_CHECKING:
    from plncrm.store.plain import Reader

__all__ = ["ABOUT", "DEFAULTS", "FIELDS", "FIELD_HELP", "KINDS", "check", "render", "stored"]

PREFIX = "template."  # a kind's setting: template.ask
_SIGNED = "Best,\n{{ me }}\n"
_WHERE = "{% if event.where %} ({{ event.where }}){% endif %}"
_LINKS = (
    "{% if resources %}\n\nThe links I mentioned:{% for link in resources %}\n"
    "{{ link }}{% endfor %}{% endif %}"
)
_MET = "{% if met_before %}see you again{% else %}meet you{% endif %}"

# What each kind is, and the commands that draft it (docs/mail.md's table).
ABOUT = {
    "ask": "the private ask before an introduction (pln intros ask; intros draft ask-a, ask-b)",
    "introduce": "the introduction, to both (pln intros introduce)",
    "intro-follow-up": "how did it go, weeks later (pln intros draft follow-up-a, follow-up-b)",
    "invitation": "an invitation to an event you host (pln event invite)",
    "reminder": "the day before, to those who said yes (pln event remind)",
    "thanks": "to those who came (pln event thank)",
    "no-show": "the recording, to those who said yes and did not come (pln event thank --no-shows)",
    "met-follow-up": "to each person met at an event (pln event follow-up)",
    "keep-in-touch": "a check-in with someone whose cadence is due (pln write k31)",
    "follow-up": "a note about an open follow-up with someone (pln write 12)",
    "gift": "a free resource, with its link (pln give)",
}

DEFAULTS: dict[str, str] = {
    "ask": (
        "Subject: Would you like to meet {{ other_called }}?\n\n{{ greeting }}\n\n"
        "I'd like to introduce you to {{ other }}.{% if other_offers %} {{ other_called }} "
        "can help with {{ other_offers }}.{% endif %}\n\n"
        "Why I thought of you: {{ why }}\n\n"
        "Would you be open to an introduction? No pressure at all: if now isn't a good time, "
        f"just say so and I won't pass anything on.\n\n{_SIGNED}"
    ),
    "introduce": (
        "Subject: Introduction: {{ a_called }} ↔ {{ b_called }}\n\n"
        "Hi {{ a_called }} and {{ b_called }},\n\n"
        "As promised, I'm connecting you two.\n\n"
        "{{ a_called }}, meet {{ b }}.{% if b_offers %} {{ b_called }} can help with "
        "{{ b_offers }}.{% endif %}\n"
        "{{ b_called }}, meet {{ a }}.{% if a_offers %} {{ a_called }} can help with "
        "{{ a_offers }}.{% endif %}\n\n"
        "Why I think you should talk: {{ why }}\n\n"
        f"I'll let you take it from here.\n\n{_SIGNED}"
    ),
    "intro-follow-up": (
        "Subject: How did it go with {{ other_called }}?\n\n{{ greeting }}\n\n"
        "A few weeks ago I introduced you to {{ other_name }}. Did you two get a chance to "
        "talk? I'd love to hear how it went, and whether there's anything else I can do.\n\n"
        f"{_SIGNED}"
    ),
    "invitation": (
        "Subject: Join us at {{ event.name }}?\n\n{{ greeting }}\n\n"
        f"I'd love for you to join us at {{{{ event.name }}}} on {{{{ event.when }}}}{_WHERE}. "
        "It's a small group of people working on the same questions, and I think you would "
        "get a lot out of it, and add a lot to it.\n\n"
        f"Could you let me know whether you can make it?\n\n{_SIGNED}"
    ),
    "reminder": (
        "Subject: Reminder: {{ event.name }}\n\n{{ greeting }}\n\n"
        f"A quick reminder: {{{{ event.name }}}} is on {{{{ event.when }}}}{_WHERE}. "
        "The calendar invitation is attached, in case it is not in your calendar yet. "
        f"Looking forward to seeing you there!\n\n{_SIGNED}"
    ),
    "thanks": (
        "Subject: Thank you for coming to {{ event.name }}\n\n{{ greeting }}\n\n"
        "Thank you for coming to {{ event.name }}. It was good to have you there, and I hope it "
        "was worth your time. If anything from the session sparked an idea or a question, "
        f"I'd love to hear it.{_LINKS}\n\n{_SIGNED}"
    ),
    "no-show": (
        "Subject: Sorry we missed you at {{ event.name }}\n\n{{ greeting }}\n\n"
        "Sorry we missed you at {{ event.name }}. In case it helps, here is the recording, "
        "to watch whenever it suits you:\n{{ recording }}\n\n"
        "If anything in it sparks a question or an idea, just reply to this email: "
        f"I'd love to hear it.\n\n{_SIGNED}"
    ),
    "met-follow-up": (
        f"Subject: Great to {_MET} at {{{{ event.name }}}}\n\n{{{{ greeting }}}}\n\n"
        f"It was great to {_MET} at {{{{ event.name }}}}. I'd love to stay in touch: if there is "
        "anything I can share or anyone I can introduce you to, just reply to this email."
        f"{_LINKS}\n\n{_SIGNED}"
    ),
    "keep-in-touch": (
        "Subject: Catching up\n\n{{ greeting }}\n\n"
        "It's been a while since we last talked, and I'd love to hear how things are going"
        "{% if org %} at {{ org }}{% endif %}. Would you have time for a short call in the "
        f"next few weeks?\n\n{_SIGNED}"
    ),
    "follow-up": (
        "Subject: Following up: {{ task }}\n\n{{ greeting }}\n\n"
        "I wanted to follow up on this: {{ task }}. Could you let me know where things "
        f"stand, or whether there is anything I can do to help?\n\n{_SIGNED}"
    ),
    "gift": (
        "Subject: {{ resource.name }}\n\n{{ greeting }}\n\n"
        "{% if note %}{{ note }}\n\n{% endif %}"
        "Here is {{ resource.name }}, free to use and share:\n{{ resource.link }}\n\n"
        f"I hope it helps. Let me know what you think!\n\n{_SIGNED}"
    ),
}


def check(kind: str, text: str) -> str:
    """`text` as stored, or `Invalid` naming in one line what is wrong."""
    return check_template(kind, text)


def render(kind: str, text: str | None, fields: Mapping[str, Any]) -> tuple[str, str]:
    """The subject and body of `kind`'s message: `text` (the user's template)
    or, when None, the default, filled with `fields`."""
    return _render(kind, DEFAULTS[check_kind(kind)] if text is None else text, fields)


def stored(reader: Reader) -> dict[str, str]:
    """The templates the user edited, by kind."""
    rows = reader.rows(
        "SELECT key, value FROM setting WHERE key LIKE :prefix", {"prefix": PREFIX + "%"}
    )
    edited = {str(r["key"])[len(PREFIX) :]: str(r["value"]) for r in rows}
    return {kind: edited[kind] for kind in KINDS if kind in edited}


def current(reader: Reader, kind: str) -> str:
    """`kind`'s template as messages are drafted: the user's, else the default."""
    kind = check_kind(kind)
    return stored(reader).get(kind, DEFAULTS[kind])


def fields_table() -> str:
    """docs/mail.md's tables (Markdown): each kind with its fields, then what each field holds."""
    rows = ["| kind | what it is | fields |", "| --- | --- | --- |"]
    for kind in KINDS:
        fields = ", ".join(f"`{f}`" for f in FIELDS[kind])
        rows.append(f"| `{kind}` | {ABOUT[kind]} | {fields} |")
    rows += ["", "| field | what it holds |", "| --- | --- |"]
    for field, help in FIELD_HELP.items():
        rows.append(f"| `{field}` | {help.replace('|', '&#124;')} |")
    return "\n".join(rows)
