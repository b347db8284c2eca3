"""Demo ZUS contributions, taxes and statements for every active demo company.

Twelve months of statements and six of ZUS and taxes. Months before the last one are sent to
clients (by the admin, a week after the period) and marked paid;
the last month waits for approval, so "Do zatwierdzenia" has work on a first start. The demo
client's two companies get their last month and the current one sent as well, so the client's
dashboard shows what to pay (one item overdue or due soon) on a first start. The demo client is
also a Wspólnik in one company: that company gets ZUS entries for him by name.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from domain.deadlines import TaxKind
from domain.entries.model import (
    EntryValues,
    Source,
    StatementValues,
    TaxSettlement,
    TaxValues,
    ZusSettlement,
    ZusValues,
    encode_values,
    period_year,
)
from persistence.models import Company
from persistence.models import Entry as EntryRow

MONTHS = 12
PAYMENT_MONTHS = 6
ADMIN_NAME = "Anna Administratorska"
INCOME_TAX = {
    "cit": TaxKind.CIT,
    "liniowy": TaxKind.PIT_LINIOWY,
    "skala": TaxKind.PIT_SKALA,
    "ryczalt": TaxKind.RYCZALT,
    "karta": TaxKind.KARTA,
}
CENT = Decimal("0.01")


def _months(now: datetime) -> list[tuple[int, int]]:
    """The last ``MONTHS`` complete months, oldest first."""
    year, month = now.year, now.month
    result = []
    for _ in range(MONTHS):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        result.append((year, month))
    return list(reversed(result))


def _zus(period: str, seed: int, person: str = "") -> ZusValues:
    social = Decimal(1600 + seed * 7).quantize(CENT)
    health = Decimal("432.54") + seed
    labour_fund = Decimal("113.65")
    return ZusValues(
        period=period,
        settlement=ZusSettlement.D,
        person=person,
        social=social,
        health=health,
        labour_fund=labour_fund,
        total=social + health + labour_fund,
    )


def _values(company: Company, index: int, year: int, month: int) -> list[EntryValues]:
    period = f"{year}-{month:02d}"
    seed = index * 13 + month
    revenue = Decimal(18000 + seed * 211).quantize(CENT)
    costs = Decimal(9000 + seed * 173).quantize(CENT)
    values: list[EntryValues] = [_zus(period, seed)]
    values.append(
        TaxValues(
            INCOME_TAX[company.tax_form],
            period,
            TaxSettlement.Z if company.tax_form != "karta" else TaxSettlement.D,
            ((revenue - costs) * Decimal("0.12")).quantize(CENT),
        )
    )
    if company.vat_period == "monthly":
        vat = (revenue * Decimal("0.23") - costs * Decimal("0.2")).quantize(CENT)
        values.append(TaxValues(TaxKind.VAT, period, TaxSettlement.D, vat))
    elif company.vat_period == "quarterly" and month % 3 == 0:
        vat = (revenue * Decimal("0.6") - costs * Decimal("0.5")).quantize(CENT)
        values.append(TaxValues(TaxKind.VAT, f"{year}-Q{month // 3}", TaxSettlement.D, vat))
    values.append(StatementValues(period, revenue, costs))
    return values


def _row(
    company: Company,
    values: EntryValues,
    sent_at: datetime | None,
    manual: bool,
    paid: bool = False,
) -> EntryRow:
    text = encode_values(values)
    paid_at = sent_at + timedelta(days=4) if sent_at and paid else None
    return EntryRow(
        company_id=company.id,
        office_id=company.office_id,  # type: ignore[attr-defined]
        data_type=values.data_type.value,
        natural_key=values.natural_key(),
        period=values.period,
        year=period_year(values.period),
        values_json=text,
        sent_json=text if sent_at else None,
        waiting=sent_at is None,
        source=(Source.MANUAL if manual else Source.SYNC).value,
        batch_ref=None if manual else "demo",
        sent_at=sent_at,
        sent_by_name=ADMIN_NAME if sent_at else "",
        paid_on=paid_at.date() if paid_at else None,
        paid_marked_at=paid_at,
        paid_by_name="Klient (demo)" if paid_at else "",
    )


async def create_demo_entries(
    companies: list[Company], now: datetime, partner: tuple[int, str], client_indexes: set[int]
) -> None:
    """Entries for every active company; ``partner`` = (company index, Wspólnik's name);
    ``client_indexes``: the demo client's companies (their latest months are sent)."""
    months = _months(now)
    rows: list[EntryRow] = []
    for index, company in enumerate(companies):
        if not company.active:
            continue
        client = index in client_indexes
        periods = months + ([(now.year, now.month)] if client else [])
        for position, (year, month) in enumerate(periods):
            rows += _month_rows(
                company, index, (year, month), position, len(months), client, partner
            )
    await EntryRow.bulk_create(rows)


def _month_rows(
    company: Company,
    index: int,
    when: tuple[int, int],
    position: int,
    count: int,
    client: bool,
    partner: tuple[int, str],
) -> list[EntryRow]:
    year, month = when
    last = count - 1
    waiting = position == last and not client
    sent_at = None if waiting else datetime(year, month, 28, 9, tzinfo=UTC) + timedelta(days=7)
    paid = position < last
    values = _values(company, index, year, month)
    if index == partner[0]:
        values.append(_zus(f"{year}-{month:02d}", index + month, partner[1]))
    if position < count - PAYMENT_MONTHS:
        values = [v for v in values if isinstance(v, StatementValues)]
    manual = index % 7 == 3
    return [_row(company, v, sent_at, manual, paid) for v in values]
