"""Biurko's composition root.

python main.py            the web app (http://127.0.0.1:8080 by default)
python main.py worker     the arq worker (needs BIURKO_REDIS_URL)
python main.py migrate    apply database migrations
python main.py demo       load the demo data (idempotent)
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from nicegui import app, ui

from bootstrap import Services, build_services, load_demo, start_services, stop_services
from persistence import db
from settings import Settings, load_settings
from ui.app import register_all

ASSETS = Path(__file__).parent / "assets"


def create_web_app(settings: Settings) -> Services:
    services = build_services(settings)
    app.state.biurko_services = services  # for operators' scripts and tests; pages get it injected
    register_all(services)
    app.add_static_files("/static", ASSETS / "static")
    _install_lifespan(services)
    return services


def _install_lifespan(services: Services) -> None:
    # The test `user` fixture re-runs this file per test: always wrap NiceGUI's own lifespan,
    # never a wrapper left by an earlier run.
    base = getattr(app.router, "biurko_base_lifespan", None) or app.router.lifespan_context
    app.router.biurko_base_lifespan = base  # type: ignore[attr-defined]

    @asynccontextmanager
    async def lifespan(fastapi_app: Any) -> AsyncIterator[Any]:
        await start_services(services)
        try:
            async with base(fastapi_app) as state:
                yield state
        finally:
            await stop_services(services)

    app.router.lifespan_context = lifespan


def run_web(settings: Settings) -> None:
    os.environ.setdefault("NICEGUI_STORAGE_PATH", str(settings.data_dir / ".nicegui"))
    create_web_app(settings)
    ui.run(
        host=settings.host,
        port=settings.port,
        title="Biurko",
        language="pl",
        storage_secret=settings.resolve_secret_key(),
        reload=False,
        show=False,
        favicon=ASSETS / "static" / "icon-192.png",
        show_welcome_message=True,
        fastapi_docs=False,
    )


async def _migrate(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await db.migrate(settings.effective_database_url)
    print("Migracje zastosowane.")


async def _demo(settings: Settings) -> None:
    await _migrate(settings)
    await db.open_database(settings.effective_database_url)
    try:
        await load_demo()
    finally:
        await db.close_database()


def main(argv: list[str]) -> None:
    settings = load_settings()
    command = argv[1] if len(argv) > 1 and not os.environ.get("NICEGUI_USER_SIMULATION") else ""
    if command == "worker":
        from tasks.worker import run

        run(settings)
    elif command == "migrate":
        asyncio.run(_migrate(settings))
    elif command == "demo":
        asyncio.run(_demo(settings))
    elif command in {"", "web"}:
        run_web(settings)
    else:
        raise SystemExit(__doc__)


if __name__ in {"__main__", "__mp_main__"}:
    main(sys.argv)
