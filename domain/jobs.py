"""Durable jobs: the row in the database is the truth; queues only wake a runner up.

The runner (tasks/runner.py) claims a job, calls its function and records the outcome. Only
``Retryable`` errors are tried again, with exponential backoff, up to ``max_tries``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol


class JobStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class JobRecord:
    id: int
    name: str
    args: list[Any]
    tries: int
    status: JobStatus
    last_error: str = ""
    run_after: datetime | None = None


@dataclass(frozen=True)
class JobContext:
    """What a job function learns about its own run."""

    job_id: int
    tries: int
    max_tries: int

    @property
    def last_try(self) -> bool:
        return self.tries >= self.max_tries


class JobStoreProtocol(Protocol):
    async def add(
        self, name: str, args: list[Any], key: str | None, run_after: datetime
    ) -> int: ...

    async def claim(self, job_id: int, now: datetime) -> JobRecord | None: ...

    async def finish(self, job_id: int, now: datetime) -> None: ...

    async def retry_later(self, job_id: int, run_after: datetime, error: str) -> None: ...

    async def fail(self, job_id: int, now: datetime, error: str) -> None: ...

    async def resumable(self) -> list[tuple[int, datetime]]: ...

    async def get(self, job_id: int) -> JobRecord | None: ...

    async def due(self, now: datetime) -> list[int]: ...


def backoff(tries: int, base_seconds: float) -> timedelta:
    """Delay before try ``tries + 1``: base, 2x base, 4x base ... capped at one hour."""
    exponent = min(max(tries - 1, 0), 30)  # 2**30 x base is far past the cap; avoids overflow
    return timedelta(seconds=min(base_seconds * (2**exponent), 3600.0))
