"""Database lifecycle: the tortoise config, start-up with the global context fallback,
migrations (built into tortoise 1.x) and shutdown."""

from __future__ import annotations

import os
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base import executor as base_executor
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

MODELS_MODULE = "persistence.models"
MIGRATIONS_MODULE = "persistence.migrations"


def tortoise_config(db_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": db_url},
        "apps": {
            "models": {
                "models": [MODELS_MODULE],
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# For the `tortoise` CLI (makemigrations): `tortoise -c persistence.db.TORTOISE_ORM ...`
TORTOISE_ORM = tortoise_config(os.environ.get("BIURKO_DATABASE_URL") or "sqlite://data/dev.sqlite3")


async def migrate(db_url: str) -> None:
    """Apply every committed migration; leaves tortoise initialised for the caller."""
    _clear_sql_cache()
    await tortoise_migrate(config=tortoise_config(db_url))
    await Tortoise.close_connections()


async def open_database(db_url: str) -> None:
    """Initialise tortoise for the whole process (pages run in tasks not spawned from here)."""
    _clear_sql_cache()
    await Tortoise.init(config=tortoise_config(db_url), _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()


async def ping() -> None:
    connection = Tortoise.get_connection("default")
    await connection.execute_query("SELECT 1")


def _clear_sql_cache() -> None:
    # tortoise caches insert SQL per model ignoring the dialect: clear it whenever the process
    # (the test suite does) switches between SQLite and PostgreSQL.
    base_executor.EXECUTOR_CACHE.clear()
