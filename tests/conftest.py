"""Shared fixtures: a private data dir per test, SQLite always, PostgreSQL and Redis when
``BIURKO_TEST_DATABASE_URL`` / ``BIURKO_TEST_REDIS_URL`` point at them."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.support import databases

pytest_plugins = ["nicegui.testing.user_plugin"]

ENV_KEYS = ("BIURKO_DATABASE_URL", "BIURKO_REDIS_URL", "BIURKO_SMTP_HOST", "BIURKO_SECRET_KEY")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data dir and the embedded defaults unless it asks otherwise."""
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    data_dir = tmp_path / "data"
    monkeypatch.setenv("BIURKO_DATA_DIR", str(data_dir))
    monkeypatch.setenv("BIURKO_JOB_RETRY_BASE_SECONDS", "0.05")
    monkeypatch.setenv("BIURKO_BASE_URL", "http://biurko.test")
    monkeypatch.setenv("NICEGUI_STORAGE_PATH", str(tmp_path / "nicegui"))
    yield data_dir


def backends() -> list[str]:
    names = ["sqlite"]
    if os.environ.get("BIURKO_TEST_DATABASE_URL"):
        names.append("postgres")
    return names


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """One private PostgreSQL database for the whole run, dropped at the end."""
    base = os.environ.get("BIURKO_TEST_DATABASE_URL")
    if not base:
        yield None
        return
    url = databases.create_postgres_database(base, f"biurko_test_{uuid.uuid4().hex[:10]}")
    try:
        yield url
    finally:
        databases.drop_postgres_database(url)


@pytest.fixture(params=backends())
async def db_url(
    request: pytest.FixtureRequest, isolated_env: Path, postgres_url: str | None
) -> AsyncIterator[str]:
    """A migrated, empty database on each configured backend."""
    if request.param == "sqlite":
        isolated_env.mkdir(parents=True, exist_ok=True)
        yield f"sqlite://{isolated_env / 'test.sqlite3'}"
        return
    assert postgres_url is not None
    yield postgres_url
    await databases.truncate_all(postgres_url)


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("BIURKO_TEST_REDIS_URL")
    if not url:
        pytest.skip("BIURKO_TEST_REDIS_URL is not set")
    return url


@pytest.fixture
def namespace() -> str:
    return f"biurko-test-{uuid.uuid4().hex[:8]}"
