"""Message templates people can edit (issue 29): refused when saved if they
name an unknown field or reach for anything but the documented fields, filled
in a sandbox, and kept as settings that undo, history and export cover."""

from __future__ import annotations

import subprocess
import sys

import pytest

from plncrm.core import drafts, templates
from plncrm.util.bounds import MAX_TEMPLATE_CHARS
from plncrm.util.errors import Invalid

HOSTILE = [
    "{{ name.__class__.__mro__ }}",
    "{{ ''.__class__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{% from 'os' import system %}",
    "{% extends 'base' %}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__ }}",
    "{{ range(10**9)|list }}",
    "{{ 'x' * 1000000000 }}",
    "{{ name.upper() }}",
    "{{ name|attr('__class__') }}",
    "{{ event['__class__'] }}",
    "{{ event.name.__class__ }}",
    "{% for link in resources %}{{ link.__class__ }}{% endfor %}",
    "{% for a in resources %}{% for b in resources %}{% endfor %}{% endfor %}",
    "{% set x = name ~ name %}{{ x }}",
    "{% macro m() %}{{ m() }}{% endmacro %}",
    "{{ name|join('xx')|join('xx') }}",
    "{% for c in name %}{% endfor %}",
]


def _thanks(body: str) -> str:
    return f"Subject: Thanks\n\n{{{{ greeting }}}}\n\n{body}\n"


@pytest.mark.parametrize("kind", templates.KINDS)
def test_every_default_is_a_template_its_own_check_keeps(kind: str) -> None:
    assert templates.check(kind, templates.DEFAULTS[kind]) == templates.DEFAULTS[kind]
    assert set(templates.FIELDS[kind]) <= set(templates.FIELD_HELP)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_template_is_refused_in_one_line(hostile: str) -> None:
    with pytest.raises(Invalid) as refused:
        templates.check("thanks", _thanks(hostile))
    assert "\n" not in refused.value.message
    assert refused.value.message.startswith("template thanks")


def test_an_unknown_field_is_named_with_those_allowed() -> None:
    with pytest.raises(Invalid) as refused:
        templates.check("invitation", "Subject: Hi\n\n{{ greeting }} {{ event.nam }}\n")
    assert refused.value.message == (
        "template invitation: event.nam is not a field; invitation may use: greeting, "
        "given_name, name, org, role, event.name, event.when, event.where, me"
    )
    with pytest.raises(Invalid, match="unknown field 'first_name'; ask may use: greeting"):
        templates.check("ask", "Subject: Hi\n\nHi {{ first_name }}\n")


def test_a_field_of_another_kind_is_unknown_here() -> None:
    with pytest.raises(Invalid, match="unknown field 'task'"):
        templates.check("thanks", _thanks("{{ task }}"))
    templates.check("follow-up", "Subject: {{ task }}\n\n{{ greeting }}\n")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("", "starts with its subject line"),
        ("Hi {{ name }}\n", "starts with its subject line"),
        ("Subject:  \n\nHi\n", "starts with its subject line"),
        ("Subject: Hi\n\n  \n", "no message after its Subject line"),
        ("Subject: Hi\n\nHi\n\n{% if name %}\n", "line 5: Unexpected end of template"),
        ("Subject: {{ name\n\nHi\n", "line 1: unexpected end of template"),
        ("Subject: Hi\n\n" + "x" * MAX_TEMPLATE_CHARS, "too long"),
        ("Subject: Hi\n\n{{ name if org }}\n", "an if without an else"),
    ],
)
def test_a_broken_template_says_what_and_where(text: str, said: str) -> None:
    with pytest.raises(Invalid, match=said):
        templates.check("thanks", text)


def test_a_template_is_stored_as_one_plain_text() -> None:
    typed = "subject:  Thanks, {{ given_name }}  \r\n\r\n\r\nHi {{ given_name }}!\r\n\r\n"
    assert (
        templates.check("thanks", typed)
        == "Subject: Thanks, {{ given_name }}\n\nHi {{ given_name }}!\n"
    )


def test_what_a_template_may_do_it_does() -> None:
    text = (
        "Subject: {{ event.name|upper }} for {{ given_name|default('you', true) }}\n\n"
        "{{ greeting }}\n{% if resources %}Links ({{ resources|length }}):\n"
        "{% for link in resources %}{{ loop.index }}. {{ link }}\n{% endfor %}{% endif %}"
        "{{ org if org else 'no org' }} {{ event['where'] }}{# a comment #}\n"
    )
    fields = {
        **dict.fromkeys(("greeting", "given_name", "name", "org", "role", "me"), ""),
        "event": {"name": "Q&A", "when": "2026-12-10", "where": "Room <5>"},
        "resources": ["https://a.example/1", "https://a.example/2"],
    }
    subject, body = templates.render("thanks", text, fields)
    assert subject == "Q&A for you"
    assert body == ("Links (2):\n1. https://a.example/1\n2. https://a.example/2\nno org Room <5>")


def test_a_value_missing_when_filled_is_one_line_not_a_traceback() -> None:
    with pytest.raises(Invalid, match=r"template thanks cannot be filled: '[a-z]+' is undefined"):
        templates.render("thanks", None, {})


def test_an_edited_template_drafts_the_message() -> None:
    person = {"name": "Dr. Stephanie Hale", "email": "shale@d87.org", "org": "D87"}
    text = "Subject: Booth follow-up, {{ given_name }}\n\nDear {{ given_name }} ({{ org }}),\nM\n"
    draft = drafts.met_follow_up(person, "Fall CUE", "Sam", template=text)
    assert (draft.to, draft.subject, draft.body) == (
        '"Dr. Stephanie Hale" <shale@d87.org>',
        "Booth follow-up, Stephanie",
        "Dear Stephanie (D87),\nM",
    )
    known_by_address = {"name": "lwong@district87.org", "email": "lwong@district87.org"}
    text = "Subject: x\n\n{{ greeting }}|{{ given_name }}|"
    assert drafts.met_follow_up(known_by_address, "Fall CUE", template=text).body == "Hi,||"


def test_jinja_is_loaded_only_to_check_or_fill_a_template() -> None:
    code = (
        "import sys, plncrm.core.drafts, plncrm.core.templates, plncrm.reads.settings\n"
        "print('jinja2' in sys.modules)"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "False"


def test_the_agenda_kinds_draft_a_check_in_and_a_follow_up() -> None:
    rachel = {"name": "Rachel Goldberg, M.Ed.", "email": "rg@d87.org", "org": "D87"}
    check_in = drafts.keep_in_touch(rachel, "Sam")
    assert check_in.subject == "Catching up"
    assert check_in.body.startswith("Hi Rachel,\n\nIt's been a while")
    assert "how things are going at D87." in check_in.body
    assert check_in.body.endswith("Best,\nSam")
    task = drafts.task_follow_up(rachel, "send the\ngrant report")
    assert task.subject == "Following up: send the grant report"
    assert "follow up on this: send the grant report." in task.body
    assert task.body.endswith("Best,")


def test_each_step_of_an_introduction_takes_its_kinds_template() -> None:
    ana = {"name": "Ana Lima", "email": "ana@x.org", "offers": ["grants", "coaching"]}
    ben = {"name": "Ben Ode", "email": "ben@x.org", "role": "Coach", "org": "Lumen"}
    for step, kind in drafts.STEP_KINDS.items():
        fields = templates.FIELDS[kind]
        text = f"Subject: {kind}\n\n" + " / ".join(f"{{{{ {f} }}}}" for f in fields) + "\n"
        draft = drafts.for_step(step, ana, ben, "both teach", "Sam", template=text)
        assert draft.subject == kind
        assert "Sam" in draft.body
    asked = drafts.ask(ana, ben, "both teach", template="Subject: s\n\n{{ other }}|{{ why }}")
    assert asked.body == "Ben Ode, Coach at Lumen|both teach."
    both = drafts.introduce(ana, ben, "x", template="Subject: s\n\n{{ a_offers }}|{{ b_called }}")
    assert both.body == "grants and coaching|Ben"
