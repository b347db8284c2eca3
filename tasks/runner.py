"""Runs one stored job: claim it, call its function, record done / retry later / failed.

Both queue adapters use this runner, so retries and backoff behave the same with arq and with
the in-process queue.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta

from domain.errors import Retryable
from domain.jobs import JobContext, JobStatus, JobStoreProtocol, backoff
from domain.ports import Clock, JobFunction

log = logging.getLogger(__name__)

Wake = Callable[[int, float], Awaitable[None]]


class JobRunner:
    def __init__(
        self,
        store: JobStoreProtocol,
        functions: Mapping[str, JobFunction],
        clock: Clock,
        max_tries: int,
        retry_base_seconds: float,
        wake: Wake,
    ) -> None:
        self._store = store
        self._functions = functions
        self._clock = clock
        self._max_tries = max_tries
        self._base = retry_base_seconds
        self._wake = wake

    async def run(self, job_id: int) -> None:
        now = self._clock.now()
        record = await self._store.claim(job_id, now)
        if record is None:
            await self._rewake_if_early(job_id)
            return
        function = self._functions.get(record.name)
        if function is None:
            await self._store.fail(job_id, now, f"unknown job {record.name!r}")
            return
        context = JobContext(job_id, record.tries, self._max_tries)
        try:
            await function(context, *record.args)
        except Retryable as error:
            await self._retry_or_fail(context, error.message or repr(error))
        except Exception as error:  # a bug or a permanent failure: recorded, not retried
            log.exception("job %s (%s) failed", job_id, record.name)
            await self._store.fail(job_id, self._clock.now(), repr(error))
        else:
            await self._store.finish(job_id, self._clock.now())

    async def _retry_or_fail(self, context: JobContext, error: str) -> None:
        if context.last_try:
            log.warning("job %s gave up after %s tries: %s", context.job_id, context.tries, error)
            await self._store.fail(context.job_id, self._clock.now(), error)
            return
        delay = backoff(context.tries, self._base)
        await self._store.retry_later(context.job_id, self._clock.now() + delay, error)
        await self._wake(context.job_id, delay.total_seconds())

    async def _rewake_if_early(self, job_id: int) -> None:
        """A wake-up that came before the job's time (timer jitter) is re-armed, not lost."""
        record = await self._store.get(job_id)
        if record is None or record.status is not JobStatus.PENDING or record.run_after is None:
            return
        due = record.run_after - self._clock.now()
        if due > timedelta(0):
            await self._wake(job_id, due.total_seconds())

    async def resume_pending(self) -> int:
        """On start: wake every pending job (and those a crash left running)."""
        pending = await self._store.resumable()
        now = self._clock.now()
        for job_id, run_after in pending:
            await self._wake(job_id, max((run_after - now).total_seconds(), 0.0))
        return len(pending)

    async def sweep(self) -> None:
        """Periodic safety net: wake due pending jobs whose wake-up was lost."""
        for job_id in await self._store.due(self._clock.now()):
            await self._wake(job_id, 0.0)
