"""Turning what a person typed, or what the sync API delivered, into entry values.

One set of rules for both doors: field-level ``ValidationError`` messages in Polish, keyed by
the field names the office forms and the sync API share (``period``, ``social``, ...).

Large sync batches go through the fast path in ``domain.entries.parsing_fast`` first.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from domain.deadlines import Period, TaxKind
from domain.entries.model import (
    StatementValues,
    TaxSettlement,
    TaxValues,
    ZusSettlement,
    ZusValues,
)
from domain.errors import ValidationError
from domain.identifiers import normalize_pesel

MAX_INTEGER_DIGITS = 8
E = TypeVar("E", ZusSettlement, TaxSettlement, TaxKind)
LIMIT = Decimal(10) ** MAX_INTEGER_DIGITS
CENT = Decimal("0.01")
ZUS_SPLIT = ("pension", "disability", "sickness", "accident")

REQUIRED = "To pole jest wymagane."
BAD_AMOUNT = "Podaj kwotę, np. 1234,56."
TOO_MANY_DECIMALS = "Kwota może mieć najwyżej 2 miejsca po przecinku."
TOO_LARGE = "Kwota może mieć najwyżej 8 cyfr przed przecinkiem."
NEGATIVE = "Kwota nie może być ujemna."
BAD_DATE = "Podaj datę w formacie RRRR-MM-DD."
MONTH_ONLY = "Podaj miesiąc w formacie RRRR-MM (np. 2026-10)."
BAD_CHOICE = "Wybierz jedną z wartości z listy."
TOTAL_TOO_SMALL = "Razem nie może być mniej niż suma składek społecznych, zdrowotnej i funduszy."
SPLIT_MISMATCH = (
    "Składki emerytalna, rentowa, chorobowa i wypadkowa muszą sumować się do społecznych."
)


class _Fields:
    """Collects field errors so a form shows all of them at once."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.errors: dict[str, str] = {}

    def text(self, name: str, default: str = "") -> str:
        value = self.raw.get(name)
        return default if value is None else " ".join(str(value).split())

    def money(self, name: str, *, required: bool = True, negative: bool = False) -> Decimal | None:
        value = self.raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.errors[name] = REQUIRED
            return None
        try:
            return parse_amount(value, negative=negative)
        except ValueError as error:
            self.errors[name] = str(error)
            return None

    def day(self, name: str) -> date | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.errors[name] = BAD_DATE
            return None

    def period(self, name: str = "period", *, quarters: bool) -> str:
        text = self.text(name)
        if not text:
            self.errors[name] = REQUIRED
            return ""
        try:
            period = Period.parse(text)
        except ValidationError as error:
            self.errors[name] = error.errors.get("period", str(error))
            return ""
        if period.is_quarter and not quarters:
            self.errors[name] = MONTH_ONLY
            return ""
        return str(period)

    def choice(self, name: str, enum: type[E], default: E | None = None) -> E | None:
        value = self.raw.get(name)
        if value is None or value == "":
            if default is None:
                self.errors[name] = REQUIRED
            return default
        try:
            return enum(str(value).strip())
        except ValueError:
            self.errors[name] = BAD_CHOICE
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def parse_amount(value: object, *, negative: bool = False) -> Decimal:
    """A money amount: Decimal, at most 8 integer digits and 2 decimals ("1 234,56" is fine)."""
    if isinstance(value, bool | float):
        raise ValueError(BAD_AMOUNT)  # floats lose grosze: never accepted
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(BAD_AMOUNT) from error
    if not amount.is_finite():
        raise ValueError(BAD_AMOUNT)
    # The size first: quantizing a huge exponent ("1e400") raises instead of answering.
    if abs(amount) >= LIMIT:
        raise ValueError(TOO_LARGE)
    if amount != amount.quantize(CENT):
        raise ValueError(TOO_MANY_DECIMALS)
    if amount < 0 and not negative:
        raise ValueError(NEGATIVE)
    return amount.quantize(CENT)


def parse_zus(raw: Mapping[str, Any]) -> ZusValues:
    fields = _Fields(raw)
    period = fields.period(quarters=False)
    settlement = fields.choice("settlement", ZusSettlement, ZusSettlement.D)
    pesel = fields.text("pesel")
    if pesel:
        try:
            pesel = normalize_pesel(pesel)
        except ValidationError as error:
            fields.errors["pesel"] = next(iter(error.errors.values()), str(error))
    social = fields.money("social")
    health = fields.money("health")
    labour_fund = fields.money("labour_fund", required=False) or Decimal("0.00")
    fgsp = fields.money("fgsp", required=False)
    total = fields.money("total")
    split = {name: fields.money(name, required=False) for name in ZUS_SPLIT}
    due = fields.day("due_date")
    fields.raise_if_any()
    assert social is not None and health is not None and total is not None
    parts = [value for value in split.values() if value is not None]
    if parts and sum(parts, Decimal("0.00")) != social:
        fields.errors["social"] = SPLIT_MISMATCH
    if total < social + health + labour_fund + (fgsp or Decimal("0.00")):
        fields.errors["total"] = TOTAL_TOO_SMALL
    fields.raise_if_any()
    return ZusValues(
        period=period,
        settlement=settlement or ZusSettlement.D,
        person=fields.text("person")[:200],
        pesel=pesel,
        social=social,
        health=health,
        labour_fund=labour_fund,
        total=total,
        fgsp=fgsp,
        due_date=due,
        **split,
    )


def parse_tax(raw: Mapping[str, Any]) -> TaxValues:
    fields = _Fields(raw)
    kind = fields.choice("kind", TaxKind)
    period = fields.period(quarters=True)
    settlement = fields.choice("settlement", TaxSettlement, TaxSettlement.D)
    amount = fields.money("amount")
    due = fields.day("due_date")
    if kind is TaxKind.INNY and due is None and "due_date" not in fields.errors:
        fields.errors["due_date"] = "Dla podatku „inny” podaj termin płatności."
    if kind in (TaxKind.PIT_4R, TaxKind.KARTA) and period and "Q" in period:
        fields.errors["period"] = MONTH_ONLY
    fields.raise_if_any()
    assert kind is not None and settlement is not None and amount is not None
    return TaxValues(kind=kind, period=period, settlement=settlement, amount=amount, due_date=due)


def parse_statement(raw: Mapping[str, Any]) -> StatementValues:
    fields = _Fields(raw)
    period = fields.period(quarters=False)
    revenue = fields.money("revenue")
    costs = fields.money("costs")
    comment = str(raw.get("comment") or "").strip()
    if len(comment) > 2000:
        fields.errors["comment"] = "Komentarz może mieć najwyżej 2000 znaków."
    fields.raise_if_any()
    assert revenue is not None and costs is not None
    return StatementValues(period=period, revenue=revenue, costs=costs, comment=comment)
