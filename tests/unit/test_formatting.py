"""Tests for domain.formatting: Polish money, dates, Warsaw moments, months, relative days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from domain.formatting import (
    format_amount,
    format_day,
    format_moment,
    format_money,
    format_month,
    relative_days,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.56"), "1\u00a0234,56\u00a0zł"),
        (Decimal("0"), "0,00\u00a0zł"),
        (Decimal("0.5"), "0,50\u00a0zł"),
        (Decimal("999.99"), "999,99\u00a0zł"),
        (Decimal("1000"), "1\u00a0000,00\u00a0zł"),
        (Decimal("1234567.8"), "1\u00a0234\u00a0567,80\u00a0zł"),
        (Decimal("-1234.56"), "-1\u00a0234,56\u00a0zł"),
        (Decimal("-0.01"), "-0,01\u00a0zł"),
    ],
)
def test_format_money(value: Decimal, expected: str) -> None:
    assert format_money(value) == expected


def test_money_never_contains_breakable_or_narrow_spaces() -> None:
    text = format_money(Decimal("9876543.21"))
    assert " " not in text
    assert "\u202f" not in text
    assert text.count(NBSP) == 3


def test_format_amount_english() -> None:
    assert format_amount(Decimal("1234.56"), "en") == "1,234.56"
    assert format_money(Decimal("1234.56"), "en") == "1,234.56\u00a0zł"


def test_unknown_language_falls_back_to_polish() -> None:
    assert format_amount(Decimal("1234.5"), "xx") == "1\u00a0234,50"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 27), "27.11.2026"),
        (date(2026, 1, 5), "05.01.2026"),
        (date(2027, 12, 31), "31.12.2027"),
    ],
)
def test_format_day(value: date, expected: str) -> None:
    assert format_day(value) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 1, 15, 12, 0, tzinfo=UTC), "15.01.2026 13:00"),  # winter: UTC+1
        (datetime(2026, 7, 15, 12, 0, tzinfo=UTC), "15.07.2026 14:00"),  # summer: UTC+2
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "01.01.2027 00:30"),  # next day
        # Clocks go forward on 29 March 2026 at 01:00 UTC.
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "29.03.2026 01:59"),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "29.03.2026 03:00"),
        # Clocks go back on 25 October 2026 at 01:00 UTC.
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "25.10.2026 02:30"),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "25.10.2026 02:30"),
        # An aware moment in another zone is converted too.
        (datetime(2026, 11, 27, 8, 0, tzinfo=timezone(timedelta(hours=-5))), "27.11.2026 14:00"),
    ],
)
def test_format_moment_in_warsaw(moment: datetime, expected: str) -> None:
    assert format_moment(moment) == expected


def test_format_month_example() -> None:
    assert format_month(2026, 11) == "listopad 2026"


@pytest.mark.parametrize(
    ("month", "name"),
    [
        (1, "styczeń"),
        (2, "luty"),
        (3, "marzec"),
        (4, "kwiecień"),
        (5, "maj"),
        (6, "czerwiec"),
        (7, "lipiec"),
        (8, "sierpień"),
        (9, "wrzesień"),
        (10, "październik"),
        (11, "listopad"),
        (12, "grudzień"),
    ],
)
def test_format_month_nominative(month: int, name: str) -> None:
    assert format_month(2027, month) == f"{name} 2027"


def test_format_month_english() -> None:
    assert format_month(2026, 11, "en") == "November 2026"


TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (TODAY, "dziś"),
        (date(2026, 11, 28), "jutro"),
        (date(2026, 11, 29), "za 2 dni"),
        (date(2026, 11, 30), "za 3 dni"),
        (date(2026, 12, 27), "za 30 dni"),
        (date(2026, 11, 26), "po terminie 1 dzień"),
        (date(2026, 11, 25), "po terminie 2 dni"),
        (date(2026, 11, 17), "po terminie 10 dni"),
    ],
)
def test_relative_days(due: date, expected: str) -> None:
    assert relative_days(due, TODAY) == expected
