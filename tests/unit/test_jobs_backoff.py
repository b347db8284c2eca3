"""Tests for domain.jobs: exponential backoff between tries and JobContext.last_try."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.jobs import JobContext, backoff


@pytest.mark.parametrize(
    ("tries", "base", "seconds"),
    [
        (0, 30, 30),  # never below the base
        (1, 30, 30),  # after the first try: base
        (2, 30, 60),
        (3, 30, 120),
        (4, 30, 240),
        (7, 30, 1920),
        (8, 30, 3600),  # 3840 capped at one hour
        (20, 30, 3600),
        (1, 0.5, 0.5),
        (3, 0.5, 2.0),
        (1, 5000, 3600),  # a base above the cap is capped too
    ],
)
def test_backoff(tries: int, base: float, seconds: float) -> None:
    assert backoff(tries, base) == timedelta(seconds=seconds)


def test_backoff_never_decreases() -> None:
    delays = [backoff(tries, 10) for tries in range(1, 15)]
    assert delays == sorted(delays)
    assert delays[-1] == timedelta(hours=1)


@pytest.mark.parametrize(
    ("tries", "max_tries", "last"),
    [
        (1, 5, False),
        (4, 5, False),
        (5, 5, True),
        (6, 5, True),  # a job re-claimed past its limit is still on its last try
        (1, 1, True),
    ],
)
def test_last_try(tries: int, max_tries: int, last: bool) -> None:
    assert JobContext(job_id=1, tries=tries, max_tries=max_tries).last_try is last
