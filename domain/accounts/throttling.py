"""Login throttling: 5 failures for one account or from one address in 15 minutes lock further
attempts for 15 minutes, with a message that reveals nothing about the account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
THROTTLED_MESSAGE = "Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 15 minut."


def locked_until(failures: Sequence[datetime], now: datetime) -> datetime | None:
    """When the lock ends, given the failure times of one account or one address.

    The lock starts at the failure that completed a run of five within the window and lasts
    ``LOCKOUT`` from there; failures older than window + lockout cannot matter any more.
    """
    recent = sorted(f for f in failures if now - f < WINDOW + LOCKOUT)
    for index in range(MAX_FAILURES - 1, len(recent)):
        first, fifth = recent[index - MAX_FAILURES + 1], recent[index]
        if fifth - first < WINDOW and now < fifth + LOCKOUT:
            return fifth + LOCKOUT
    return None


def lookback(now: datetime) -> datetime:
    """How far back a repository must look for failures that may still count."""
    return now - WINDOW - LOCKOUT
