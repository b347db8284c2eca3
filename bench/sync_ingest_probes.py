"""Where the time of ``bench.sync_ingest`` goes: timing wrappers and the garbage collector.

The benchmark wraps the API handler, the batch service, the ingestion and its repository with
``hooks()``; each wrapper adds its inclusive wall time to a bucket of ``CLOCKS``, and the report
derives exclusive times from them. ``gc_probe()`` times the cyclic garbage collector.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

# --- timing hooks ---------------------------------------------------------------------------


@dataclass
class Clocks:
    """Inclusive wall time per hook; the report derives exclusive times from them."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def __getitem__(self, name: str) -> float:
        return self.seconds.get(name, 0.0)


CLOCKS = Clocks()


class GcProbe:
    """Time spent in the cyclic garbage collector (all generations, and full collections)."""

    def __init__(self) -> None:
        self.seconds = self.full_seconds = 0.0
        self.full = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        took = time.perf_counter() - self._started
        self.seconds += took
        if info.get("generation") == 2:
            self.full += 1
            self.full_seconds += took


@contextlib.contextmanager
def gc_probe() -> Iterator[GcProbe]:
    probe = GcProbe()
    gc.callbacks.append(probe)
    try:
        yield probe
    finally:
        gc.callbacks.remove(probe)


def _hook(owner: Any, name: str, bucket: str) -> Callable[[], None]:
    """Wrap ``owner.name`` (sync or async function) to add its wall time to ``bucket``."""
    original = owner.__dict__.get(name) if isinstance(owner, type) else getattr(owner, name, None)
    if original is None:
        return lambda: None
    function = original.__func__ if isinstance(original, staticmethod | classmethod) else original

    if asyncio.iscoroutinefunction(function):

        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                CLOCKS.seconds[bucket] += time.perf_counter() - started
                CLOCKS.calls[bucket] += 1

        wrapper: Any = timed_async
    else:

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                CLOCKS.seconds[bucket] += time.perf_counter() - started
                CLOCKS.calls[bucket] += 1

        wrapper = timed
    if isinstance(original, staticmethod):
        wrapper = staticmethod(wrapper)
    setattr(owner, name, wrapper)
    return lambda: setattr(owner, name, original)


@contextlib.contextmanager
def hooks() -> Iterator[None]:
    from tortoise.backends.asyncpg.client import TransactionWrapper

    import domain.sync.batches as batches
    import domain.sync.ingest as ingest
    import persistence.repositories.ingest_unit as unit
    import persistence.repositories.sync as repo
    import sync.api as api

    undo = [
        _hook(api, "_parse", "api.validate"),
        _hook(batches.SyncBatchService, "submit", "api.store"),
        _hook(batches.SyncBatchService, "ingest", "job"),
        _hook(batches.SyncBatchService, "_announce", "job.announce"),
        _hook(repo.SyncBatchRepo, "payload", "job.payload"),
        _hook(ingest.Ingestion, "run", "job.run"),
        _hook(ingest.Ingestion, "_entries", "job.entries"),
        _hook(ingest.Ingestion, "_apply", "job.apply"),
        _hook(unit.IngestUnitRepo, "companies", "db.companies"),
        _hook(unit.IngestUnitRepo, "stored_entries", "db.read"),
        _hook(unit.IngestUnitRepo, "insert_entries", "db.insert"),
        _hook(unit.IngestUnitRepo, "update_entries", "db.update"),
        _hook(unit.IngestUnitRepo, "finish", "db.finish"),
        _hook(TransactionWrapper, "commit", "db.commit"),
    ]
    try:
        yield
    finally:
        for restore in reversed(undo):
            restore()
