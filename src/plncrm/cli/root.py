"""The Typer application, its global options, and the one place errors are caught.

Nothing here imports SQLAlchemy or the models: `pln --help` and TAB completion
stay near the cost of importing Typer itself.
"""

import os
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from plncrm import __version__
from plncrm.cli.environment import Environment
from plncrm.util.errors import ExitCode, PlnError

# Every command, in the order `pln --help` lists them, with the modules of
# plncrm.cli that define it: the one list a new command is added to. `pln NAME`
# imports only NAME's modules.
COMMANDS: dict[str, tuple[str, ...]] = {
    "due": ("agenda",),
    "add-contact": ("contacts",),
    "list": ("listing",),
    "show": ("listing",),
    "search": ("listing",),
    "edit": ("contacts",),
    "tag": ("contacts",),
    "log": ("interactions",),
    "interaction": ("interactions",),
    "interactions": ("timeline",),
    "timeline": ("timeline",),
    "rm": ("removal",),
    "archive": ("removal",),
    "unarchive": ("removal",),
    "follow-up": ("followups",),
    "follow-ups": ("followups",),
    "done": ("followups",),
    "snooze": ("followups",),
    "dismiss": ("followups",),
    "cancel": ("followups",),
    "write": ("write",),
    "reopen": ("followups",),
    "assign": ("followups",),
    "team": ("agenda",),
    "intro": ("intros",),
    "intros": ("intros",),
    "suggest": ("suggestions",),
    "ripple": ("suggestions",),
    "event": (
        "events",
        "event_invitations",
        "strikeouts",
        "event_calendar",
        "event_poster",
        "event_import",
    ),
    "events": ("events",),
    "community": ("communities",),
    "communities": ("communities",),
    "orgs": ("organisations",),
    "org": ("organisations",),
    "resource": ("resources",),
    "resources": ("resources",),
    "give": ("give",),
    "report": ("report",),
    "import": ("imports", "networks"),
    "export": ("export",),
    "card": ("card",),
    "serve": ("serve",),
    "mcp": ("mcp",),
    "duplicates": ("duplicates",),
    "merge": ("duplicates",),
    "undo": ("history",),
    "history": ("history",),
    "backup": ("backup",),
    "restore": ("backup",),
    "config": ("agenda",),
    "notify": ("notify",),
    "template": ("templates",),
    "mail": ("inbox",),
    "calendar": ("calendars",),
    "sync": ("addressbook",),
}
COMMAND_ORDER = tuple(COMMANDS)


def load_commands(name: str | None = None) -> None:
    """Register `name`'s commands, or every command (for --help, TAB, or a name
    that is not a command, which then gets Typer's own error)."""
    import importlib

    every = (m for modules in COMMANDS.values() for m in modules)
    # In the order listed: a group's subcommands show in `--help` as registered.
    for module in dict.fromkeys(COMMANDS.get(name or "") or every):
        importlib.import_module(f"plncrm.cli.{module}")


class PlnGroup(TyperGroup):
    """Turns a `PlnError` into one line on stderr and its exit code; anything
    unexpected becomes one line too (set PLN_DEBUG=1 to see the traceback).
    The parameters of the root and of the command being run are pln's own
    (`PlainOption`, `PlainArgument`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _plain_parameters(self, ctx)
        ctx.meta["pln.argv"] = list(args)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            _plain_parameters(command, ctx, below=True)
        return name, command, rest

    def list_commands(self, ctx: Any) -> list[str]:
        rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
        return sorted(self.commands, key=lambda name: (rank.get(name, len(rank)), name))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.BadParameter as exc:
            if type(exc).__name__ == "MissingParameter":
                raise  # a usage error: Typer's usage line and exit 2
            _fail(_bad_value(exc), ExitCode.INVALID, ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except PlnError as exc:
            _fail(exc.message, exc.exit_code, ctx)
        except BrokenPipeError:
            # The reader went away (`pln list | head`): stop quietly, as Unix tools do.
            import sys

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            if os.environ.get("PLN_DEBUG"):
                raise
            _fail(
                f"internal error: {type(exc).__name__}: {exc} (PLN_DEBUG=1 shows details)",
                ExitCode.INTERNAL,
                ctx,
            )


def _bad_value(exc: "typer.BadParameter") -> str:
    """A bad option value as one line: "invalid value for --kind: 'emial' is not one of …"."""
    message = exc.format_message().replace("Value error, ", "")
    return message[:1].lower() + message[1:]


def _fail(message: str, code: int, ctx: Any = None) -> None:
    from rich.text import Text

    from plncrm.render import console
    from plncrm.util.redact import redact, url_secrets
    from plncrm.util.text import one_line

    # The last guard for secrets: no message leaves with a URL's password in
    # it, nor with the password of the database that --db or PLN_DB names.
    named = [os.environ.get("PLN_DB")]
    if ctx is not None:
        named += [ctx.params.get("db"), getattr(ctx.find_object(Environment), "db", None)]
    secrets = [s for db in named if isinstance(db, str) for s in url_secrets(db)]
    console(stderr=True).print(Text("pln: " + one_line(redact(message, *secrets))), soft_wrap=True)
    raise typer.Exit(int(code))


# pln's parameters differ from Typer's own in two ways, both through methods
# that Typer's public parameter classes have (see CONTRIBUTING, "Start-up"):
#
# - Values. Typer checks every value through a Pydantic adapter, and importing
#   Pydantic costs more than the rest of most commands. Text, whole numbers,
#   flags, lists of text and choices need no such machinery: they are checked
#   here; any other type (paths, numbers with a range) goes through Typer's own,
#   as does a required value that is missing (Typer's usage error).
# - Help. Typer's help shows a value's Python type ("<str>", "<list[str]>");
#   pln's shows what to type: the option's name in capitals, or its choices
#   ("[yes|no|maybe]"); an argument is named in capitals, as in Unix manuals
#   ("pln show REF"), and its name says enough.


class PlainOption(TyperOption):
    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process(self, ctx, value, super().process_value)

    def display_type(self, ctx: Any) -> str:
        if self.type_descriptor.is_choice:
            return _choices(super().display_type(ctx))
        return (self.name or "value").strip("_").replace("_", "-").upper()


class PlainArgument(TyperArgument):
    def process_value(self, ctx: Any, value: Any) -> Any:
        return _process(self, ctx, value, super().process_value)

    def display_type(self, ctx: Any) -> str:
        return _choices(super().display_type(ctx)) if self.type_descriptor.is_choice else ""

    @property
    def display_name_raw(self) -> str:
        return self.metavar or (self.name or "").strip("_").upper()


def _plain_parameters(command: Any, ctx: Any, *, below: bool = False) -> None:
    """Make the parameters of `command` pln's own: those it declares, its help
    option and the completion options Typer adds (`get_params`); `below`:
    those of every command under it too."""
    for param in command.get_params(ctx):
        if type(param) is TyperOption:
            param.__class__ = PlainOption
        elif type(param) is TyperArgument:
            param.__class__ = PlainArgument
    for subcommand in (getattr(command, "commands", None) or {}).values() if below else ():
        _plain_parameters(subcommand, ctx, below=True)


def _choices(shown: str) -> str:
    """Typer's "<a|b>" or "<list[a|b]>" as "[a|b]"."""
    return "[" + shown.strip("<>").removeprefix("list[").removesuffix("]") + "]"


def _process(param: Any, ctx: Any, value: Any, typer_process: Any) -> Any:
    """What Typer's `process_value` does (type the value, then the
    parameter's callback), for the kinds of value pln checks itself."""
    kind = _plain_kind(param)
    missing = param.required and param.value_is_missing(value)
    if kind is not None and missing and ctx.resilient_parsing:
        # TAB after `pln show`: nothing typed yet is no error (Click would take
        # Typer's error for None), and Typer's check would load Pydantic.
        return None
    if kind is None or missing:
        return typer_process(ctx, value)
    value = _coerce(kind, value, param, ctx)
    if param.callback is not None:
        value = param.callback(ctx, param, value)
    return value


def _plain_kind(param: Any) -> Any:
    """list (of text), int, str, bool or an enum: the kinds checked here;
    None for any other, and for a number with a range."""
    import enum
    import types
    import typing

    if param.min is not None or param.max is not None:
        return None
    annotation = param.type_descriptor.annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if typing.get_origin(annotation) is list and typing.get_args(annotation) == (str,):
        return list
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    return annotation if annotation in (str, int, bool) else None


def _coerce(kind: Any, value: Any, param: Any, ctx: Any) -> Any:
    """`value` as `kind` (list of text, whole number, enum member, text, flag),
    or Typer's usual error for a bad value."""
    import enum

    several = param.multiple or param.nargs == -1
    if value is None:
        return () if several else None
    if several and isinstance(value, str):
        raise typer.BadParameter("Value must be an iterable.", ctx=ctx, param=param)
    if kind is list:
        return [str(v) for v in value]
    if isinstance(value, kind):
        return value
    if kind is int:
        try:
            return int(str(value).strip())
        except ValueError:
            raise typer.BadParameter(
                f"{value!r} is not a whole number", ctx=ctx, param=param
            ) from None
    if issubclass(kind, enum.Enum):
        try:
            return kind(value)
        except ValueError:
            names = ", ".join(repr(m.value) for m in kind)
            raise typer.BadParameter(
                f"{value!r} is not one of {names}", ctx=ctx, param=param
            ) from None
    return kind(value)


app = typer.Typer(
    cls=PlnGroup,
    name="pln",
    help="A personal CRM for your professional learning network.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pln {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="PLN_DB",
            metavar="PATH|URL",
            help="Database file or SQLAlchemy URL.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """A personal CRM for your professional learning network."""
    env = ctx.obj if isinstance(ctx.obj, Environment) else Environment()
    env.user = _member(env.user)
    if db:
        env.db = db
    env.argv = ctx.meta.get("pln.argv", [])
    ctx.obj = env


def _member(name: str) -> str:
    """The member's name (PLN_USER) as stored and shown: without escapes or
    control characters, on one line; one with nothing left is refused."""
    from plncrm.util.errors import Invalid
    from plncrm.util.text import one_line

    member = one_line(name).strip()
    if not member:
        raise Invalid(f"PLN_USER holds no name: {name!r} (set PLN_USER to your name)")
    return member


def get_env(ctx: typer.Context) -> "Environment":
    env = ctx.find_object(Environment)
    assert env is not None
    return env


def complete_contact(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """TAB completion of a contact's name. Never creates a database, never fails."""
    try:
        from plncrm.reads.completion import names_starting
        from plncrm.store.location import resolve_url

        url = resolve_url(ctx.find_root().params.get("db") or os.environ.get("PLN_DB"))
        return [(name, f"#{cid}") for cid, name in names_starting(url, incomplete)]
    except Exception:
        return []


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
RefArg = Annotated[
    str,
    typer.Argument(
        help="Contact: id, email or name.", autocompletion=complete_contact, show_default=False
    ),
]
