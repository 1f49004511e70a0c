"""The assistant's tools, registered once by the modules that define them.

A tool is a plain function `fn(ctx, **arguments)` returning a JSON-able
document (the same one the matching `--json` prints). Its docstring is the
description a model chooses it by, and the type hints of the parameters after
`ctx` (pydantic `Annotated[..., Field(...)]` for the CLI's bounds) are its
input schema: `server.py` hands both to the SDK. Registering is all this
module does, so the tools can be listed and tested without the SDK.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Tool:
    """One tool: its name (the function's), the function, and whether it
    changes the store (`--read-only` offers only those that do not)."""

    name: str
    fn: Callable[..., Any]
    writes: bool

    @property
    def destructive(self) -> bool:
        """Whether it may take away or overwrite what the user had (the
        client's destructiveHint: it may ask before calling it)."""
        return self.name in DESTRUCTIVE

    @property
    def idempotent(self) -> bool:
        """Whether calling it again with the same arguments changes nothing more."""
        return not self.writes or self.name in IDEMPOTENT


REGISTRY: dict[str, Tool] = {}
# The writing tools' hints, by name (kept here, beside the registry, so that
# one table says them all): undo_last takes a change back, dismiss cancels
# follow-ups and restarts a cadence, set_needs_offers replaces the lists.
# Every other writing tool only adds or records a step.
DESTRUCTIVE = frozenset({"undo_last", "dismiss", "set_needs_offers"})
# Again with the same arguments: the same day, the same lists, already invited
# or marked as having come (left as they are), the same answer (already recorded).
IDEMPOTENT = frozenset(
    {"snooze", "set_needs_offers", "invite_to_event", "record_attendance", "record_intro_answer"}
)


def tool(*, writes: bool = False) -> Callable[[F], F]:
    """Register the decorated function as a tool under its own name; a name
    registered twice is a programming error, not a silent replacement."""

    def register(fn: F) -> F:
        name = fn.__name__
        if name in REGISTRY and REGISTRY[name].fn is not fn:
            raise RuntimeError(f"two assistant tools named {name}")
        if not (fn.__doc__ or "").strip():
            raise RuntimeError(f"the assistant tool {name} has no description (docstring)")
        REGISTRY[name] = Tool(name=name, fn=fn, writes=writes)
        return fn

    return register
