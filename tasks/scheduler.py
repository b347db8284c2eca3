"""The embedded scheduler: periodic jobs inside the web process when there is no arq worker.

arq's cron does the same in worker mode (tasks/worker.py); both call the same functions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

Periodic = tuple[float, Callable[[], Awaitable[None]]]


class Scheduler:
    def __init__(self, periodic: list[Periodic]) -> None:
        self._periodic = periodic
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._every(seconds, function))
            for seconds, function in self._periodic
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def _every(self, seconds: float, function: Callable[[], Awaitable[None]]) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await function()
            except Exception:
                log.exception("periodic job %s failed", getattr(function, "__name__", function))
