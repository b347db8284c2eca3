"""Deadlines for taxes and ZUS against dates worked out by hand from the 2026 calendar.

The expected tables below were written from a printed 2026 calendar and the holiday list in
DOMAIN.md 4.3, not computed with the code under test.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

from domain import deadlines
from domain.deadlines import (
    Period,
    TaxKind,
    ZusPayerDeadline,
    due_date,
    is_working_day,
    next_working_day,
    tax_due_date,
    zus_due_date,
)
from domain.errors import ValidationError

# Month of 2026 -> due date of the obligation for that month, shifts applied by hand.
ZUS_DAY_5 = {
    1: date(2026, 2, 5),
    2: date(2026, 3, 5),
    3: date(2026, 4, 7),  # 5 Apr Easter Sunday, 6 Apr Easter Monday
    4: date(2026, 5, 5),
    5: date(2026, 6, 5),
    6: date(2026, 7, 6),  # 5 Jul Sunday
    7: date(2026, 8, 5),
    8: date(2026, 9, 7),  # 5 Sep Saturday
    9: date(2026, 10, 5),
    10: date(2026, 11, 5),
    11: date(2026, 12, 7),  # 5 Dec Saturday
    12: date(2027, 1, 5),
}
ZUS_DAY_15 = {
    1: date(2026, 2, 16),  # 15 Feb Sunday
    2: date(2026, 3, 16),  # 15 Mar Sunday
    3: date(2026, 4, 15),
    4: date(2026, 5, 15),
    5: date(2026, 6, 15),
    6: date(2026, 7, 15),
    7: date(2026, 8, 17),  # 15 Aug holiday on a Saturday
    8: date(2026, 9, 15),
    9: date(2026, 10, 15),
    10: date(2026, 11, 16),  # 15 Nov Sunday
    11: date(2026, 12, 15),
    12: date(2027, 1, 15),
}
# The 20th serves ZUS for most payers and every income-tax advance (PIT, ryczałt, CIT, PIT-4R).
DAY_20 = {
    1: date(2026, 2, 20),
    2: date(2026, 3, 20),
    3: date(2026, 4, 20),
    4: date(2026, 5, 20),
    5: date(2026, 6, 22),  # 20 Jun Saturday
    6: date(2026, 7, 20),
    7: date(2026, 8, 20),
    8: date(2026, 9, 21),  # 20 Sep Sunday
    9: date(2026, 10, 20),
    10: date(2026, 11, 20),
    11: date(2026, 12, 21),  # 20 Dec Sunday
    12: date(2027, 1, 20),  # December advance in January, no annual-return replacement
}
VAT_MONTHLY = {
    1: date(2026, 2, 25),
    2: date(2026, 3, 25),
    3: date(2026, 4, 27),  # 25 Apr Saturday
    4: date(2026, 5, 25),
    5: date(2026, 6, 25),
    6: date(2026, 7, 27),  # 25 Jul Saturday
    7: date(2026, 8, 25),
    8: date(2026, 9, 25),
    9: date(2026, 10, 26),  # 25 Oct Sunday
    10: date(2026, 11, 25),
    11: date(2026, 12, 28),  # 25-26 Dec holidays, 27 Dec Sunday
    12: date(2027, 1, 25),
}
KARTA_MONTHLY = {
    1: date(2026, 2, 9),  # 7 Feb Saturday
    2: date(2026, 3, 9),  # 7 Mar Saturday
    3: date(2026, 4, 7),
    4: date(2026, 5, 7),
    5: date(2026, 6, 8),  # 7 Jun Sunday
    6: date(2026, 7, 7),
    7: date(2026, 8, 7),
    8: date(2026, 9, 7),
    9: date(2026, 10, 7),
    10: date(2026, 11, 9),  # 7 Nov Saturday
    11: date(2026, 12, 7),
    12: date(2026, 12, 28),  # December is paid within the tax year
}
VAT_QUARTERLY = {
    1: date(2026, 4, 27),
    2: date(2026, 7, 27),
    3: date(2026, 10, 26),
    4: date(2027, 1, 25),
}  # as published by wste.pl (DOMAIN.md 4.1)
ADVANCE_QUARTERLY = {
    1: date(2026, 4, 20),
    2: date(2026, 7, 20),
    3: date(2026, 10, 20),
    4: date(2027, 1, 20),
}

MONTHLY_TABLES = {
    TaxKind.VAT: VAT_MONTHLY,
    TaxKind.PIT_SKALA: DAY_20,
    TaxKind.PIT_LINIOWY: DAY_20,
    TaxKind.RYCZALT: DAY_20,
    TaxKind.CIT: DAY_20,
    TaxKind.PIT_4R: DAY_20,
    TaxKind.KARTA: KARTA_MONTHLY,
}
QUARTERLY_TABLES = {
    TaxKind.VAT: VAT_QUARTERLY,
    TaxKind.PIT_SKALA: ADVANCE_QUARTERLY,
    TaxKind.PIT_LINIOWY: ADVANCE_QUARTERLY,
    TaxKind.RYCZALT: ADVANCE_QUARTERLY,
    TaxKind.CIT: ADVANCE_QUARTERLY,
}
ZUS_TABLES = {
    ZusPayerDeadline.DAY_5: ZUS_DAY_5,
    ZusPayerDeadline.DAY_15: ZUS_DAY_15,
    ZusPayerDeadline.DAY_20: DAY_20,
}


def table_cases(tables: Mapping[Any, Mapping[int, date]]) -> list[tuple[Any, int, date]]:
    """Flatten {kind: {month or quarter: date}} into pytest parameters."""
    return [
        (key, month, expected) for key, table in tables.items() for month, expected in table.items()
    ]


@pytest.mark.parametrize(("kind", "month", "expected"), table_cases(MONTHLY_TABLES))
def test_monthly_tax_due_dates_2026(kind: TaxKind, month: int, expected: date) -> None:
    assert tax_due_date(kind, Period(2026, month=month)) == expected


@pytest.mark.parametrize(("kind", "quarter", "expected"), table_cases(QUARTERLY_TABLES))
def test_quarterly_tax_due_dates_2026(kind: TaxKind, quarter: int, expected: date) -> None:
    assert tax_due_date(kind, Period(2026, quarter=quarter)) == expected


@pytest.mark.parametrize(("payer", "month", "expected"), table_cases(ZUS_TABLES))
def test_zus_due_dates_2026(payer: ZusPayerDeadline, month: int, expected: date) -> None:
    assert zus_due_date(Period(2026, month=month), payer) == expected


def test_every_computed_deadline_is_a_working_day() -> None:
    for table in [*MONTHLY_TABLES.values(), *QUARTERLY_TABLES.values(), *ZUS_TABLES.values()]:
        for expected in table.values():
            assert is_working_day(expected), expected


# DOMAIN.md 4.2 "2026 computed shifts": unshifted date -> the date it moves to.
DOMAIN_LISTED_SHIFTS = [
    (date(2026, 4, 5), date(2026, 4, 7)),
    (date(2026, 7, 5), date(2026, 7, 6)),
    (date(2026, 9, 5), date(2026, 9, 7)),
    (date(2026, 12, 5), date(2026, 12, 7)),
    (date(2026, 2, 15), date(2026, 2, 16)),
    (date(2026, 3, 15), date(2026, 3, 16)),
    (date(2026, 8, 15), date(2026, 8, 17)),
    (date(2026, 11, 15), date(2026, 11, 16)),
    (date(2026, 6, 20), date(2026, 6, 22)),
    (date(2026, 9, 20), date(2026, 9, 21)),
    (date(2026, 12, 20), date(2026, 12, 21)),
    (date(2026, 1, 25), date(2026, 1, 26)),
    (date(2026, 4, 25), date(2026, 4, 27)),
    (date(2026, 7, 25), date(2026, 7, 27)),
    (date(2026, 10, 25), date(2026, 10, 26)),
    (date(2026, 12, 25), date(2026, 12, 28)),
    (date(2022, 2, 20), date(2022, 2, 21)),  # the ZUS example of DOMAIN.md 3.4
]


@pytest.mark.parametrize(("unshifted", "shifted"), DOMAIN_LISTED_SHIFTS)
def test_domain_listed_shifts(unshifted: date, shifted: date) -> None:
    assert next_working_day(unshifted) == shifted


def test_vat_for_december_2025_moves_to_26_january() -> None:
    assert tax_due_date(TaxKind.VAT, Period(2025, month=12)) == date(2026, 1, 26)


def test_zus_february_2022_example() -> None:
    assert zus_due_date(Period(2022, month=1), ZusPayerDeadline.DAY_20) == date(2022, 2, 21)


def test_working_day_is_returned_unchanged() -> None:
    assert next_working_day(date(2026, 10, 20)) == date(2026, 10, 20)


HOLIDAYS = [
    date(2026, 1, 1),  # New Year, Thursday
    date(2027, 1, 1),  # New Year, Friday
    date(2026, 1, 6),  # Epiphany
    date(2026, 4, 6),  # Easter Monday
    date(2027, 3, 29),  # Easter Monday
    date(2026, 5, 1),  # 1 May, Friday
    date(2027, 5, 3),  # 3 May, Monday (in 2026 it is a Sunday)
    date(2026, 6, 4),  # Corpus Christi
    date(2026, 11, 11),  # Independence Day, Wednesday
    date(2026, 12, 24),  # Christmas Eve, Thursday: holiday from 2025
    date(2025, 12, 24),
    date(2026, 12, 25),
]


@pytest.mark.parametrize("holiday", HOLIDAYS)
def test_public_holidays_are_not_working_days(holiday: date) -> None:
    assert holiday.weekday() < 5  # a weekday, so only the holiday rule can exclude it
    assert not is_working_day(holiday)


def test_weekends_are_not_working_days() -> None:
    assert not is_working_day(date(2026, 10, 24))  # Saturday
    assert not is_working_day(date(2026, 10, 25))  # Sunday
    assert is_working_day(date(2026, 10, 23))  # Friday


def test_christmas_eve_was_a_working_day_before_2025() -> None:
    assert is_working_day(date(2024, 12, 24))  # Tuesday
    assert next_working_day(date(2024, 12, 24)) == date(2024, 12, 24)


def test_christmas_eve_2026_moves_to_28_december() -> None:
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)


def test_christmas_eve_added_when_the_package_lacks_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def without_christmas_eve(country: str, years: int) -> dict[date, str]:
        return {date(years, 12, 25): "Boże Narodzenie"}

    monkeypatch.setattr(deadlines.holidays, "country_holidays", without_christmas_eve)
    deadlines.polish_holidays.cache_clear()
    try:
        assert not is_working_day(date(2026, 12, 24))
        assert is_working_day(date(2024, 12, 24))
    finally:
        deadlines.polish_holidays.cache_clear()


def test_installed_holidays_package_knows_christmas_eve() -> None:
    assert date(2026, 12, 24) in deadlines.holidays.country_holidays("PL", years=2026)


def test_karta_december_rule_shifts_from_sunday() -> None:
    # 28 December 2025 is a Sunday.
    assert tax_due_date(TaxKind.KARTA, Period(2025, month=12)) == date(2025, 12, 29)


def test_other_tax_needs_an_explicit_date() -> None:
    assert tax_due_date(TaxKind.INNY, Period(2026, month=10)) is None
    assert tax_due_date(TaxKind.INNY, Period(2026, quarter=3)) is None


@pytest.mark.parametrize("kind", [TaxKind.KARTA, TaxKind.PIT_4R])
def test_monthly_only_taxes_refuse_quarters(kind: TaxKind) -> None:
    with pytest.raises(ValidationError) as error:
        tax_due_date(kind, Period(2026, quarter=1))
    assert "period" in error.value.errors


def test_zus_refuses_quarters() -> None:
    with pytest.raises(ValidationError):
        zus_due_date(Period(2026, quarter=1), ZusPayerDeadline.DAY_20)


def test_due_date_prefers_the_explicit_date() -> None:
    explicit = date(2026, 10, 1)
    computed = date(2026, 10, 20)
    assert due_date(explicit, computed) == explicit
    assert due_date(None, computed) == computed
    assert due_date(explicit, None) == explicit
    assert due_date(None, None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10", Period(2026, month=10)),
        ("2026-01", Period(2026, month=1)),
        ("2026-Q3", Period(2026, quarter=3)),
        ("2026-q1", Period(2026, quarter=1)),
        (" 2026-12 ", Period(2026, month=12)),
    ],
)
def test_period_parse(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize("text", ["2026-10", "2026-01", "2026-Q3", "2026-Q4"])
def test_period_str_is_canonical(text: str) -> None:
    assert str(Period.parse(text)) == text


def test_period_is_quarter() -> None:
    assert Period.parse("2026-Q2").is_quarter
    assert not Period.parse("2026-06").is_quarter


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026",
        "2026-13",
        "2026-00",
        "2026-1",
        "26-10",
        "2026-Q0",
        "2026-Q5",
        "2026/10",
        "1999-01",
    ],
)
def test_period_parse_rejects_bad_input(text: str) -> None:
    with pytest.raises(ValidationError) as error:
        Period.parse(text)
    message = error.value.errors["period"]
    assert "okres" in message


@pytest.mark.parametrize(
    ("month", "quarter"),
    [(None, None), (1, 1), (13, None), (None, 5)],
)
def test_period_constructor_validates(month: int | None, quarter: int | None) -> None:
    with pytest.raises(ValidationError):
        Period(2026, month=month, quarter=quarter)
