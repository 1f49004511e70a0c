"""Introductions: `pln intro`, the `pln intros` workflow, `pln suggest`, `pln ripple`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.mailing import EmlOpt, SendOpt, YesOpt, exclusive, hold_sending
from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.files import write_file

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from plncrm.cli.environment import Environment
    from plncrm.core.view_shapes import IntroView
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Introduction

intros_app = typer.Typer(
    help="Move introductions along: ask, answer, introduce, outcome, cancel, draft.",
    invoke_without_command=True,
)
app.add_typer(intros_app, name="intros")

IdArg = Annotated[int, typer.Argument(metavar="ID", help="Introduction id (see `pln intros`).")]
OnOpt = Annotated[str, typer.Option("--on", help="When it happened.")]
DraftOpt = Annotated[bool, typer.Option("--draft", help="Also print the message to send.")]
DraftToOpt = Annotated[
    Path | None, typer.Option("--draft-to", help="Write the message to this file.", dir_okay=False)
]


def _view(source: "Reader", intro: "Introduction") -> "IntroView":
    from plncrm.core import intros, views

    a, b = intros.parties(source, intro)
    return views.intro_view(intro, a, b)


def _draft(
    source: "Reader", env: "Environment", intro: "Introduction", step: str, first: bool = True
) -> str:
    """One step's draft, warning about what it cannot reach (an unsigned one: the
    `first` of several drafts only, so that it is said once)."""
    from plncrm.core import drafts, intros, templates, views
    from plncrm.reads import settings
    from plncrm.render import warn
    from plncrm.render.draft_notes import warn_unsigned

    a, b = intros.parties(source, intro)
    va, vb = views.contact_views(source, [a, b])
    to = {"ask-a": [va], "ask-b": [vb], "follow-up-a": [va], "follow-up-b": [vb]}.get(
        step, [va, vb]
    )
    for person in (p for p in to if not p["email"]):  # a draft to a name reaches nobody
        phone = f" (phone {person['phones'][0]})" if person["phones"] else ""
        warn(
            "no email address for ",
            person["name"],
            phone,
            ": this draft is addressed to a name only",
        )
    mine = templates.stored(source).get(drafts.STEP_KINDS[step])
    me = settings.load(source).my_name
    warn_unsigned(me, first)
    return drafts.for_step(step, va, vb, intro.why, me, template=mine).text()


def _emit_draft(text: str, to_stdout: bool, written_to: Path | None) -> None:
    """Say where a draft went (already written), and print it when asked."""
    from plncrm.render import console, say

    if written_to is not None:
        say("Draft written to ", str(written_to))
    if to_stdout and text:
        console().print(text, markup=False, highlight=False, soft_wrap=True)


@app.command("intro")
def intro(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One person (REF).")],
    b: Annotated[str, typer.Argument(help="The other person (REF).")],
    why: Annotated[str, typer.Option("--why", "-w", help="Why they should meet.")],
    direct: Annotated[
        bool, typer.Option("--direct", help="Both already agreed elsewhere: skip asking.")
    ] = False,
    on: OnOpt = "today",
    draft: DraftOpt = False,
    json: JsonOpt = False,
) -> None:
    """Propose an introduction between two contacts (double opt-in: ask each first)."""
    from plncrm.core import intros, refs
    from plncrm.render import print_json, say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    day = parse_date(on, env.today(), prefer="past")
    with env.writing() as db:
        created = intros.propose(
            db, refs.resolve(db, a), refs.resolve(db, b), why, day, direct=direct
        )
        view = _view(db, created)
        text = _draft(db, env, created, "introduce" if direct else "ask-a") if draft else ""
    if json:
        print_json(view)
        return
    _say_status(view, created=True)
    say(
        f"Next: pln intros introduce {view['id']} --draft"
        if direct
        else f"Next: ask each privately: pln intros ask {view['id']} a --draft"
    )
    if text:
        _emit_draft(text, True, None)


@intros_app.callback()
def intros_list(
    ctx: typer.Context,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Include finished, declined and cancelled ones.")
    ] = False,
    contact: Annotated[
        str | None, typer.Option("--contact", "-c", help="Only those involving this contact.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """List open introductions (with no subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    from plncrm.core import views
    from plncrm.reads import contacts, intros, refs
    from plncrm.render import print_json
    from plncrm.render.intros import intros_table

    env = get_env(ctx)
    with env.reading() as reader:
        person = refs.resolve_id(reader, contact) if contact else None
        found = intros.list_intros(reader, open_only=not all_, contact_id=person)
        people = contacts.get_many(reader, (i for f in found for i in (f.a_id, f.b_id)))
        data = [views.intro_view(i, people[i.a_id], people[i.b_id]) for i in found]
    if json:
        print_json(data)
    else:
        intros_table(data)


def _step(
    ctx: typer.Context,
    intro_id: int,
    act: "Callable[[Db, Introduction, date], object]",
    *,
    on: str = "today",
    drafts: "Callable[[list[str]], list[str]] | None" = None,
    draft_to: Path | None = None,
) -> "tuple[IntroView, list[str], str]":
    """Run one lifecycle step in a transaction; return the introduction's view,
    the sides ("a"/"b") the step was about, and the drafts of the steps that
    `drafts` names for those sides. A draft file is written before the step is
    committed, so a write that fails records nothing."""
    from plncrm.core import intros
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    day = parse_date(on, env.today(), prefer="past")
    with env.writing() as db:
        record = intros.get(db, intro_id)
        done = act(db, record, day)
        sides = [str(side) for side in done] if isinstance(done, list) else []
        text = ""
        if drafts is not None:
            steps = enumerate(drafts(sides))
            text = "\n".join(_draft(db, env, record, step, not i) for i, step in steps)
            if draft_to is not None:
                write_file(draft_to, text.encode())
        return _view(db, record), sides, text


def _say_status(view: "IntroView", *, created: bool = False, did: str = "") -> None:
    """ "Introduction #3: Ana ↔ Ben (proposed)" when new, "… #3 Ana ↔ Ben: agreed" after a
    step, and what the step `did` ("Ana said yes; …")."""
    from plncrm.render import say

    head, tail = (
        (f"Introduction #{view['id']}: ", f" ({view['status']})")
        if created
        else (f"Introduction #{view['id']} ", f": {view['status']}")
    )
    say(*((did, "; ") if did else ()), head, view["a"]["name"], " ↔ ", view["b"]["name"], tail)


@intros_app.command("show")
def show(ctx: typer.Context, intro_id: IdArg, json: JsonOpt = False) -> None:
    """Show an introduction and the date of each step."""
    from plncrm.core import intros
    from plncrm.render import print_json
    from plncrm.render.intros import intro_card

    env = get_env(ctx)
    with env.reading() as reader:
        view = _view(reader, intros.get(reader, intro_id))
    print_json(view) if json else intro_card(view)


@intros_app.command("ask")
def ask(
    ctx: typer.Context,
    intro_id: IdArg,
    side: Annotated[str, typer.Argument(help="a, b, both, or the contact asked.")] = "both",
    on: OnOpt = "today",
    draft: DraftOpt = False,
    draft_to: DraftToOpt = None,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
) -> None:
    """Record that you asked a side, privately, whether they'd like the introduction
    (--send: email the ask through mail.smtp, recorded once sent)."""
    sides = ("a", "b") if side.strip().lower() == "both" else (side,)
    if exclusive(send, eml, _by_hand(on, draft, draft_to)):
        from plncrm.cli import intro_mail

        hold_sending(ctx, send)
        intro_mail.ask(get_env(ctx), intro_id, sides, yes=yes, eml=eml)
        return
    steps = (lambda asked: [f"ask-{s}" for s in asked]) if draft or draft_to else None
    from plncrm.core import intros

    view, asked, text = _step(
        ctx,
        intro_id,
        lambda s, r, d: intros.ask_each(s, r, sides, d),
        on=on,
        drafts=steps,
        draft_to=draft_to,
    )
    _say_status(view, did="Asked " + " and ".join(view[s]["name"] for s in asked) if asked else "")  # type: ignore[literal-required]
    _emit_draft(text, draft, draft_to)


def _by_hand(on: str, draft: bool, draft_to: Path | None) -> dict[str, bool]:
    """The options of a step recorded by hand, which sending does not take."""
    return {"--on": on != "today", "--draft": draft, "--draft-to": draft_to is not None}


def _drafts(
    ctx: typer.Context, intro_id: int, steps: list[str], to_stdout: bool, path: Path | None
) -> None:
    from plncrm.core import intros

    env = get_env(ctx)
    with env.reading() as reader:
        record = intros.get(reader, intro_id)
        text = "\n".join(_draft(reader, env, record, s, not i) for i, s in enumerate(steps))
    if path is not None:
        write_file(path, text.encode())
    _emit_draft(text, to_stdout or path is None, path)


@intros_app.command("answer")
def answer(
    ctx: typer.Context,
    intro_id: IdArg,
    side: Annotated[str, typer.Argument(help="a, b, or the contact who answered.")],
    reply: Annotated[str, typer.Argument(metavar="yes|no|later", help="Their answer.")],
    on: OnOpt = "today",
) -> None:
    """Record a side's answer: yes, no (declines it) or later."""
    from plncrm.core import intros

    changed: list[bool] = []

    def act(db: "Db", record: "Introduction", day: "date") -> list[str]:
        which = intros.side_of(db, record, side)
        changed.append(intros.answer(db, record, which, reply, day))
        return [which]

    view, [which], _ = _step(ctx, intro_id, act, on=on)
    said = reply.strip().lower()
    name = view[which]["name"]  # type: ignore[literal-required]
    did = (
        f"{name} said {said}" if changed[0] else f"{name} had said {said} already: nothing changed"
    )
    _say_status(view, did=did)


@intros_app.command("introduce")
def introduce(
    ctx: typer.Context,
    intro_id: IdArg,
    on: OnOpt = "today",
    draft: DraftOpt = False,
    draft_to: DraftToOpt = None,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
) -> None:
    """Record that you sent the introduction (both must have said yes); --send:
    email it to both at once through mail.smtp, recorded once sent."""
    if exclusive(send, eml, _by_hand(on, draft, draft_to)):
        from plncrm.cli import intro_mail

        hold_sending(ctx, send)
        intro_mail.introduce(get_env(ctx), intro_id, yes=yes, eml=eml)
        return
    steps = (lambda _: ["introduce"]) if draft or draft_to else None
    from plncrm.core import intros

    view, _, text = _step(ctx, intro_id, intros.introduce, on=on, drafts=steps, draft_to=draft_to)
    _say_status(view)
    _emit_draft(text, draft, draft_to)


@intros_app.command("outcome")
def outcome(
    ctx: typer.Context,
    intro_id: IdArg,
    result: Annotated[
        str,
        typer.Argument(
            metavar="OUTCOME", help="met, working-together, no-response, not-a-fit, other"
        ),
    ],
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="What came of it, in words.")
    ] = None,
    on: OnOpt = "today",
) -> None:
    """Record what came of an introduction."""
    from plncrm.core import intros

    def act(db: "Db", record: "Introduction", day: "date") -> None:
        intros.record_outcome(db, record, result, day, note)

    _say_status(_step(ctx, intro_id, act, on=on)[0])


@intros_app.command("cancel")
def cancel(ctx: typer.Context, intro_id: IdArg, on: OnOpt = "today") -> None:
    """Drop an introduction that is no longer wanted."""
    from plncrm.core import intros

    _say_status(_step(ctx, intro_id, intros.cancel, on=on)[0])


@intros_app.command("draft")
def draft_cmd(
    ctx: typer.Context,
    intro_id: IdArg,
    step: Annotated[
        str, typer.Argument(help="ask-a, ask-b, introduce, follow-up-a, follow-up-b")
    ] = "introduce",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to a file.", dir_okay=False)
    ] = None,
) -> None:
    """Print (or save) the ready-to-send message for a step."""
    from plncrm.core.drafts import STEPS
    from plncrm.util.errors import Invalid

    if step not in STEPS:
        raise Invalid(f"step is one of: {', '.join(STEPS)}")
    _drafts(ctx, intro_id, [step], output is None, output)
