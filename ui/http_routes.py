"""Plain HTTP routes of the web process: health for monitoring."""

from __future__ import annotations

from fastapi.responses import JSONResponse
from nicegui import app

from domain.services import ServicesLike


def register(services: ServicesLike) -> None:
    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> JSONResponse:
        state = await services.health()
        healthy = all(value == "ok" for value in state.values())
        return JSONResponse(
            {"status": "ok" if healthy else "degraded", **state},
            status_code=200 if healthy else 503,
        )
