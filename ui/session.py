"""Authentication at the edge: one middleware, the login-ticket and logout routes.

The signed session cookie carries only a random session id; the server-side session row says
who it belongs to. Logging in goes through an HTTP route so the cookie (and NiceGUI's storage
id) can be rotated: a session id planted before login is worthless after it.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from domain.actors import Actor
from domain.errors import NotFound
from domain.services import ServicesLike

SID_KEY = "biurko_sid"
PUBLIC_PREFIXES = (
    "/login",
    "/haslo",
    "/auth/",
    "/healthz",
    "/_nicegui",
    "/static/",
    "/api/",
    "/favicon",
    "/manifest.webmanifest",
    "/logo/",
    "/sw.js",
    "/offline",
    "/kalendarz/",
)


def is_public(path: str) -> bool:
    return path == "/" or any(path.startswith(prefix) for prefix in PUBLIC_PREFIXES)


def install(services: ServicesLike) -> None:
    """Register the middleware and the session routes."""

    async def require_session(request: Request, call_next: RequestResponseEndpoint) -> Response:
        path = request.url.path
        if is_public(path):
            return await call_next(request)
        actor = await services.auth.actor_for_session(request.session.get(SID_KEY))
        if actor is None:
            target = path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        request.state.actor = actor
        return await call_next(request)

    app.add_middleware(BaseHTTPMiddleware, dispatch=require_session)

    @app.get("/auth/sesja", include_in_schema=False)
    async def open_session(request: Request, ticket: str = "") -> Response:
        try:
            new = await services.auth.redeem_login_ticket(ticket)
        except NotFound:
            return RedirectResponse("/login?wygasla=1", status_code=303)
        _rotate(request)
        request.session[SID_KEY] = new.sid
        return RedirectResponse(new.landing, status_code=303)

    @app.get("/wyloguj", include_in_schema=False)
    async def log_out(request: Request) -> Response:
        await services.auth.logout(request.session.get(SID_KEY))
        request.session.pop(SID_KEY, None)
        _rotate(request)
        return RedirectResponse("/login", status_code=303)

    @app.get("/", include_in_schema=False)
    async def root(request: Request) -> Response:
        actor = await services.auth.actor_for_session(request.session.get(SID_KEY))
        if actor is None:
            return RedirectResponse("/login", status_code=303)
        return RedirectResponse("/biuro" if actor.is_staff else "/klient", status_code=303)


def _rotate(request: Request) -> None:
    # A fresh NiceGUI storage id too, so nothing stored before login carries over.
    request.session["id"] = str(uuid.uuid4())


def actor_of(request: Request) -> Actor:
    """The actor the middleware resolved for this page request."""
    actor: Actor = request.state.actor
    return actor


def session_id_of(request: Request) -> str:
    return str(request.session.get(SID_KEY, ""))
