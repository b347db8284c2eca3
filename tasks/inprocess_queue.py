"""The embedded job queue: timers and a few asyncio workers inside the web process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from domain.jobs import JobStoreProtocol
from domain.ports import Clock
from tasks.runner import JobRunner

log = logging.getLogger(__name__)


class InProcessQueue:
    def __init__(self, store: JobStoreProtocol, clock: Clock, concurrency: int) -> None:
        self._store = store
        self._clock = clock
        self._concurrency = concurrency
        self._queue: asyncio.Queue[int] = asyncio.Queue()
        self._workers: list[asyncio.Task[None]] = []
        self._timers: set[asyncio.TimerHandle] = set()
        self._busy = 0
        self.runner: JobRunner | None = None

    def bind(self, runner: JobRunner) -> None:
        self.runner = runner

    async def enqueue(self, name: str, *args: Any, key: str | None = None) -> int:
        job_id = await self._store.add(name, list(args), key, self._clock.now())
        await self.wake(job_id, 0.0)
        return job_id

    async def wake(self, job_id: int, delay: float) -> None:
        if delay <= 0:
            self._queue.put_nowait(job_id)
            return
        loop = asyncio.get_running_loop()
        handle: asyncio.TimerHandle

        def fire() -> None:
            self._timers.discard(handle)
            self._queue.put_nowait(job_id)

        handle = loop.call_later(delay, fire)
        self._timers.add(handle)

    async def start(self) -> None:
        assert self.runner is not None, "bind() a runner before start()"
        self._workers = [
            asyncio.create_task(self._work(), name=f"biurko-job-worker-{i}")
            for i in range(self._concurrency)
        ]
        resumed = await self.runner.resume_pending()
        if resumed:
            log.info("resumed %s pending jobs", resumed)

    async def stop(self) -> None:
        for handle in self._timers:
            handle.cancel()
        self._timers.clear()
        for worker in self._workers:
            worker.cancel()
        for worker in self._workers:
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        self._workers = []

    async def idle(self, limit_seconds: float = 10.0) -> None:
        """Wait until nothing is queued or running (timers for later retries may remain)."""
        async with asyncio.timeout(limit_seconds):
            while not self._queue.empty() or self._busy:  # noqa: ASYNC110 - two conditions
                await asyncio.sleep(0.01)

    async def _work(self) -> None:
        assert self.runner is not None
        while True:
            job_id = await self._queue.get()
            self._busy += 1
            try:
                await self.runner.run(job_id)
            except Exception:
                log.exception("job runner crashed on job %s", job_id)
            finally:
                self._busy -= 1
