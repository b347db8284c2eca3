"""The public iCalendar route ``/kalendarz/{token}.ics``: a client's due dates for calendar apps.

Public by design (``/kalendarz/`` needs no session; the secret token is the key). Unknown and
revoked tokens answer 404, and nothing is cached: a paid item should vanish on the next refresh.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from nicegui import app
from starlette.responses import Response

from domain.services import ServicesLike

FEED_PATH = "/kalendarz/{token}.ics"
NO_CACHE = {
    "Cache-Control": "no-store, no-cache, must-revalidate, max-age=0",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def add_feed_route(target: FastAPI | APIRouter, services: ServicesLike) -> None:
    """Register the route on ``target`` (NiceGUI's app, or a bare FastAPI app in tests)."""

    @target.get(FEED_PATH, include_in_schema=False)
    async def calendar_feed(token: str) -> Response:
        body = await services.calendar.render(token)
        if body is None:
            return Response("Nie ma takiego kalendarza.", status_code=404, headers=NO_CACHE)
        return Response(
            body,
            media_type="text/calendar; charset=utf-8",
            headers={**NO_CACHE, "Content-Disposition": 'inline; filename="biurko.ics"'},
        )


def register(services: ServicesLike) -> None:
    add_feed_route(app, services)
