"""Fixtures for integration tests that run the real services with a real SMTP server and the
two-office world of ``tests.support.companies``; ``tests/integration/conftest.py`` offers them
to every integration module. A module that needs another time defines its own ``clock``
fixture (``services`` asks for it by name); ``clock`` here is the default ``FixedClock()``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bootstrap import Services
from domain.clock import FixedClock
from tests.support.companies import World, make_world
from tests.support.services import make_settings, running_services
from tests.support.smtp import SmtpServer


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
async def services(
    db_url: str, isolated_env: Path, smtp: SmtpServer, clock: FixedClock
) -> AsyncIterator[Services]:
    settings = make_settings(
        isolated_env, db_url, smtp_host="127.0.0.1", smtp_port=smtp.port, demo_data=False
    )
    async with running_services(settings, clock) as running:
        yield running


@pytest.fixture
async def world(services: Services) -> World:
    return await make_world(services)
