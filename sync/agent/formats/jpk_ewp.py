"""JPK_EWP (ewidencja przychodów, ryczałt), versions 2, 3 and 4, as monthly statements.

Rows (``EWPWiersz``) are grouped by the month of ``K_3`` (date the revenue was earned); one
``statements`` entry per month of the file's period (``DataOd`` .. ``DataDo``) with revenue =
the row's total revenue column and costs 0 (a ryczałt taxpayer records no costs):

- version 2 (2021): ``K_12`` "ogółem przychody" (``K_5``..``K_11`` are the rates);
- version 3 (2022-2025): ``K_14`` (``K_5``..``K_13`` are the rates);
- version 4 (2026): ``K_8`` "kwota przychodu" (the rate is a separate column ``K_9``).

``EWPCtrl/LiczbaWierszy`` and ``SumaPrzychodow`` are checked against the rows.
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

# namespace -> (version, column with the row's total revenue)
NAMESPACES: dict[str, tuple[int, str]] = {
    "http://jpk.mf.gov.pl/wzor/2021/01/25/01251/": (2, "K_12"),
    "http://jpk.mf.gov.pl/wzor/2022/02/01/02011/": (3, "K_14"),
    "http://jpk.mf.gov.pl/wzor/2024/10/30/10301/": (4, "K_8"),
}
FAMILY = ("JPK_EWP",)
ZERO = Decimal("0.00")


def format_name(namespace: str) -> str:
    return f"JPK_EWP ({NAMESPACES[namespace][0]})"


def parse(root: etree._Element, namespace: str) -> Extract:
    _version, total_column = NAMESPACES[namespace]
    header = find(root, "Naglowek")
    start = parse_iso_date(require_text(header, "DataOd"), "DataOd")
    end = parse_iso_date(require_text(header, "DataDo"), "DataDo")
    nip, name = identity_from_subject(find(root, "Podmiot1"))

    revenue: dict[str, Decimal] = defaultdict(lambda: ZERO)
    total = ZERO
    rows = list(children(root, "EWPWiersz"))
    for position, row in enumerate(rows, start=1):
        line = text(row, "K_1") or str(position)
        earned = text(row, "K_3") or text(row, "K_2")
        month = month_of(parse_iso_date(earned, f"wiersz {line} K_3"))
        amount = xml_amount(require_text(row, total_column), f"wiersz {line} {total_column}")
        revenue[month] += amount
        total += amount

    control = find(root, "EWPCtrl")
    count = text(control, "LiczbaWierszy")
    if count is not None and count != str(len(rows)):
        raise ParseError(f"suma kontrolna LiczbaWierszy = {count}, a plik ma {len(rows)} wierszy")
    declared = text(control, "SumaPrzychodow")
    check_control(
        total,
        None if declared is None else xml_amount(declared, "SumaPrzychodow"),
        "SumaPrzychodow",
    )

    extract = Extract(format_name=format_name(namespace), program=text(header, "NazwaSystemu"))
    extract.add_company(nip, name)
    for month in sorted(set(months_between(start, end)) | set(revenue)):
        extract.statements.append(
            build(
                StatementRecord,
                f"miesiąc {month}",
                company=CompanyRef(nip=nip),
                period=month,
                revenue=revenue[month],
                costs=ZERO,
            )
        )
    return extract
