"""`pln intros ask ID SIDE --send|--eml DIR` and `pln intros introduce ID
--send|--eml DIR`: an introduction's messages sent through `mail.smtp`, each
recorded as its step, with the email it was, once the server accepted it.

An ask goes to the one person asked; the introduction is one message to both
(it is meant to name each to the other). A step already recorded is never
sent again: a side asked before is skipped, and an introduction made refuses
to be made twice."""

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from plncrm.cli.mailing import Letter, Plan, deliver
from plncrm.util import shell

if TYPE_CHECKING:
    from plncrm.cli.environment import Environment
    from plncrm.core.intros import Side
    from plncrm.core.view_shapes import ContactView
    from plncrm.mail.messages import Outgoing
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Introduction


def _parties(
    env: "Environment", intro_id: int
) -> "tuple[Introduction, list[ContactView], str, dict[str, str]]":
    """The introduction, its two people's views (a, b), the user's name and
    the templates they edited."""
    from plncrm.core import intros, templates, views
    from plncrm.reads import settings

    with env.reading() as reader:
        record = intros.get(reader, intro_id)
        people = views.contact_views(reader, list(intros.parties(reader, record)))
        return record, people, settings.load(reader).my_name, templates.stored(reader)


def _sides(reader: "Reader", record: "Introduction", sides: Sequence[str]) -> "list[Side]":
    from plncrm.core import intros

    return list(dict.fromkeys(intros.side_of(reader, record, side) for side in sides))


def ask(
    env: "Environment", intro_id: int, sides: Sequence[str], *, yes: bool, eml: Path | None
) -> None:
    """Each side named asked privately by email, unless asked already."""
    from plncrm.core import drafts, intros
    from plncrm.render import say

    record, (a, b), me, mine = _parties(env, intro_id)
    with env.reading() as reader:
        chosen = _sides(reader, record, sides)
    letters, unreached = [], []
    for side in chosen:
        intros.can_ask(record, side)
        who = a if side == "a" else b
        asked = getattr(record, f"{side}_asked_on")
        if asked is not None:
            say(
                who["name"],
                f" was asked on {asked.isoformat()}: not sent again "
                f"(pln intros draft {intro_id} ask-{side} shows the message)",
            )
            continue
        step = f"ask-{side}"
        draft = drafts.for_step(
            step, a, b, record.why, me, template=mine.get(drafts.STEP_KINDS[step])
        )
        letters.append(Letter(who["id"] or 0, who["name"], who["email"], draft))
        unreached += [] if who["email"] else [side]
    if not letters:
        return

    def record_ask(db: "Db", item: "Outgoing") -> None:
        fresh = intros.get(db, intro_id)
        side: Side = "a" if item.contact_id == fresh.a_id else "b"
        intros.ask(db, fresh, side, env.today(), message_id=item.message_id)

    def by_hand(outgoing: "Sequence[Outgoing]") -> str:
        written = ["a" if i.contact_id == a["id"] else "b" for i in outgoing]
        return shell.command("pln", "intros", "ask", str(intro_id), _side(written))

    command = ("pln", "intros", "ask", str(intro_id))
    plan = Plan(
        record_ask,
        shell.command(*command, _side(chosen), "--send"),
        by_hand,
        f"ask another way, then record it: {shell.command(*command, _side(unreached))}",
        f"nobody asked in introduction #{intro_id} has an email address",
        "those asks are not recorded",
    )
    deliver(env, letters, plan, yes=yes, eml=eml)


def _side(sides: Sequence[str]) -> str:
    """What `pln intros ask ID SIDE` takes for these sides: a, b or both."""
    return sides[0] if len(sides) == 1 else "both"


def introduce(env: "Environment", intro_id: int, *, yes: bool, eml: Path | None) -> None:
    """The introduction sent to both at once, in one message."""
    from plncrm.core import drafts, intros
    from plncrm.util.errors import Refused

    record, (a, b), me, mine = _parties(env, intro_id)
    with env.reading() as reader:
        intros.can_introduce(reader, record)
    missing = [p["name"] for p in (a, b) if not p["email"]]
    if missing:
        raise Refused(
            f"no email address for {' and '.join(missing)}: the introduction goes to both "
            f"(pln intros draft {intro_id} introduce, then pln intros introduce {intro_id})"
        )
    draft = drafts.introduce(a, b, record.why, me, template=mine.get("introduce"))
    both = f"{a['name']} and {b['name']}"
    letter = Letter(a["id"] or 0, both, a["email"], draft, together=True)

    def record_introduction(db: "Db", item: "Outgoing") -> None:
        intros.introduce(db, intros.get(db, intro_id), env.today(), message_id=item.message_id)

    made = shell.command("pln", "intros", "introduce", str(intro_id))
    plan = Plan(
        record_introduction,
        f"{made} --send",
        lambda _: made,
        "",
        "",
        "the introduction is not recorded",
    )
    deliver(env, [letter], plan, yes=yes, eml=eml)
