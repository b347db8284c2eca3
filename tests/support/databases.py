"""Creating, emptying and dropping private PostgreSQL databases for a test run."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

KEEP_TABLES = {"tortoise_migrations"}


def _dsn(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run on a thread of its own: a session fixture may start inside pytest-asyncio's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def create_postgres_database(base_url: str, name: str) -> str:
    async def create() -> None:
        connection = await asyncpg.connect(_dsn(base_url))
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    _run(create())
    return _with_database(base_url, name)


def drop_postgres_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")

    async def drop() -> None:
        connection = await asyncpg.connect(_dsn(_with_database(url, "postgres")))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    _run(drop())


async def truncate_all(url: str) -> None:
    connection = await asyncpg.connect(_dsn(url))
    try:
        tables = [
            r["tablename"]
            for r in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        ]
        names = ", ".join(f'"{t}"' for t in tables if t not in KEEP_TABLES)
        if names:
            await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await connection.close()
