"""CPU time of a measured stretch: this Python process and the PostgreSQL server's processes.

Wall time alone hides where a 2-core machine's capacity goes. This probe reads the CPU seconds
(user + system) of this process (``time.process_time``: every thread) and of every process of
the local PostgreSQL server (``/proc/<pid>/stat``: backends, the WAL writer, the checkpointer)
before and after. The server runs on the same machine here; on another host, or where
``/proc`` is missing, the PostgreSQL figure is ``None``. Other load on the server (another
database's clients) is counted too: run benchmarks on a quiet machine.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _postgres_seconds() -> dict[int, float] | None:
    """CPU seconds per PostgreSQL process, by pid (None without /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    seconds: dict[int, float] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile, or not ours to read
        # "pid (comm) state ppid ...": comm may hold spaces, so split after its closing paren.
        name = stat[stat.find("(") + 1 : stat.rfind(")")]
        if name != "postgres":
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        seconds[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
    return seconds


@dataclass
class CpuSeconds:
    python: float = 0.0
    postgres: float | None = None

    @property
    def total(self) -> float:
        return self.python + (self.postgres or 0.0)

    def line(self) -> str:
        server = "n/a" if self.postgres is None else f"{self.postgres:.2f} s"
        return f"Python {self.python:.2f} s + PostgreSQL {server} = {self.total:.2f} core-s"


@contextlib.contextmanager
def cpu_probe() -> Iterator[CpuSeconds]:
    """Fills the yielded ``CpuSeconds`` when the block ends. A server process that ended during
    the block is lost (its time with it); one that started counts from zero."""
    result = CpuSeconds()
    python_before = time.process_time()
    server_before = _postgres_seconds()
    try:
        yield result
    finally:
        result.python = time.process_time() - python_before
        server_after = _postgres_seconds()
        if server_before is not None and server_after is not None:
            result.postgres = sum(
                seconds - server_before.get(pid, 0.0) for pid, seconds in server_after.items()
            )
