"""Biurko's composition root.

python main.py            the web app (http://127.0.0.1:8080 by default)
python main.py worker     the arq worker (needs BIURKO_REDIS_URL)
python main.py migrate    apply database migrations
python main.py demo       load the demo data (idempotent)
python main.py sync-token create --name <name> [--office-nip <NIP>]
                          a sync API token (printed once, on the last line)
"""

from __future__ import annotations

import argparse
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
from sync.api import build_sync_api
from ui.app import register_all

ASSETS = Path(__file__).parent / "assets"


def create_web_app(settings: Settings) -> Services:
    services = build_services(settings)
    app.state.biurko_services = services  # for operators' scripts and tests; pages get it injected
    register_all(services)
    _mount_api(services)
    app.add_static_files("/static", ASSETS / "static")
    _install_lifespan(services)
    return services


def _mount_api(services: Services) -> None:
    # Tests re-run this file per test: replace the mount, never stack a stale one before it.
    app.router.routes[:] = [
        route for route in app.router.routes if getattr(route, "path", None) != "/api"
    ]
    app.mount("/api", build_sync_api(services))


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


async def _create_sync_token(settings: Settings, argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python main.py sync-token create")
    parser.add_argument("--name", required=True, help="what the token is for, e.g. 'Optima'")
    parser.add_argument("--office-nip", help="the office's NIP (needed with several offices)")
    options = parser.parse_args(argv)
    await _migrate(settings)
    services = build_services(settings)
    await db.open_database(settings.effective_database_url)
    try:
        office_id = await _office_for_token(options.office_nip)
        created = await services.sync_tokens.create_for_office(
            office_id, options.name, "wiersz poleceń"
        )
    finally:
        await db.close_database()
    print(f"Token synchronizacji „{created.info.name}” (pokazany tylko raz):")
    print(created.token)


async def _office_for_token(nip: str | None) -> int:
    from persistence.models import Office

    offices = await Office.all().order_by("id").values_list("id", "nip")
    if nip:
        digits = "".join(ch for ch in nip if ch.isdigit())
        matching = [row[0] for row in offices if row[1] == digits]
        if not matching:
            raise SystemExit(f"Nie ma biura z NIP-em {nip}.")
        return int(matching[0])
    if len(offices) != 1:
        raise SystemExit("Podaj --office-nip: w bazie jest więcej niż jedno biuro (albo żadne).")
    return int(offices[0][0])


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
    elif command == "sync-token" and argv[2:3] == ["create"]:
        asyncio.run(_create_sync_token(settings, argv[3:]))
    elif command in {"", "web"}:
        run_web(settings)
    else:
        raise SystemExit(__doc__)


if __name__ in {"__main__", "__mp_main__"}:
    main(sys.argv)
