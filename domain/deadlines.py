"""Payment deadlines for taxes and ZUS contributions, moved past weekends and Polish holidays.

Rules follow DOMAIN.md sections 3.4 (ZUS) and 4 (taxes, holidays). Every deadline that falls on
a Saturday, a Sunday or a statutory public holiday moves to the next working day (Ordynacja
podatkowa art. 12 § 5 for taxes; the same practice for ZUS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum
from functools import lru_cache

import holidays

from domain.errors import ValidationError

PERIOD_FIELD = "period"
INVALID_PERIOD = (
    "Nieprawidłowy okres. Użyj formatu RRRR-MM (np. 2026-10) albo RRRR-Qn (np. 2026-Q3)."
)
MONTHLY_ONLY = "Ten rodzaj płatności rozlicza się wyłącznie miesięcznie."

# Two-digit years in transfer titles (26M10) stay unambiguous only within one century.
FIRST_YEAR = 2000
LAST_YEAR = 2099

# 24 December became a statutory public holiday from 2025 (DOMAIN.md 4.3).
CHRISTMAS_EVE_HOLIDAY_FROM = 2025

MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
QUARTER_PATTERN = re.compile(r"(\d{4})-Q(\d)", re.IGNORECASE | re.ASCII)

VAT_DAY = 25
ADVANCE_DAY = 20
KARTA_DAY = 7
# Karta podatkowa for December is due within the tax year (DOMAIN.md 4.1 note, UNCONFIRMED):
# the commonly cited 28 December wins over wste.pl's 31 December, as paying earlier is never late.
KARTA_DECEMBER_DAY = 28
DECEMBER = 12


class TaxKind(StrEnum):
    """A tax obligation Biurko tracks; INNY needs an explicit due date."""

    VAT = "vat"
    PIT_SKALA = "pit_skala"
    PIT_LINIOWY = "pit_liniowy"
    RYCZALT = "ryczalt"
    CIT = "cit"
    PIT_4R = "pit_4r"
    KARTA = "karta"
    INNY = "inny"


class ZusPayerDeadline(IntEnum):
    """Day of the following month on which a payer's ZUS contributions are due (DOMAIN.md 3.4)."""

    DAY_5 = 5  # state budget units and local-government budget establishments
    DAY_15 = 15  # payers with legal personality (sp. z o.o., S.A., foundations, ...)
    DAY_20 = 20  # everyone else: sole traders, partnerships, civil partnerships


@dataclass(frozen=True)
class Period:
    """A settlement period: one month or one quarter of a year."""

    year: int
    month: int | None = None
    quarter: int | None = None

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValidationError.single(PERIOD_FIELD, INVALID_PERIOD)
        if (self.month is None) == (self.quarter is None):
            raise ValidationError.single(PERIOD_FIELD, INVALID_PERIOD)
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValidationError.single(PERIOD_FIELD, INVALID_PERIOD)
        if self.quarter is not None and not 1 <= self.quarter <= 4:
            raise ValidationError.single(PERIOD_FIELD, INVALID_PERIOD)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2026-10`` (a month) or ``2026-Q3`` (a quarter)."""
        cleaned = text.strip()
        if match := MONTH_PATTERN.fullmatch(cleaned):
            return cls(year=int(match[1]), month=int(match[2]))
        if match := QUARTER_PATTERN.fullmatch(cleaned):
            return cls(year=int(match[1]), quarter=int(match[2]))
        raise ValidationError.single(PERIOD_FIELD, INVALID_PERIOD)

    @property
    def is_quarter(self) -> bool:
        return self.quarter is not None

    @property
    def last_month(self) -> int:
        """The calendar month the period ends with (March for Q1)."""
        if self.quarter is not None:
            return self.quarter * 3
        assert self.month is not None  # guaranteed by __post_init__
        return self.month

    def __str__(self) -> str:
        if self.quarter is not None:
            return f"{self.year}-Q{self.quarter}"
        return f"{self.year}-{self.month:02d}"


@lru_cache(maxsize=64)
def polish_holidays(year: int) -> frozenset[date]:
    """Statutory public holidays of one year, 24 December included from 2025."""
    # country_holidays("PL") builds holidays.Poland; unlike the class it is typed for mypy.
    days = set(holidays.country_holidays("PL", years=year).keys())
    # Older versions of the holidays package predate the 2025 amendment.
    if year >= CHRISTMAS_EVE_HOLIDAY_FROM:
        days.add(date(year, 12, 24))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """Not a Saturday, not a Sunday and not a Polish public holiday."""
    return day.weekday() < 5 and day not in polish_holidays(day.year)


def next_working_day(day: date) -> date:
    """The day itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _day_after_period(period: Period, day: int) -> date:
    """The given day of the month that follows the end of the period, not yet shifted."""
    if period.last_month == DECEMBER:
        return date(period.year + 1, 1, day)
    return date(period.year, period.last_month + 1, day)


def _require_monthly(period: Period) -> None:
    if period.is_quarter:
        raise ValidationError.single(PERIOD_FIELD, MONTHLY_ONLY)


def zus_due_date(period: Period, payer: ZusPayerDeadline) -> date:
    """Contributions for month M are due on the payer's day of month M+1 (DOMAIN.md 3.4)."""
    _require_monthly(period)
    return next_working_day(_day_after_period(period, int(payer)))


def _karta_due_date(period: Period) -> date:
    _require_monthly(period)
    if period.month == DECEMBER:
        return next_working_day(date(period.year, DECEMBER, KARTA_DECEMBER_DAY))
    return next_working_day(_day_after_period(period, KARTA_DAY))


def tax_due_date(kind: TaxKind, period: Period) -> date | None:
    """When a tax for the period must be paid (DOMAIN.md 4.1); None when it needs a set date.

    December and the fourth quarter follow the ordinary rule into January of the next year:
    DOMAIN.md names no annual settlement that replaces those advances.
    """
    match kind:
        case TaxKind.INNY:
            return None
        case TaxKind.KARTA:
            return _karta_due_date(period)
        case TaxKind.VAT:
            return next_working_day(_day_after_period(period, VAT_DAY))
        case TaxKind.PIT_4R:
            _require_monthly(period)
            return next_working_day(_day_after_period(period, ADVANCE_DAY))
        case TaxKind.PIT_SKALA | TaxKind.PIT_LINIOWY | TaxKind.RYCZALT | TaxKind.CIT:
            return next_working_day(_day_after_period(period, ADVANCE_DAY))


def due_date(explicit: date | None, computed: date | None) -> date | None:
    """A date the office typed in wins over the computed one."""
    return explicit if explicit is not None else computed
