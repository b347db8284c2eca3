"""Tests for domain.accounts.throttling.locked_until: 5 failures in 15 minutes lock for 15."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from domain.accounts.throttling import LOCKOUT, MAX_FAILURES, WINDOW, locked_until, lookback

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def failures(*minutes: float) -> list[datetime]:
    return [at(m) for m in minutes]


def test_constants() -> None:
    assert MAX_FAILURES == 5
    assert timedelta(minutes=15) == WINDOW
    assert timedelta(minutes=15) == LOCKOUT


def test_no_failures_not_locked() -> None:
    assert locked_until([], at(0)) is None


def test_four_failures_not_locked() -> None:
    assert locked_until(failures(0, 1, 2, 3), at(3.5)) is None


def test_five_failures_within_window_lock_for_15_minutes_from_the_fifth() -> None:
    five = failures(0, 1, 2, 3, 4)
    assert locked_until(five, at(4)) == at(19)
    assert locked_until(five, at(10)) == at(19)
    assert locked_until(five, at(19) - timedelta(microseconds=1)) == at(19)


def test_lock_ends_exactly_15_minutes_after_the_fifth_failure() -> None:
    five = failures(0, 1, 2, 3, 4)
    assert locked_until(five, at(19)) is None
    assert locked_until(five, at(25)) is None


@pytest.mark.parametrize(
    ("minutes", "locked"),
    [
        ((0, 1, 2, 3, 14.99), True),  # just inside the window
        ((0, 1, 2, 3, 15), False),  # the fifth comes exactly 15 minutes after the first
        ((0, 4, 8, 12, 16), False),  # spread over more than 15 minutes
        ((0, 10, 20, 30, 40), False),
    ],
)
def test_window_boundary(minutes: tuple[float, ...], locked: bool) -> None:
    fifth = at(minutes[-1])
    result = locked_until(failures(*minutes), fifth)
    assert result == (fifth + LOCKOUT if locked else None)


def test_order_of_failures_does_not_matter() -> None:
    five = failures(0, 1, 2, 3, 4)
    random.Random(3).shuffle(five)
    assert locked_until(five, at(5)) == at(19)


def test_lock_from_a_later_run_of_five() -> None:
    # No five of 0, 10, 20, 22, 24, 26 fall within 15 minutes; adding 28 makes 20..28 a run.
    assert locked_until(failures(0, 10, 20, 22, 24, 26), at(27)) is None
    assert locked_until(failures(0, 10, 20, 22, 24, 26, 28), at(29)) == at(43)


def test_sixth_failure_during_the_lock_extends_it() -> None:
    """The login service checks the lock before it checks the password, so during a lock no
    further failure is normally recorded. If one is (two concurrent attempts), failures 2..6
    form a run of five too: the account stays locked until 15 minutes after the sixth.
    While the first lock runs, the function reports the end of that first lock."""
    six = failures(0, 1, 2, 3, 4, 10)
    assert locked_until(six, at(12)) == at(19)
    assert locked_until(six, at(19)) == at(25)
    assert locked_until(six, at(24.9)) == at(25)
    assert locked_until(six, at(25)) is None


def test_sixth_failure_outside_the_window_of_the_others_does_not_extend() -> None:
    # Failures 2..6 span 0.5 -> 16 = 15.5 minutes: no second run.
    six = failures(0, 0.5, 1, 2, 3, 16)
    assert locked_until(six, at(16)) == at(18)
    assert locked_until(six, at(18)) is None


def test_old_failures_are_ignored() -> None:
    old = [at(-31 - i) for i in range(20)]  # a burst long before window + lockout
    recent = failures(0, 1, 2, 3)
    assert locked_until(old + recent, at(4)) is None
    assert locked_until([*old, *recent, at(4)], at(4)) == at(19)


def test_a_burst_31_minutes_ago_no_longer_locks() -> None:
    burst = failures(0, 0.1, 0.2, 0.3, 0.4)
    assert locked_until(burst, at(15)) == at(15.4)
    assert locked_until(burst, at(31)) is None


def test_lookback_covers_window_and_lockout() -> None:
    now = at(100)
    assert lookback(now) == now - timedelta(minutes=30)
    # A failure exactly at the lookback limit can no longer contribute to a lock.
    run = [lookback(now), *failures(99, 99.5, 99.8, 99.9)]
    assert locked_until(run, now) is None
