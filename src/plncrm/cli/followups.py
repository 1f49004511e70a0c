"""Follow-up tasks: follow-up, done, snooze, cancel, follow-ups."""

from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.core.view_shapes import FollowUpView
    from plncrm.store.plain import Reader
    from plncrm.store.schema import FollowUp

IdsArg = Annotated[
    list[str],
    typer.Argument(metavar="ID...", help="Follow-up ids, as pln due shows them (12 or #12)."),
]


def _about(view: "FollowUpView") -> str:
    from plncrm.agenda.actions import about

    return about(view)


def _unique(ids: list[str]) -> list[int]:
    from plncrm.agenda.actions import task_ids

    return task_ids(ids)


def _view(source: "Reader", task: "FollowUp") -> "FollowUpView":
    from plncrm.agenda.actions import view

    return view(source, task)


@app.command("follow-up")
def follow_up(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(metavar="[REF] TEXT", help="Contact, then what to do.")
    ],
    due: Annotated[
        str, typer.Option("--due", "-d", help="When: 'friday', 'in 3 days', 'Dec 24'…")
    ] = "today",
    every: Annotated[
        str | None, typer.Option("--every", help="Repeat: '2 weeks', 'monthly', 'every 3 months'.")
    ] = None,
    fixed: Annotated[
        bool,
        typer.Option("--fixed", help="Repeat on schedule from the due date, not from when done."),
    ] = False,
    no_contact: Annotated[
        bool, typer.Option("--no-contact", help="A task about no one in particular.")
    ] = False,
    assign: Annotated[
        str | None,
        typer.Option("--assign", metavar="MEMBER", help="Whose task it is (default: mine)."),
    ] = None,
    unassigned: Annotated[
        bool, typer.Option("--unassigned", help="Nobody's yet: anyone on the team may take it.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Create a follow-up task, usually about a contact."""
    from plncrm.core import followups, refs
    from plncrm.render import print_json, say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    if no_contact:
        ref, text = None, " ".join(words)
    elif len(words) < 2:
        raise Invalid("give a contact and what to do (or --no-contact TEXT)")
    else:
        ref, text = words[0], " ".join(words[1:])
    day = parse_date(due, env.today())
    with env.writing() as db:
        contact = refs.resolve(db, ref) if ref else None
        task = followups.create(
            db,
            text,
            due=day,
            contact=contact,
            every=every,
            every_from="due" if fixed else "done",
            owner=None if unassigned else assign or "",
        )
        view = _view(db, task)
    if json:
        print_json(view)
    else:
        who = f" with {contact.name}" if contact else ""
        say(f"Follow-up #{task.id}{who}", f" due {day.isoformat()}: ", task.title)


@app.command("done")
def done(
    ctx: typer.Context,
    ids: IdsArg,
    message: Annotated[
        str | None,
        typer.Option("--message", "-m", help="Also log an interaction with the contact."),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="Kind of the interaction logged with -m.")
    ] = "note",
    on: Annotated[str, typer.Option("--on", help="When it was done.")] = "today",
    json: JsonOpt = False,
) -> None:
    """Mark follow-ups done; a recurring one comes back at its next date."""
    from plncrm.agenda import actions
    from plncrm.render import print_json, say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    day = parse_date(on, env.today(), prefer="past")
    if day > env.today():
        raise Invalid(f"{day.isoformat()} has not happened yet: done records what was done")
    with env.writing() as db:
        results = [actions.done(db, task_id, day, message, kind) for task_id in _unique(ids)]
    if json:
        print_json([{**done_view, "next": nxt} for done_view, nxt in results])
        return
    logged = f"; logged as {kind} on their timeline" if message else ""
    for done_view, nxt in results:
        said = (
            logged if done_view["contact"] else (" (no contact: -m not logged)" if message else "")
        )
        say(*actions.done_said(done_view, said))
        if nxt:
            say(f"  next #{nxt['id']} due {nxt['due']}")


HandlesArg = Annotated[
    list[str],
    typer.Argument(
        metavar="HANDLE...",
        help="Agenda lines as pln due shows them: 12 (a follow-up), i4, e2, k31 or m2.",
    ),
]


@app.command("snooze")
def snooze(
    ctx: typer.Context,
    handles: HandlesArg,
    until: Annotated[
        str,
        typer.Option("--until", "-u", help="When it should come back (today: back now)."),
    ] = "tomorrow",
) -> None:
    """Hide agenda lines until a later day: follow-ups, and introduction (i4),
    event (e2), keep-in-touch (k31) and met-at-an-event (m2: the people it
    holds now) lines. --until today brings a snoozed line back."""
    from plncrm.agenda import actions
    from plncrm.render import say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    day = parse_date(until, env.today())
    with env.writing() as db:
        said = [actions.snooze(db, h, day, env.today()) for h in actions.handles(handles)]
    for parts in said:
        say(*parts)


@app.command("dismiss")
def dismiss(
    ctx: typer.Context,
    handles: HandlesArg,
    never: Annotated[
        bool, typer.Option("--never", help="Keep-in-touch lines: exempt the contact for good.")
    ] = False,
) -> None:
    """Take lines off the agenda: a follow-up is cancelled; keeping in touch
    (k31) starts the contact's cadence again from today (--never: exempts them)."""
    from plncrm.agenda import actions
    from plncrm.render import say

    env = get_env(ctx)
    with env.writing() as db:
        said = [actions.dismiss(db, h, env.today(), never) for h in actions.handles(handles)]
    for parts in said:
        say(*parts)


@app.command("cancel")
def cancel(ctx: typer.Context, ids: IdsArg) -> None:
    """Cancel follow-ups that no longer need doing."""
    from plncrm.core import followups
    from plncrm.render import say

    env = get_env(ctx)
    with env.writing() as db:
        cancelled = []
        for task_id in _unique(ids):
            task = followups.get(db, task_id, for_update=True)
            followups.cancel(db, task)
            cancelled.append(_view(db, task))
    for view in cancelled:
        say(f"Cancelled #{view['id']}: ", view["title"], _about(view))


@app.command("reopen")
def reopen(ctx: typer.Context, ids: IdsArg) -> None:
    """Open done or cancelled follow-ups again (a recurring one takes back its next occurrence)."""
    from plncrm.core import followups
    from plncrm.render import say

    env = get_env(ctx)
    with env.writing() as db:
        said = []
        for task_id in _unique(ids):
            task = followups.get(db, task_id, for_update=True)
            following = followups.reopen(db, task)
            said.append((_view(db, task), following.id if following else None))
    for view, dropped in said:
        back = f" (next occurrence #{dropped} cancelled)" if dropped else ""
        say(f"Reopened #{view['id']}, due {view['due']}: ", view["title"], _about(view), back)


@app.command("assign")
def assign(
    ctx: typer.Context,
    task_id: Annotated[int, typer.Argument(metavar="ID", help="Follow-up id.")],
    member: Annotated[
        str | None, typer.Argument(metavar="[MEMBER]", help="Who takes it over.")
    ] = None,
    nobody: Annotated[
        bool, typer.Option("--nobody", help="Give it back to the team: nobody's in particular.")
    ] = False,
) -> None:
    """Give a follow-up to a team member (PLN_USER names them)."""
    from plncrm.core import followups
    from plncrm.render import say

    if (member is None) == (not nobody):
        raise Invalid("give a MEMBER, or --nobody")
    env = get_env(ctx)
    with env.writing() as db:
        task = followups.get(db, task_id, for_update=True)
        followups.assign(db, task, None if nobody else member)
    say(f"Follow-up #{task_id} is now ", task.owner or "nobody's in particular")


follow_ups_app = typer.Typer(
    help="List follow-up tasks, or correct one (edit).", invoke_without_command=True
)
app.add_typer(follow_ups_app, name="follow-ups")


@follow_ups_app.callback()
def follow_ups(
    ctx: typer.Context,
    contact: Annotated[
        str | None, typer.Option("--contact", "-c", help="Only about this contact.")
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Include done and cancelled ones.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """List follow-up tasks (open and snoozed ones unless --all)."""
    if ctx.invoked_subcommand is not None:
        return
    from plncrm.core import views
    from plncrm.reads import contacts, followups, refs
    from plncrm.render import agenda, print_json
    from plncrm.store.kinds import FOLLOW_UP_OPEN, FOLLOW_UP_STATUSES

    env = get_env(ctx)
    with env.reading() as reader:
        person = refs.resolve_id(reader, contact) if contact else None
        statuses = FOLLOW_UP_STATUSES if all_ else FOLLOW_UP_OPEN
        tasks = followups.list_tasks(reader, statuses=statuses, contact_id=person)
        people = contacts.get_many(reader, (t.contact_id for t in tasks))
        data = [views.follow_up_view(t, people.get(t.contact_id or 0)) for t in tasks]
    if json:
        print_json(data)
    else:
        agenda.follow_ups(data, env.today())


@follow_ups_app.command("edit")
def edit(
    ctx: typer.Context,
    task_id: Annotated[int, typer.Argument(metavar="ID", help="Follow-up id (shown by pln due).")],
    title: Annotated[str | None, typer.Option("--title", help="What to do.")] = None,
    due: Annotated[str | None, typer.Option("--due", "-d", help="The new due date.")] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", "-c", help="Whom it is about ('' for no one).")
    ] = None,
    every: Annotated[
        str | None, typer.Option("--every", help="Repeat every … ('' stops repeating).")
    ] = None,
) -> None:
    """Correct a follow-up: its title, due date, contact or recurrence."""
    from plncrm.core import followups, refs
    from plncrm.render import say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    day = parse_date(due, env.today()) if due is not None else None
    with env.writing() as db:
        task = followups.get(db, task_id, for_update=True)
        person = refs.resolve(db, contact) if contact else None
        followups.edit(
            db, task, title=title, due=day, every=every, contact=person, no_contact=contact == ""
        )
        view = _view(db, task)
    repeats = f", every {view['every']}" if view["every"] else ""
    say(f"Follow-up #{view['id']} due {view['due']}{repeats}: ", view["title"], _about(view))
