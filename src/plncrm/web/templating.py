"""The pages' templates: Jinja2 with autoescaping on, every value shown
literally (markup escaped, terminal and bidirectional controls stripped as
`render.lit` strips them on the terminal)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from plncrm.util.errors import ExitCode, PlnError
from plncrm.util.text import strip_controls

if TYPE_CHECKING:
    from markupsafe import Markup

HERE = Path(__file__).parent
STATIC = HERE / "static"

# A PlnError's exit code → the HTTP status of the page that names it.
STATUS = {
    ExitCode.NOT_FOUND: 404,
    ExitCode.AMBIGUOUS: 409,
    ExitCode.INVALID: 400,
    ExitCode.CONFLICT: 409,
    ExitCode.REFUSED: 409,
    ExitCode.STORE: 503,
}


def _shown(value: object) -> object:
    """Every `{{ value }}`: user text without its controls; markup the
    templates build themselves (already escaped) as it is."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return strip_controls(value)
    return value


@lru_cache(maxsize=1)
def templates() -> Any:
    import jinja2
    from starlette.templating import Jinja2Templates

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        finalize=_shown,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return Jinja2Templates(env=env)


def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """A page drawn from the template `name`."""
    response: Response = templates().TemplateResponse(
        request, name, {"said": None, "error": None, **context}, status_code=status
    )
    return response


def isolated(fixed: str, *users: str) -> Markup:
    """A line said after a change: `fixed` words, then each piece of user text
    in a <bdi>, so that a right-to-left name does not carry the "#5" beside it
    into its own direction (escaped; controls stripped)."""
    from markupsafe import Markup, escape

    said = Markup(escape(fixed))
    for text in users:
        if text:
            said += Markup("<bdi>{}</bdi>").format(strip_controls(text))
    return said


def status_of(error: PlnError) -> int:
    return STATUS.get(error.exit_code, 400)
