"""`pln template`: the wording of the messages pln drafts, one template per
kind, which a user can read, edit and set back to the default. Checked when
saved (`util.templating`); kept as `template.KIND` settings, so that undo,
history and export cover them."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.cli.environment import Environment

template_app = typer.Typer(
    help="The wording of the messages pln drafts: list, show, edit, reset.",
    no_args_is_help=True,
)
app.add_typer(template_app, name="template")

KindArg = Annotated[
    str,
    typer.Argument(
        help="ask, introduce, intro-follow-up, invitation, reminder, thanks, "
        "no-show, met-follow-up, keep-in-touch or follow-up.",
        show_default=False,
    ),
]
_PREFIX = "template."


@template_app.command("list")
def list_templates(ctx: typer.Context, json: JsonOpt = False) -> None:
    """Each kind of message: its wording (edited or the default) and its fields."""
    from plncrm.core import templates
    from plncrm.render import print_json
    from plncrm.render.templates import template_list

    with get_env(ctx).reading() as reader:
        edited = templates.stored(reader)
    rows = [
        {"kind": kind, "edited": kind in edited, "fields": list(templates.FIELDS[kind])}
        for kind in templates.KINDS
    ]
    if json:
        print_json(rows)
    else:
        template_list(rows)


@template_app.command("show")
def show_template(
    ctx: typer.Context,
    kind: KindArg,
    default: Annotated[
        bool, typer.Option("--default", help="The built-in wording, not yours.")
    ] = False,
) -> None:
    """Print KIND's template as messages are drafted: a Subject line, a blank
    line, the body (what pln template edit --file takes back)."""
    from plncrm.core import templates
    from plncrm.render import say
    from plncrm.util.templating import check_kind

    kind = check_kind(kind)
    if default:
        say(templates.DEFAULTS[kind].rstrip("\n"))
        return
    with get_env(ctx).reading() as reader:
        say(templates.current(reader, kind).rstrip("\n"))


@template_app.command("edit")
def edit_template(
    ctx: typer.Context,
    kind: KindArg,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help="Take the template from PATH (-: standard input) instead of $VISUAL/$EDITOR.",
        ),
    ] = None,
) -> None:
    """Change KIND's wording, subject or signature: in $VISUAL or $EDITOR, or
    from --file. Fields go in {{ }} ({{ given_name }}; pln template list names
    each kind's); a template naming an unknown field is refused, nothing saved."""
    from plncrm.core import templates
    from plncrm.util.templating import check_kind

    kind = check_kind(kind)
    env = get_env(ctx)
    with env.reading() as reader:
        before = templates.current(reader, kind)
    if file is not None:
        text = _read(file)
        checked = templates.check(kind, text)
    else:
        text, kept = _edited(before, kind)
        try:
            checked = templates.check(kind, text)
        except Invalid as exc:
            raise Invalid(f"{exc.message}; nothing saved, your text is in {kept}") from None
        kept.unlink()
    _store(env, kind, checked, before)


@template_app.command("reset")
def reset_template(ctx: typer.Context, kind: KindArg) -> None:
    """Go back to KIND's default wording (pln undo takes that back too)."""
    from plncrm.core import templates
    from plncrm.util.templating import check_kind

    kind = check_kind(kind)
    env = get_env(ctx)
    with env.reading() as reader:
        before = templates.current(reader, kind)
    _store(env, kind, templates.DEFAULTS[kind], before)


def _store(env: "Environment", kind: str, text: str, before: str) -> None:
    """Keep `text` as KIND's template in place of `before`: the default as no
    setting at all, so that `pln template list` says which are edited."""
    from plncrm.core import preferences, templates
    from plncrm.render import say

    default = templates.DEFAULTS[kind]
    if text == before:
        said = "is the default" if text == default else "unchanged"
        say(f"Template {kind} {said}.")
        return
    with env.writing() as db:
        if text == default:
            preferences.unset(db, _PREFIX + kind)
        else:
            preferences.set_value(db, _PREFIX + kind, text)
    if text == default:
        say(f"Template {kind} is the default again (pln undo takes that back).")
    else:
        say(f"Template {kind} saved: pln template show {kind} (pln undo takes it back).")


def _read(file: str) -> str:
    """The text of PATH or of standard input, UTF-8, bounded."""
    import sys

    from plncrm.util.bounds import MAX_TEMPLATE_CHARS

    limit = 4 * MAX_TEMPLATE_CHARS + 1
    try:
        if file == "-":
            data = sys.stdin.buffer.read(limit)
        else:
            with Path(file).expanduser().open("rb") as handle:
                data = handle.read(limit)
    except OSError as exc:
        raise Invalid(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(f"{file} is not UTF-8 text") from None


def _edited(text: str, kind: str) -> tuple[str, Path]:
    """`text` as the user left it in their editor, and the private file (0600)
    it was edited in; the file stays until the text is saved."""
    import os
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise Invalid(
            f"set VISUAL or EDITOR, or give the text: pln template edit {kind} --file PATH"
        )
    handle, name = tempfile.mkstemp(prefix=f"pln-template-{kind}-", suffix=".txt")
    with os.fdopen(handle, "w", encoding="utf-8") as written:
        written.write(text)
    path = Path(name)
    try:
        ran = subprocess.run([*shlex.split(editor), name], check=False)
    except (OSError, ValueError) as exc:
        path.unlink()
        raise Invalid(f"cannot run the editor {editor!r}: {exc}") from None
    if ran.returncode != 0:
        raise Invalid(f"the editor exited with status {ran.returncode}: nothing saved ({path})")
    return path.read_text(encoding="utf-8"), path
