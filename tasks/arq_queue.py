"""The arq adapter: the job row is stored first, then arq is asked to run ``run_job(id)``."""

from __future__ import annotations

from typing import Any

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings

from domain.jobs import JobStoreProtocol
from domain.ports import Clock

RUN_JOB = "run_job"


class ArqQueue:
    def __init__(
        self, store: JobStoreProtocol, clock: Clock, redis_url: str, queue_name: str = "arq:queue"
    ) -> None:
        self._store = store
        self._clock = clock
        self._settings = RedisSettings.from_dsn(redis_url)
        self._queue_name = queue_name
        self._pool: ArqRedis | None = None

    async def pool(self) -> ArqRedis:
        if self._pool is None:
            self._pool = await create_pool(self._settings, default_queue_name=self._queue_name)
        return self._pool

    async def enqueue(self, name: str, *args: Any, key: str | None = None) -> int:
        job_id = await self._store.add(name, list(args), key, self._clock.now())
        await self.wake(job_id, 0.0)
        return job_id

    async def wake(self, job_id: int, delay: float) -> None:
        pool = await self.pool()
        # A distinct arq id per wake-up: arq silently drops an id it still remembers.
        stamp = self._clock.now().timestamp()
        await pool.enqueue_job(
            RUN_JOB,
            job_id,
            _job_id=f"biurko:{job_id}:{stamp}",
            _defer_by=delay or None,
            _queue_name=self._queue_name,
        )

    async def start(self) -> None:
        await self.pool()

    async def stop(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None

    async def ping(self) -> None:
        pool = await self.pool()
        await pool.ping()
