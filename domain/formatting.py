"""Polish presentation of numbers, money and dates: ``1 234,56 zł``, ``27.11.2026``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from domain.clock import WARSAW

NBSP = "\u00a0"
LOCALES = {"pl": "pl_PL", "en": "en_GB"}


def format_amount(value: Decimal, language: str = "pl") -> str:
    """``1 234,56`` with a non-breaking space between thousands (Polish style)."""
    text = format_decimal(value, format="#,##0.00", locale=LOCALES.get(language, "pl_PL"))
    return text.replace("\u202f", NBSP)


def format_money(value: Decimal, language: str = "pl") -> str:
    return f"{format_amount(value, language)}{NBSP}zł"


def format_day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def format_moment(value: datetime) -> str:
    """A stored (UTC) moment shown in Warsaw time."""
    return value.astimezone(WARSAW).strftime("%d.%m.%Y %H:%M")


def format_month(year: int, month: int, language: str = "pl") -> str:
    """``listopad 2026`` (nominative, as in a heading)."""
    locale = LOCALES.get(language, "pl_PL")
    name = babel_format_date(date(year, month, 1), format="LLLL", locale=locale)
    return f"{name} {year}"


def relative_days(due: date, today: date) -> str:
    """``za 3 dni``, ``dziś``, ``po terminie 2 dni``."""
    days = (due - today).days
    if days == 0:
        return "dziś"
    if days == 1:
        return "jutro"
    if days > 1:
        return f"za {days} dni"
    late = -days
    return f"po terminie {late} {'dzień' if late == 1 else 'dni'}"
