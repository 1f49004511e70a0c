"""The pocket agenda as an ASGI application: its routes, sign-in, and how
errors become one line on a page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from plncrm.util.errors import PlnError
from plncrm.web import acts, forms, pages, security
from plncrm.web.templating import STATIC, page, status_of

if TYPE_CHECKING:
    from starlette.datastructures import FormData
    from starlette.types import ASGIApp

    from plncrm.web.backend import Backend
    from plncrm.web.security import Session


def refused(request: Request, status: int, message: str) -> Response:
    """A page that shows nothing but why: no data from the store."""
    return page(request, "refused.html", status=status, error=message)


def owner_app(backend: Backend, gate: security.Gate) -> ASGIApp:
    """The owner's pages, behind the one-time sign-in (`security.Gate`)."""
    guard = security.owner_only(gate, refused)
    agenda = guard(pages.agenda_page)

    async def home(request: Request) -> Response:
        """`/?token=…` signs in and drops the token from the address;
        `/` is today's agenda."""
        token = request.query_params.get("token")
        if token is not None:
            if request.method != "GET":  # HEAD: a link checker or a preview uses nothing up
                return Response(status_code=204)
            if gate.session(request) is not None:
                return RedirectResponse("/", status_code=303)
            session_id = gate.sign_in(token)
            if session_id is None:
                return refused(request, 403, "This sign-in link was used or is wrong.")
            response = RedirectResponse("/", status_code=303)
            gate.set_cookie(response, session_id)
            return response
        return await agenda(request)

    async def leaving(request: Request, session: Session, form: FormData | None) -> Response:
        """The button that signs out (`POST /signout`)."""
        return page(request, "signout.html", csrf=session.csrf)

    async def sign_out(request: Request, session: Session, form: FormData | None) -> Response:
        """End the session: the browser is signed out until pln serve starts again."""
        gate.sign_out(request)
        said = "Signed out. To sign in again, restart pln serve: it prints a new link."
        response = page(request, "refused.html", said=said)
        gate.drop_cookie(response)
        return response

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/done", guard(acts.done), methods=["POST"]),
        Route("/snooze", guard(acts.snooze), methods=["POST"]),
        Route("/dismiss", guard(acts.dismiss), methods=["POST"]),
        Route("/add", guard(forms.add_form), methods=["GET"]),
        Route("/add", guard(forms.add), methods=["POST"]),
        Route("/log", guard(forms.log_form), methods=["GET"]),
        Route("/log", guard(forms.log), methods=["POST"]),
        Route("/search", guard(pages.search_page), methods=["GET"]),
        Route("/contact/{contact_id:int}", guard(pages.card_page), methods=["GET"]),
        Route("/signout", guard(leaving), methods=["GET"]),
        Route("/signout", guard(sign_out), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={PlnError: _pln_error, HTTPException: _http_error, 500: _crashed},
    )
    app.state.backend = backend
    return security.SecurityHeaders(app)


async def _pln_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PlnError)
    return page(request, "error.html", status=status_of(exc), error=exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return page(request, "refused.html", status=exc.status_code, error=exc.detail)


async def _crashed(request: Request, exc: Exception) -> Response:
    return page(request, "refused.html", status=500, error="Something went wrong inside pln.")
