"""The Typer application, its global options, and the one place errors are caught.

Nothing here imports SQLAlchemy or the models: `pln --help` and TAB completion
stay near the cost of importing Typer itself.
"""

import os
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from plncrm import __version__
from plncrm.cli.environment import Environment
from plncrm.util.errors import ExitCode, PlnError

# Every command, in the order `pln --help` lists them, with the modules of
# plncrm.cli that define it: the one list a new command is added to. `pln NAME`
# imports only NAME's modules.
COMMANDS: dict[str, tuple[str, ...]] = {
    "due": ("agenda",), "add-contact": ("contacts",), "list": ("listing",), "show": ("listing",),
    "search": ("listing",), "edit": ("contacts",), "tag": ("contacts",), "log": ("interactions",),
    "interaction": ("interactions",),
    "rm": ("removal",), "archive": ("removal",), "unarchive": ("removal",), "follow-up": ("followups",), "follow-ups": ("followups",),
    "done": ("followups",), "snooze": ("followups",), "dismiss": ("followups",), "cancel": ("followups",), "reopen": ("followups",),
    "assign": ("followups",), "team": ("agenda",), "intro": ("intros",), "intros": ("intros",),
    "suggest": ("intros",), "ripple": ("intros",), "event": ("events", "strikeouts", "event_calendar"), "events": ("events",),
    "community": ("communities",), "communities": ("communities",), "report": ("report",),
    "import": ("transfer", "networks"), "export": ("export", "transfer"), "duplicates": ("transfer",),
    "merge": ("transfer",), "undo": ("history",), "history": ("history",), "backup": ("backup",), "restore": ("backup",),
    "config": ("agenda",), "notify": ("notify",), "calendar": ("calendars",), "sync": ("addressbook",),
}  # fmt: skip
COMMAND_ORDER = tuple(COMMANDS)


def load_commands(name: str | None = None) -> None:
    """Register `name`'s commands, or every command (for --help, TAB, or a name
    that is not a command, which then gets Typer's own error)."""
    import importlib

    wanted = COMMANDS.get(name or "") or {m for modules in COMMANDS.values() for m in modules}
    for module in sorted(wanted):
        importlib.import_module(f"plncrm.cli.{module}")


class _AsParsed:
    """Keeps a root option's value as the parser produced it (a str or a bool).

    Typer types every value through Pydantic, whose import alone costs more than
    the rest of `pln`'s start-up; the root options need no typing, and TAB
    completion of a command name then never loads it."""

    @staticmethod
    def coerce(value: Any, param: Any = None, ctx: Any = None) -> Any:
        return value


class PlnGroup(TyperGroup):
    """Turns a `PlnError` into one line on stderr and its exit code; anything
    unexpected becomes one line too (set PLN_DEBUG=1 to see the traceback)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        for param in self.get_params(ctx):
            if hasattr(param, "get_runtime_param"):
                param._runtime_param = _AsParsed()  # type: ignore[attr-defined]
        ctx.meta["pln.argv"] = list(args)
        return super().parse_args(ctx, args)

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


def _plain_metavars() -> None:
    """Typer's help shows a value's Python type ("<str>", "<list[str]>", "<int
    range>"); pln's shows what to type: the option's name in capitals, or its
    choices ("[yes|no|maybe]"); an argument's own name says enough."""
    from typer import core

    original = getattr(core, "_TyperParameter", None)
    if original is None or not hasattr(original, "display_type"):
        return  # another Typer: its own help, unchanged
    typed = original.display_type

    def display_type(self: Any, ctx: Any) -> str:
        shown: str = typed(self, ctx)
        if self.type_descriptor.is_choice:
            return "[" + shown.strip("<>").removeprefix("list[").removesuffix("]") + "]"
        if isinstance(self, core.TyperArgument):
            return ""
        return (self.name or "value").strip("_").replace("_", "-").upper()

    original.display_type = display_type
    if isinstance(getattr(core.TyperArgument, "display_name_raw", None), property):
        # An argument is named in capitals, as in Unix manuals: "pln show REF".
        core.TyperArgument.display_name_raw = property(  # type: ignore[method-assign,assignment]
            lambda self: self.metavar or (self.name or "").strip("_").upper()
        )


_plain_metavars()


def _plain_values() -> None:
    """Typer checks every value through a Pydantic adapter, and importing
    Pydantic costs more than the rest of most commands. Text, whole numbers,
    flags and lists of text need no such machinery: they are checked here;
    choices (Click has checked them) are made members of their enum; any
    other type (paths, ranges) still goes through Typer's own."""
    import enum
    import types
    import typing

    from typer import _coercion, core

    base = getattr(core, "_TyperParameter", None)
    runtime = getattr(_coercion, "RuntimeParam", None)
    if base is None or runtime is None or not hasattr(base, "get_runtime_param"):
        return  # another Typer: its own checks
    typer_runtime = base.get_runtime_param

    class Plain(runtime):  # type: ignore[misc,valid-type]
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            return _coerce(_plain_kind(self.annotation), value, param, ctx)

    def _plain_kind(annotation: Any) -> Any:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        if typing.get_origin(annotation) is list and typing.get_args(annotation) == (str,):
            return list
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            return annotation
        return annotation if annotation in (str, int, bool) else None

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            info = self.type_descriptor.parameter_info
            ranged = (
                getattr(info, "min", None) is not None or getattr(info, "max", None) is not None
            )
            if _plain_kind(self.type_descriptor.annotation) is not None and not ranged:
                self._runtime_param = Plain(
                    parameter_info=info, annotation=self.type_descriptor.annotation
                )
        return typer_runtime(self)

    base.get_runtime_param = get_runtime_param


def _coerce(kind: Any, value: Any, param: Any, ctx: Any) -> Any:
    """`value` as `kind` (list of text, whole number, enum member, text, flag),
    or Typer's usual error for a bad value."""
    import enum

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


_plain_values()

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
