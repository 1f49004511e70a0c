"""`pln duplicates` and `pln merge`: finding two records of one person, and
folding one into the other."""

from typing import Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env

# What a merge moved, as the summary names it (singular, plural when not +s).
MOVED_NOUNS: dict[str, tuple[str, str | None]] = {
    "details": ("detail", None),
    "interactions": ("interaction", None),
    "follow_ups": ("follow-up", None),
    "introductions": ("introduction", None),
    "events": ("event", None),
    "communities": ("community", "communities"),
}


@app.command("merge")
def merge_cmd(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The contact to keep.")],
    other: Annotated[str, typer.Argument(help="The duplicate to fold into it (deleted after).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    json: JsonOpt = False,
) -> None:
    """Merge a duplicate into a contact, keeping every interaction, task,
    introduction and membership."""
    from plncrm.core import merge, refs
    from plncrm.render import print_json, say
    from plncrm.util.errors import Refused
    from plncrm.util.text import counted

    env = get_env(ctx)
    with env.writing() as db:
        kept, gone = refs.resolve(db, keep), refs.resolve(db, other)
        asked = f"{gone.name} (#{gone.id}) into {kept.name} (#{kept.id})"
        if not yes:
            if not env.interactive:
                raise Refused(f"not merging {asked} without --yes")
            if not typer.confirm(f"Merge {asked}?", default=False):
                raise Refused("nothing merged")
        gone_name, gone_id = gone.name, gone.id
        moved = merge.merge(db, kept, gone)
    if json:
        print_json(
            {
                "kept": {"id": kept.id, "name": kept.name},
                "merged": {"id": gone_id, "name": gone_name},
                "moved": moved,
            }
        )
        return
    closed = moved.pop("guards_closed", 0)
    said = [counted(n, *MOVED_NOUNS[k]) for k, n in moved.items() if n]
    say(
        f"Merged {gone_name} (#{gone_id}) into {kept.name} (#{kept.id})"
        + (": " + ", ".join(said) if said else "")
    )
    if closed:
        say(
            f"Cancelled {closed} strike-out follow-up(s) of a later meeting: "
            "one per person is enough"
        )


@app.command("duplicates")
def duplicates(
    ctx: typer.Context,
    different: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--not",
            metavar="A B",
            help="Remember that these two are different people: never suggested again.",
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """List contacts that are probably the same person (same name as people
    write it, a nickname at the same organisation, same email, link or phone,
    similar names)."""
    from plncrm.core import refs, same_person, views
    from plncrm.render import print_json, say, show
    from plncrm.render.transfer import duplicates_table
    from plncrm.util import clock

    env = get_env(ctx)
    if different is not None:
        with env.writing() as db:
            a, b = refs.resolve(db, different[0]), refs.resolve(db, different[1])
            fresh = same_person.mark_distinct(db, a, b, clock.today())
        say(
            f"{a.name} (#{a.id}) and {b.name} (#{b.id}) are different people"
            + ("" if fresh else " (already noted)")
            + ": never suggested as duplicates again"
        )
        return
    from plncrm.core.org_names import same_org

    with env.reading() as reader:
        found, more = same_person.find_duplicates(reader, same_org=same_org)
        data = [{"a": views.ref(d.a), "b": views.ref(d.b), "reason": d.reason} for d in found]
    if json:
        print_json(data)
        return
    show(duplicates_table(data))
    if more:
        say(f"… and more: the first {len(data)} pairs are shown; merge these, then look again")
