"""The assistant's writing tools for what connects people: introductions
(double opt-in: proposed, each side asked, each answer recorded) and the
events the user hosts (invited, came). As in `writing.py`: one journaled step
each, the command line's bounds and resolvers, `--json`'s documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from plncrm.assistant.context import Ctx
from plncrm.assistant.registry import tool
from plncrm.assistant.writing import Day, Event, People, Person, described, given, past_day
from plncrm.store.kinds import INTRO_ANSWERS, INTRO_OUTCOMES
from plncrm.util.bounds import MAX_FIELD_BYTES, MAX_ID
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.core.view_shapes import IntroView
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Introduction

IntroId = Annotated[
    int,
    Field(ge=1, le=MAX_ID, description="The introduction's id (the intro in handle i4 is 4)."),
]


def intro_document(source: Reader, intro: Introduction) -> IntroView:
    """An introduction as `pln intros show --json` prints it."""
    from plncrm.core import intros, views

    a, b = intros.parties(source, intro)
    return views.intro_view(intro, a, b)


@tool(writes=True)
@described
def propose_introduction(
    ctx: Ctx,
    a: Person,
    b: Person,
    why: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_FIELD_BYTES,
            description="Why they should meet, in a sentence each side will read.",
        ),
    ],
    direct: Annotated[
        bool,
        Field(description="Both already agreed elsewhere: skip asking each side first."),
    ] = False,
    day: Day = "today",
) -> Any:
    """Propose introducing two people to each other (pln intro). Introductions
    are double opt-in: next, each side is asked privately (draft_message
    intro-ask-a / intro-ask-b drafts the asks) and their answers recorded
    (record_intro_answer). Returns it as `pln intro --json` prints it."""
    from plncrm.core import intros, refs

    on = past_day(ctx, day, "an introduction is proposed today or earlier")
    with ctx.writing("propose_introduction", given(a=a, b=b, why=why, direct=direct)) as db:
        created = intros.propose(
            db, refs.resolve(db, a), refs.resolve(db, b), why, on, direct=direct
        )
        return intro_document(db, created)


@tool(writes=True)
@described
def record_intro_answer(
    ctx: Ctx,
    intro_id: IntroId,
    side: Annotated[
        str,
        Field(
            min_length=1,
            max_length=1000,
            description="Who answered: a, b, or the person (a name or id among the two).",
        ),
    ],
    answer: Annotated[
        str,
        Field(
            description="Their answer: yes, no (declines the introduction) or later.",
            json_schema_extra={"enum": list(INTRO_ANSWERS)},
        ),
    ],
    day: Day = "today",
) -> Any:
    """Record one side's answer to being asked about an introduction (pln
    intros answer). Once both said yes, the introduction itself can be drafted
    (draft_message introduction). A side whose no was a mistake answers again:
    the introduction is open again. The same answer again is not recorded twice:
    `already` says so, and nothing changes. Returns it as `pln intros show
    --json` prints it."""
    from plncrm.core import intros

    reply = answer.strip().lower()
    if reply not in INTRO_ANSWERS:
        raise Invalid(f"answer one of: {', '.join(INTRO_ANSWERS)}")
    on = past_day(ctx, day, "an answer is recorded once given")
    arguments = given(intro_id=intro_id, side=side, answer=answer, day=day)
    with ctx.writing("record_intro_answer", arguments) as db:
        record = intros.get(db, intro_id)
        which = intros.side_of(db, record, side)
        if getattr(record, f"{which}_answer") == reply:
            # Nothing written: the journal drops the empty step (no `pln history` line).
            when = getattr(record, f"{which}_answered_on")
            said = f" on {when.isoformat()}" if when else ""
            return {
                **intro_document(db, record),
                "already": f"side {which}'s answer {reply} was recorded{said}: nothing changed",
            }
        intros.answer(db, record, which, reply, on)
        return intro_document(db, record)


@tool(writes=True)
@described
def invite_to_event(ctx: Ctx, event: Event, people: People, day: Day = "today") -> Any:
    """Record that people were invited to an event the user hosts (pln event
    invite): on each timeline and the guest list; someone invited already is
    left as they are. draft_message invitation drafts the messages (never sent
    from here). Returns what `pln event invite --json` prints."""
    from plncrm.core import events, invitations, refs, views

    on = past_day(ctx, day, "an invitation is recorded once sent")
    with ctx.writing("invite_to_event", given(event=event, people=people, day=day)) as db:
        record = events.resolve(db, event)
        chosen = [refs.resolve(db, r) for r in people]
        invited = invitations.invite(db, record, chosen, on)
        return {"event": views.event_view(record), "invited": [views.ref(c) for c in invited]}


@tool(writes=True)
@described
def record_attendance(ctx: Ctx, event: Event, people: People, day: Day | None = None) -> Any:
    """Record who came to an event the user hosts (pln event attended), logged
    on their timelines on the event's day (or `day`). A name is looked for among
    the guests first. Returns the event and those newly marked as having come."""
    from plncrm.core import events, invitations, refs, views

    on = past_day(ctx, day, "attendance is recorded once they came") if day else None
    with ctx.writing("record_attendance", given(event=event, people=people, day=day)) as db:
        record = events.resolve(db, event)
        if on is None:
            starts = record.starts_on
            on = starts if starts and starts <= ctx.today() else ctx.today()
        guests = [c for _, c in invitations.guests(db, record)]
        chosen = [refs.resolve_among(db, r, guests) for r in people]
        marked = invitations.attended(db, record, chosen, on, ctx.today())
        return {"event": views.event_view(record), "attended": [views.ref(c) for c in marked]}


STEPS = ("asked-a", "asked-b", "asked-both", "introduced", "outcome")


@tool(writes=True)
@described
def record_intro_step(
    ctx: Ctx,
    intro_id: IntroId,
    step: Annotated[
        str,
        Field(
            description="What the user did: asked-a / asked-b / asked-both (sent the private "
            "ask), introduced (sent the introduction, once both said yes), or outcome (what "
            "came of it, with `outcome`).",
            json_schema_extra={"enum": list(STEPS)},
        ),
    ],
    outcome: Annotated[
        str,
        Field(description="For step outcome.", json_schema_extra={"enum": list(INTRO_OUTCOMES)}),
    ]
    | None = None,
    note: Annotated[str, Field(max_length=MAX_FIELD_BYTES, description="What came of it.")]
    | None = None,
    day: Day = "today",
) -> Any:
    """Record a step of an introduction the user took (pln intros ask,
    introduce, outcome): the agenda's introduction lines (i4a, i4b, i4) move on
    when their step is recorded, not by dismissing them. Record a step only
    once the user says they did it (a draft is not a sent message). Returns the
    introduction as `pln intros show --json` prints it."""
    from plncrm.core import intros

    if step not in STEPS:
        raise Invalid(f"step is one of: {', '.join(STEPS)}")
    if (step == "outcome") != (outcome is not None):
        raise Invalid("outcome goes with step outcome, and step outcome needs one")
    on = past_day(ctx, day, "a step is recorded once taken")
    arguments = given(intro_id=intro_id, step=step, outcome=outcome, note=note, day=day)
    with ctx.writing("record_intro_step", arguments) as db:
        record = intros.get(db, intro_id)
        if step.startswith("asked-"):
            sides = ["a", "b"] if step == "asked-both" else [step[-1]]
            intros.ask_each(db, record, sides, on)
        elif step == "introduced":
            intros.introduce(db, record, on)
        else:
            intros.record_outcome(db, record, outcome or "", on, note)
        return intro_document(db, record)
