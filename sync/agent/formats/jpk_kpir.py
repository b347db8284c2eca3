"""JPK_PKPIR (podatkowa księga przychodów i rozchodów), versions 2 and 3, as monthly statements.

The book's rows (``PKPIRWiersz``) are grouped by the month of the event date ``K_2``; one
``statements`` entry per month of the file's period (``Naglowek/DataOd`` .. ``DataDo``), months
without rows included with zeros:

- revenue = column 9 "razem przychód" (``K_9``; ``K_7 + K_8`` when a row leaves ``K_9`` out)
  plus ``K_9A`` (farmers' revenue, version 3 only; the brochure says it is no longer filled);
- costs = column 10 + 11 + 14: ``K_10`` (goods and materials) + ``K_11`` (incidental purchase
  costs) + ``K_14`` "razem wydatki" (``K_12 + K_13`` when ``K_14`` is left out) plus ``K_14A``
  (farmers, version 3). Column 15 (``K_15``, "pole wolne") and the R&D columns 16 are not
  costs of the month and are left out, as in the book's own monthly summary.

``PKPIRInfo`` holds the year's inventory and income figures (``P_1``..``P_4``); they are annual,
not monthly, and are not sent. The control sums ``PKPIRCtrl/LiczbaWierszy`` and
``SumaPrzychodow`` are checked against the rows.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from lxml import etree

from sync.schemas import CompanyRef, StatementRecord

from .base import (
    Extract,
    ParseError,
    build,
    check_control,
    children,
    find,
    identity_from_subject,
    month_of,
    months_between,
    parse_iso_date,
    require_text,
    text,
    xml_amount,
)

NAMESPACES: dict[str, int] = {
    "http://jpk.mf.gov.pl/wzor/2016/10/26/10262/": 2,
    "http://jpk.mf.gov.pl/wzor/2024/10/30/10302/": 3,
}
FAMILY = ("JPK_PKPIR",)
ZERO = Decimal("0.00")


def format_name(namespace: str) -> str:
    return f"JPK_PKPIR ({NAMESPACES[namespace]})"


def _amount(row: etree._Element, column: str, line: str) -> Decimal | None:
    raw = text(row, column)
    return None if raw is None else xml_amount(raw, f"wiersz {line} {column}")


def _value(row: etree._Element, column: str, line: str) -> Decimal:
    return _amount(row, column, line) or ZERO


def parse(root: etree._Element, namespace: str) -> Extract:
    header = find(root, "Naglowek")
    start = parse_iso_date(require_text(header, "DataOd"), "DataOd")
    end = parse_iso_date(require_text(header, "DataDo"), "DataDo")
    nip, name = identity_from_subject(find(root, "Podmiot1"))

    revenue: dict[str, Decimal] = defaultdict(lambda: ZERO)
    costs: dict[str, Decimal] = defaultdict(lambda: ZERO)
    column9_total = ZERO
    column9a_total = ZERO
    rows = list(children(root, "PKPIRWiersz"))
    for position, row in enumerate(rows, start=1):
        line = text(row, "K_1") or str(position)
        month = month_of(parse_iso_date(text(row, "K_2"), f"wiersz {line} K_2"))
        column9 = _amount(row, "K_9", line)
        if column9 is None:
            column9 = _value(row, "K_7", line) + _value(row, "K_8", line)
        column14 = _amount(row, "K_14", line)
        if column14 is None:
            column14 = _value(row, "K_12", line) + _value(row, "K_13", line)
        farmers_revenue = _value(row, "K_9A", line)
        column9_total += column9
        column9a_total += farmers_revenue
        revenue[month] += column9 + farmers_revenue
        costs[month] += (
            _value(row, "K_10", line)
            + _value(row, "K_11", line)
            + column14
            + _value(row, "K_14A", line)
        )

    control = find(root, "PKPIRCtrl")
    count = text(control, "LiczbaWierszy")
    if count is not None and count != str(len(rows)):
        raise ParseError(f"suma kontrolna LiczbaWierszy = {count}, a plik ma {len(rows)} wierszy")
    declared = text(control, "SumaPrzychodow")
    check_control(
        column9_total,
        None if declared is None else xml_amount(declared, "SumaPrzychodow"),
        "SumaPrzychodow",
    )
    declared2 = text(control, "SumaPrzychodow2")
    check_control(
        column9a_total,
        None if declared2 is None else xml_amount(declared2, "SumaPrzychodow2"),
        "SumaPrzychodow2",
    )

    extract = Extract(format_name=format_name(namespace), program=text(header, "NazwaSystemu"))
    extract.add_company(nip, name)
    months = sorted(set(months_between(start, end)) | set(revenue) | set(costs))
    for month in months:
        extract.statements.append(
            build(
                StatementRecord,
                f"miesiąc {month}",
                company=CompanyRef(nip=nip),
                period=month,
                revenue=revenue[month],
                costs=costs[month],
            )
        )
    return extract
