"""Starting the real services container against a test database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bootstrap import Services, build_services, start_services, stop_services
from domain.ports import Clock
from settings import Settings


def make_settings(data_dir: Path, db_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": db_url,
        "base_url": "http://biurko.test",
        "job_retry_base_seconds": 0.05,
        "job_max_tries": 4,
        "secret_key": "test-secret-key-that-is-long-enough-0123456789",
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def running_services(
    settings: Settings, clock: Clock | None = None, **start: Any
) -> AsyncIterator[Services]:
    services = build_services(settings, clock)
    await start_services(services, **start)
    try:
        yield services
    finally:
        await stop_services(services)
