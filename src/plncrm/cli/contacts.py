"""Commands that change people: add-contact, edit, tag (reading them: `cli/listing.py`)."""

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from plncrm.cli.root import JsonOpt, RefArg, app, get_env
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from collections.abc import Mapping

    from plncrm.cli.environment import Environment
    from plncrm.core.contacts import ContactFields


EmailOpt = Annotated[
    list[str] | None, typer.Option("--email", "-e", help="Email address (repeatable).")
]
PhoneOpt = Annotated[
    list[str] | None, typer.Option("--phone", "-p", help="Phone number (repeatable).")
]
OrgOpt = Annotated[str | None, typer.Option("--org", "-o", help="School, district or company.")]
RoleOpt = Annotated[str | None, typer.Option("--role", "-r", help="Role or job title.")]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", "-t", help="Tag (repeatable).")]
LinkOpt = Annotated[
    list[str] | None,
    typer.Option("--link", help="Profile URL: LinkedIn, Bluesky, Mastodon, site (repeatable)."),
]
MetAtOpt = Annotated[
    str | None, typer.Option("--met-at", help="Event where you met (created if new).")
]
MetOnOpt = Annotated[
    str | None, typer.Option("--met-on", help="When you met: a date or 'last tuesday'.")
]
ViaOpt = Annotated[str | None, typer.Option("--via", help="The contact who introduced you.")]
NeedsOpt = Annotated[
    list[str] | None, typer.Option("--needs", help="Something they look for (repeatable).")
]
OffersOpt = Annotated[
    list[str] | None, typer.Option("--offers", help="Something they can help with (repeatable).")
]
CadenceOpt = Annotated[
    str | None,
    typer.Option(
        "--cadence",
        help="Keep in touch every …, e.g. '3 months'; 'never' exempts them from their tags'.",
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note", "-n", help="Free-text notes.")]
GivenOpt = Annotated[
    str | None, typer.Option("--given", help="Given name, when the name is not split right.")
]
FamilyOpt = Annotated[str | None, typer.Option("--family", help="Family name (surname).")]
AkaOpt = Annotated[
    list[str] | None,
    typer.Option("--aka", help="Another name: another script, a nickname (repeatable)."),
]

PronounsOpt = Annotated[str | None, typer.Option("--pronouns", help="Pronouns, e.g. 'she/her'.")]
BirthdayOpt = Annotated[
    str | None, typer.Option("--birthday", help="Birthday: 1980-04-12, or --04-12 without a year.")
]


def _shared_options(
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    org: OrgOpt = None,
    role: RoleOpt = None,
    tag: TagOpt = None,
    link: LinkOpt = None,
    met_at: MetAtOpt = None,
    met_on: MetOnOpt = None,
    via: ViaOpt = None,
    needs: NeedsOpt = None,
    offers: OffersOpt = None,
    cadence: CadenceOpt = None,
    note: NoteOpt = None,
    given: GivenOpt = None,
    family: FamilyOpt = None,
    aka: AkaOpt = None,
    pronouns: PronounsOpt = None,
    birthday: BirthdayOpt = None,
) -> None:
    """The options `add-contact` and `edit` share: never called, its signature is the list."""


# option name → ContactFields field
_FIELD_OF = {
    "email": "emails",
    "phone": "phones",
    "tag": "tags",
    "link": "links",
    "note": "notes",
    "aka": "akas",
}


def with_contact_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give `command` (which takes them as **options) the shared contact
    options, placed before its --json, so that the two commands declare them once."""
    own = inspect.signature(command)
    plain = [p for p in own.parameters.values() if p.kind is not p.VAR_KEYWORD]
    at = next(i for i, p in enumerate(plain) if p.name == "json")
    shared = list(inspect.signature(_shared_options).parameters.values())
    command.__signature__ = own.replace(parameters=[*plain[:at], *shared, *plain[at:]])  # type: ignore[attr-defined]
    command.__annotations__ = {**command.__annotations__, **_shared_options.__annotations__}
    return command


def _fields(env: "Environment", **values: object) -> "ContactFields":
    from plncrm.core.contacts import ContactFields
    from plncrm.util.dates import parse_date

    met_on = values.pop("met_on")
    parsed = parse_date(str(met_on), env.today(), prefer="past") if met_on is not None else None
    return ContactFields(met_on=parsed, **values)  # type: ignore[arg-type]


def _prompt_main_fields() -> dict[str, object]:
    """Ask for the fields people fill in right after meeting someone."""

    def ask(label: str) -> str | None:
        answer: str = typer.prompt(label, default="", show_default=False)
        return answer.strip() or None

    name = ask("Name")
    if not name:
        raise Invalid("a contact needs a name")
    email, org, role, met_at = ask("Email"), ask("Organisation"), ask("Role"), ask("Met at (event)")
    tags = ask("Tags (comma-separated)")
    return {
        "name": name,
        "emails": [email] if email else None,
        "org": org,
        "role": role,
        "met_at": met_at,
        "tags": [t.strip() for t in tags.split(",") if t.strip()] if tags else None,
    }


@app.command("add-contact")
@with_contact_options
def add_contact(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="Full name (prompted for on a terminal if left out; "
            "with only --email, named from the address)."
        ),
    ] = None,
    new: Annotated[
        bool, typer.Option("--new", help="Someone else, though the name or link is already known.")
    ] = False,
    json: JsonOpt = False,
    **options: Any,
) -> None:
    """Add someone you met: who, where, what they need and offer, who introduced you."""
    from plncrm.core import capture, views
    from plncrm.render import print_json, say

    env = get_env(ctx)
    values: dict[str, object] = {
        "name": name,
        **{_FIELD_OF.get(k, k): v for k, v in options.items()},
    }
    met_on = values.pop("met_on")
    if name is None and not values.get("emails"):
        if not env.interactive:
            raise Invalid("a contact needs a name or an email (pln add-contact NAME)")
        values.update(_prompt_main_fields())
    fields = _fields(env, met_on=met_on, **values)
    known = None if new else _check_not_known(env, fields)
    with env.writing() as db:
        if known is None:
            added = capture.add(db, fields, env.today())
        else:
            added = capture.met_again(db, known, fields, env.today())
        view = views.contact_views(db, [added.contact])[0]
    if json:
        print_json(view)
        return
    contact, guard = added.contact, added.guard
    if added.again_at is None:
        say("Added ", contact.name, f" (#{contact.id})")
    else:
        say(
            contact.name,
            f" (#{contact.id}) is already in your network: met again at ",
            added.again_at.name,
        )
    if guard is not None:
        say(f"Follow-up #{guard.id} due {guard.due.isoformat()}: ", guard.title)
    if added.again_at is not None:
        say(f"Their card is unchanged: pln edit {contact.id} … changes it")


def _check_not_known(env: "Environment", fields: "ContactFields") -> int | None:
    """Say when the person is probably already in the network: ask on a
    terminal, refuse without one (exit 6) unless --new says it is someone else.
    Met at an event (--met-at), they were met there again: their id is
    returned, for `capture.met_again`, unless the user says it is someone else."""
    from plncrm.core import capture

    with env.reading() as reader:
        known = capture.known(reader, fields)
    if known is None:
        return None
    if env.interactive and typer.confirm(
        f"{known.said}. Add another person anyway?", default=False
    ):
        return None
    if fields.met_at:
        with env.reading() as reader:
            conflict = capture.other_address(reader, known, fields)
        if conflict is not None:
            raise conflict
        return known.contact.id
    raise known.refusal()


# What `edit` says it changed: the view's key → the word for it.
_EDITED = {
    "name": "name",
    "given": "given name",
    "family": "family name",
    "pronouns": "pronouns",
    "akas": "other names",
    "org": "organisation",
    "role": "role",
    "emails": "email",
    "phones": "phone",
    "links": "links",
    "tags": "tags",
    "needs": "needs",
    "offers": "offers",
    "met_at": "met at",
    "met_on": "met on",
    "via": "via",
    "cadence": "cadence",
    "birthday": "birthday",
    "notes": "notes",
}


@app.command("edit")
@with_contact_options
def edit(
    ctx: typer.Context,
    ref: RefArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    json: JsonOpt = False,
    **options: Any,
) -> None:
    """Change a contact. A repeatable option replaces that list; '' clears a field."""
    from plncrm.core import contacts, refs, strikeouts, views
    from plncrm.render import print_json, say

    env = get_env(ctx)
    fields = _fields(env, name=name, **{_FIELD_OF.get(k, k): v for k, v in options.items()})
    with env.writing() as db:
        found = refs.resolve(db, ref)
        before = views.contact_views(db, [found])[0]
        contact = contacts.edit_contact(db, found, fields, env.today())
        met = fields.met_at is not None or fields.met_on is not None
        guard = strikeouts.arm_one(db, contact, env.today()) if met else None
        view = views.contact_views(db, [contact])[0]
    if json:
        print_json(view)
    else:
        say("Updated ", contact.name, f" (#{contact.id}): ", _what_changed(before, view))
        if guard is not None:
            say(f"Follow-up #{guard.id} due {guard.due.isoformat()}: ", guard.title)


def _what_changed(before: "Mapping[str, object]", after: "Mapping[str, object]") -> str:
    """The fields an edit changed, and what a replacing option took away
    ("email (removed ana@old.org)"), since `--email` replaces the list."""
    said = []
    for key, label in _EDITED.items():
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list):
            gone = [str(x) for x in old if x not in new]
            label += f" (removed {', '.join(gone)})" if gone else ""
        elif key == "notes" and old:
            label += " (replaced: pln undo brings the old ones back)"
        said.append(label)
    return ", ".join(said) or "nothing changed"


@app.command("tag")
def tag(
    ctx: typer.Context,
    ref: RefArg,
    tags: Annotated[list[str], typer.Argument(help="Tags to add.")],
    remove: Annotated[bool, typer.Option("--remove", help="Remove these tags instead.")] = False,
) -> None:
    """Add tags to a contact (or remove them with --remove)."""
    from plncrm.core import contacts, refs
    from plncrm.render import say

    env = get_env(ctx)
    with env.writing() as db:
        contact = refs.resolve(db, ref)
        if remove:
            changed = contacts.remove_tags(db, contact, tags)
        else:
            changed = contacts.add_tags(db, contact, tags)
    verb = "Removed" if remove else "Tagged"
    if changed:
        say(f"{verb} ", contact.name, ": ", ", ".join(changed))
    else:
        say("No change to ", contact.name)
