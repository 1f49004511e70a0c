"""Message templates people can edit (issue 29): refused when saved if they
name an unknown field or reach for anything but the documented fields, filled
in a sandbox, and kept as settings that undo, history and export cover."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from helpers import Pln
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
        ("Subject: Hi\n\n{{ name > 3 }}\n", "cannot be filled: '>' not supported"),
        ("Subject: Hi\n\n{{ " + "9" * 5000 + " }}\n", "integer string conversion"),
        ("Subject: Hi\n\n{{ " + "(" * 3000 + "name" + ")" * 3000 + " }}\n", "nested too deeply"),
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


# The command: pln template list|show|edit|reset, on a store.

BOOTH = "Subject: Booth follow-up, {{ given_name }}\n\nDear {{ given_name }},\n\nM\n"


def _document(pln: Pln) -> object:
    return json.loads(pln("export", "json").stdout)


def _edited(pln: Pln) -> list[str]:
    return [row["kind"] for row in pln.json("template", "list") if row["edited"]]


def _save(pln: Pln, kind: str, text: str, *, ok: bool = True) -> Result:
    return pln("template", "edit", kind, "--file", "-", input=text, ok=ok)


def test_a_template_is_saved_shown_listed_and_set_back(pln: Pln, tmp_path: Path) -> None:
    before = _document(pln)
    typed = tmp_path / "booth.txt"
    typed.write_text(BOOTH.replace("\n", "\r\n"), encoding="utf-8")
    said = pln("template", "edit", "met-follow-up", "--file", str(typed)).stdout
    assert "Template met-follow-up saved" in said
    assert pln("template", "show", "met-follow-up").stdout == BOOTH
    default = pln("template", "show", "met-follow-up", "--default").stdout
    assert default == templates.DEFAULTS["met-follow-up"]
    assert _edited(pln) == ["met-follow-up"]
    listed = pln("config").stdout
    assert "template.met-follow-up = (edited: pln template show met-follow-up)" in listed
    assert "Booth follow-up" not in listed
    assert _document(pln) != before  # export json carries it
    assert "unchanged" in _save(pln, "met-follow-up", BOOTH).stdout
    assert "default again" in pln("template", "reset", "met-follow-up").stdout
    assert _edited(pln) == []
    assert _document(pln) == before
    assert "is the default" in pln("template", "reset", "met-follow-up").stdout


def test_undo_takes_an_edit_and_a_reset_back(pln: Pln) -> None:
    before = _document(pln)
    _save(pln, "thanks", "Subject: Thanks!\n\n{{ greeting }} Thanks.\n")
    edited = _document(pln)
    assert "pln template edit thanks --file -" in pln("history").stdout
    pln("undo", "--yes")
    assert _document(pln) == before
    assert _edited(pln) == []
    _save(pln, "thanks", "Subject: Thanks!\n\n{{ greeting }} Thanks.\n")
    pln("template", "reset", "thanks")
    pln("undo", "--yes")
    assert _document(pln) == edited


def test_a_template_with_an_unknown_field_is_refused_and_nothing_stored(pln: Pln) -> None:
    before = _document(pln)
    refused = _save(pln, "thanks", "Subject: Hi\n\nHi {{ frist_name }},\n", ok=False)
    assert refused.exit_code == 5
    assert refused.stderr.count("\n") == 1
    assert "unknown field 'frist_name'; thanks may use: greeting, given_name" in refused.stderr
    assert _document(pln) == before
    config = pln("config", "template.thanks", "Hi {{ name }}", ok=False)
    assert config.exit_code == 5
    assert "starts with its subject line" in config.stderr


def test_hostile_templates_are_refused_on_save_without_a_traceback(pln: Pln) -> None:
    before = _document(pln)
    for hostile in HOSTILE:
        refused = _save(pln, "thanks", _thanks(hostile), ok=False)
        assert refused.exit_code == 5, hostile
        assert refused.stderr.startswith("pln: template thanks"), (hostile, refused.stderr)
        assert refused.stderr.count("\n") == 1, (hostile, refused.stderr)
        assert "Traceback" not in refused.stderr + refused.stdout
    assert _document(pln) == before


def test_the_list_names_every_kind_at_80_columns(pln: Pln, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    _save(pln, "ask", "Subject: Meet {{ other_called }}?\n\n{{ greeting }}\n")
    listed = pln("template", "list").stdout
    assert max(len(line) for line in listed.splitlines()) <= 80
    for kind in templates.KINDS:
        assert re.search(rf"^{re.escape(kind)} .*(default|edited)", listed, re.M), kind
    assert re.search(r"^ask +. edited", listed, re.M)
    assert "other_offers" in listed


def test_an_unknown_kind_is_named_with_the_kinds(pln: Pln) -> None:
    said = pln("template", "show", "poem", ok=False)
    assert said.exit_code == 5
    assert "no message kind 'poem'; kinds: ask, introduce, intro-follow-up" in said.stderr


EDITOR = """\
import os, stat, sys
path = sys.argv[1]
seen = os.path.join(os.path.dirname(sys.argv[0]), "seen")
with open(seen, "w") as f:
    f.write(oct(stat.S_IMODE(os.stat(path).st_mode)) + "\\n" + open(path).read())
open(path, "w").write(os.environ["NEW_TEXT"])
"""


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.setenv("NEW_TEXT", text)
    return tmp_path / "seen"


def test_edit_opens_the_editor_on_a_private_copy(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _editor(tmp_path, monkeypatch, BOOTH)
    pln("template", "edit", "met-follow-up")
    mode, text = seen.read_text().split("\n", 1)
    assert mode == "0o600"
    assert text == templates.DEFAULTS["met-follow-up"]
    assert pln("template", "show", "met-follow-up").stdout == BOOTH


def test_an_edit_refused_keeps_the_users_text_and_names_where(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "Subject: Hi\n\n{{ greeting }} {{ event.nam }}\n"
    _editor(tmp_path, monkeypatch, wrong)
    before = _document(pln)
    refused = pln("template", "edit", "thanks", ok=False)
    assert refused.exit_code == 5
    assert "event.nam is not a field" in refused.stderr
    kept = Path(refused.stderr.rsplit("your text is in ", 1)[1].strip())
    assert kept.read_text() == wrong
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    kept.unlink()
    assert _document(pln) == before


def test_edit_without_an_editor_says_how(pln: Pln, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    said = pln("template", "edit", "ask", ok=False)
    assert said.exit_code == 5
    assert "pln template edit ask --file PATH" in said.stderr


GREET = "Subject: Booth follow-up\n\n{{ greeting }} [{{ given_name }}] {{ event.name }}\n"


def test_an_edited_template_changes_the_event_follow_up(pln: Pln) -> None:
    pln("event", "add", "Fall CUE", "--on", "2026-11-26")
    pln("add-contact", "Dr. Stephanie Hale", "-e", "shale@d87.org", "--met-at", "fall cue")
    pln("add-contact", "lwong@district87.org", "-e", "lwong@district87.org", "--met-at", "fall cue")
    _save(pln, "met-follow-up", GREET)
    drafted = pln("event", "follow-up", "fall cue", "--draft").stdout
    assert drafted.count("Subject: Booth follow-up\n") == 2
    assert "Hi Stephanie, [Stephanie] Fall CUE\n" in drafted
    assert "Hi, [] Fall CUE\n" in drafted


def test_an_edited_template_changes_the_introduction_drafts(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@x.org")
    pln("add-contact", "Ben Ode", "--email", "ben@x.org", "--offers", "grants")
    pln("intro", "ana", "ben", "--why", "both run maker spaces")
    _save(pln, "ask", "Subject: Meet {{ other_called }}?\n\n{{ greeting }} {{ why }}\n")
    asked = pln("intros", "draft", "1", "ask-a").stdout
    assert "Subject: Meet Ben?\n\nHi Ana, both run maker spaces.\n" in asked


def test_docs_mail_lists_each_kinds_fields_and_its_example_holds() -> None:
    text = (Path(__file__).parents[1] / "docs" / "mail.md").read_text()
    block = re.search(r"<!-- templates:start -->\n(.*?)\n<!-- templates:end -->", text, re.S)
    assert block is not None
    assert block[1] == templates.fields_table(), "paste templates.fields_table() into docs/mail.md"
    example = re.search(r"```\n(Subject: .*?)```", text, re.S)
    assert example is not None
    checked = templates.check("thanks", example[1])
    fields = {
        "greeting": "Hi Ana,",
        **dict.fromkeys(("given_name", "name", "role"), ""),
        "org": "Lumen",
        "me": "Sam",
        "event": {"name": "Q&A", "when": "2026-12-10", "where": ""},
        "resources": ["https://x.example/slides"],
    }
    assert templates.render("thanks", checked, fields) == (
        "Thank you for coming to Q&A",
        "Hi Ana,\n\nThank you for coming to Q&A with the Lumen team.\n\n"
        "https://x.example/slides\n\nCheers,\nSam",
    )


def test_a_template_moves_with_the_store_and_a_hostile_one_does_not(
    pln: Pln, tmp_path: Path
) -> None:
    _save(pln, "thanks", "Subject: Thanks!\n\n{{ greeting }} Thanks.\n")
    document = json.loads(pln("export", "json").stdout)
    assert document["settings"]["template.thanks"].startswith("Subject: Thanks!\n")
    restored = tmp_path / "restored.db"
    kept = tmp_path / "kept.json"
    kept.write_text(json.dumps(document))
    Pln()("--db", str(restored), "import", "json", str(kept))
    shown = Pln()("--db", str(restored), "template", "show", "thanks").stdout
    assert shown == "Subject: Thanks!\n\n{{ greeting }} Thanks.\n"
    document["settings"]["template.thanks"] = _thanks("{{ cycler.__init__.__globals__ }}")
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(document))
    refused = Pln()("--db", str(tmp_path / "other.db"), "import", "json", str(hostile), ok=False)
    assert refused.exit_code == 5
    assert "cycler.__init__.__globals__ is not a field" in refused.stderr
