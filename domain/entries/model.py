"""Accounting entries: ZUS contributions, taxes and monthly statements, as plain values.

An entry is stored once per natural key (company, type, key), with the values the office holds
now and, separately, the values last *sent* to the client. Clients only ever see the sent
values; an entry whose current values differ from the sent ones waits for approval.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from domain.deadlines import TaxKind
from domain.entries.approval import DataType


class Source(StrEnum):
    MANUAL = "manual"  # typed by hand in the office panel
    SYNC = "sync"  # pushed through the sync API


class ZusSettlement(StrEnum):
    D = "D"  # deklaracja
    K = "K"  # korekta


class TaxSettlement(StrEnum):
    D = "D"  # deklaracja
    K = "K"  # korekta
    Z = "Z"  # zaliczka
    P = "P"  # prognoza
    I = "I"  # noqa: E741 - inne; the code is the letter I


ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ZusValues:
    period: str
    settlement: ZusSettlement
    person: str  # "" for the owner, else the partner's name as the program writes it
    social: Decimal
    health: Decimal
    labour_fund: Decimal  # Fundusz Pracy and Fundusz Solidarnościowy
    total: Decimal
    pesel: str = ""
    pension: Decimal | None = None  # emerytalne
    disability: Decimal | None = None  # rentowe
    sickness: Decimal | None = None  # chorobowe
    accident: Decimal | None = None  # wypadkowe
    fgsp: Decimal | None = None
    due_date: date | None = None  # explicit; overrides the computed one

    data_type = DataType.ZUS

    def natural_key(self) -> str:
        return f"{self.period}|{self.settlement}|{' '.join(self.person.split()).casefold()}"

    @property
    def amount(self) -> Decimal:
        return self.total


@dataclass(frozen=True)
class TaxValues:
    kind: TaxKind
    period: str
    settlement: TaxSettlement
    amount: Decimal
    due_date: date | None = None

    data_type = DataType.TAXES

    def natural_key(self) -> str:
        return f"{self.kind}|{self.period}|{self.settlement}"


@dataclass(frozen=True)
class StatementValues:
    period: str
    revenue: Decimal
    costs: Decimal
    comment: str = ""

    data_type = DataType.STATEMENTS

    def natural_key(self) -> str:
        return self.period

    @property
    def result(self) -> Decimal:
        return self.revenue - self.costs

    @property
    def amount(self) -> Decimal:
        return self.result


EntryValues = ZusValues | TaxValues | StatementValues
VALUE_TYPES: dict[DataType, type[ZusValues] | type[TaxValues] | type[StatementValues]] = {
    DataType.ZUS: ZusValues,
    DataType.TAXES: TaxValues,
    DataType.STATEMENTS: StatementValues,
}
_DECIMAL_FIELDS = {
    "social",
    "health",
    "labour_fund",
    "total",
    "pension",
    "disability",
    "sickness",
    "accident",
    "fgsp",
    "amount",
    "revenue",
    "costs",
}


# Field names in the order the canonical JSON lists them (sorted), per value type.
_ENCODED_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(sorted(field.name for field in fields(cls))) for cls in VALUE_TYPES.values()
}
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def encode_values(values: EntryValues) -> str:
    """Canonical JSON of the values: equal values give equal text (how "unchanged" is decided).

    Every field but the None ones, keys sorted, amounts and dates as text, no spaces, UTF-8 as
    is. (The sync fast path in domain.entries.parsing writes the same text directly.)
    """
    names = _ENCODED_FIELDS.get(type(values))
    if names is None:
        names = tuple(sorted(field.name for field in fields(values)))
    plain: dict[str, Any] = {}
    for name in names:
        value = getattr(values, name)
        if value is None:
            continue
        plain[name] = str(value) if isinstance(value, Decimal | date) else value
    return _CANONICAL.encode(plain)


def decode_values(data_type: DataType, text: str) -> EntryValues:
    cls = VALUE_TYPES[data_type]
    raw: dict[str, Any] = json.loads(text)
    known = {field.name for field in fields(cls)}
    kwargs: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in known:
            continue
        if name in _DECIMAL_FIELDS:
            kwargs[name] = Decimal(value)
        elif name == "due_date":
            kwargs[name] = date.fromisoformat(value)
        else:
            kwargs[name] = value
    if "settlement" in kwargs:
        kwargs["settlement"] = (
            ZusSettlement(kwargs["settlement"])
            if cls is ZusValues
            else TaxSettlement(kwargs["settlement"])
        )
    if "kind" in kwargs:
        kwargs["kind"] = TaxKind(kwargs["kind"])
    return cls(**kwargs)


def period_year(period: str) -> int:
    return int(period[:4])


@dataclass(frozen=True)
class Sending:
    """When and by whom an entry's values were sent to the client."""

    at: datetime
    by_name: str  # "" when sent automatically by an approval rule
    by_staff_id: int | None = None

    @property
    def automatic(self) -> bool:
        return self.by_staff_id is None


@dataclass(frozen=True)
class PaidMark:
    """A client's "Oznacz jako zapłacone": the day paid, when and by whom it was marked."""

    paid_on: date
    marked_at: datetime
    by_name: str


@dataclass(frozen=True)
class Entry:
    """One stored entry: its current values and what the client was last sent."""

    id: int
    company_id: int
    data_type: DataType
    values: EntryValues
    sent_values: EntryValues | None
    source: Source
    sending: Sending | None
    batch_id: str | None = None  # the agent's batch id for synced entries
    updated_at: datetime | None = None
    paid: PaidMark | None = None  # the client marked it paid

    @property
    def waiting(self) -> bool:
        """Not sent yet, or changed since it was sent."""
        return self.sent_values != self.values

    @property
    def period(self) -> str:
        return self.values.period

    @property
    def hand_typed(self) -> bool:
        return self.source is Source.MANUAL


@dataclass(frozen=True)
class StoredEntry:
    """What ingestion needs to compare a synced record with the stored one."""

    id: int
    values_json: str
    sent_json: str | None
