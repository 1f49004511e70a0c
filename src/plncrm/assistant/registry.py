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


REGISTRY: dict[str, Tool] = {}


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
