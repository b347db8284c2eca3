"""What an office pays: a base fee for every company active more than 24 hours in a month.

Months are calendar months in Europe/Warsaw. Durations are real elapsed time, computed in UTC,
so a March counts 743 hours and an October 745. A company's history is the list of its active
periods; suspending or deleting a company ends the last period.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")
BILLABLE_AFTER_SECONDS = 24 * 3600
SECONDS_PER_HOUR = 3600
CSV_HEADER = ("Firma", "Godziny aktywności", "Płatna", "Opłata netto")
CSV_TOTAL_LABEL = "Razem"

_GROSZ = Decimal("0.01")
_ONE_SECOND = timedelta(seconds=1)
# Polish alphabet order: each letter with a diacritic comes right after its base letter.
_POLISH_LETTER_ORDER = {
    "ą": ("a", 1),
    "ć": ("c", 1),
    "ę": ("e", 1),
    "ł": ("l", 1),
    "ń": ("n", 1),
    "ó": ("o", 1),
    "ś": ("s", 1),
    "ź": ("z", 1),
    "ż": ("z", 2),
}
# A cell starting with one of these runs as a formula when the file is opened in a spreadsheet.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ActiveInterval:
    """One period in which a company was active (aware datetimes); ``end`` None: still active."""

    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class BillingLine:
    """One company on a month's bill."""

    company_id: int
    company_name: str
    active_hours: Decimal
    billable: bool


@dataclass(frozen=True)
class MonthBill:
    """The bill of one month; ``so_far`` marks the current month, which is still growing."""

    year: int
    month: int
    lines: tuple[BillingLine, ...]
    billable_count: int
    fee: Decimal
    total: Decimal
    so_far: bool


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """Return the first instant of the Warsaw month and of the next one, both in UTC."""
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    start = datetime(year, month, 1, tzinfo=WARSAW)
    end = datetime(next_year, next_month, 1, tzinfo=WARSAW)
    return start.astimezone(UTC), end.astimezone(UTC)


def _as_utc(moment: datetime) -> datetime:
    # Subtracting two datetimes in the same zone ignores DST shifts; UTC does not.
    if moment.utcoffset() is None:
        raise ValueError(f"Billing needs timezone-aware datetimes, got {moment!r}.")
    return moment.astimezone(UTC)


def _spans_in_window(
    intervals: Iterable[ActiveInterval], window_start: datetime, window_end: datetime
) -> list[tuple[datetime, datetime]]:
    """Cut every interval to the window (open ones end at the window end); drop empty ones."""
    spans = []
    for interval in intervals:
        start = max(_as_utc(interval.start), window_start)
        end = window_end if interval.end is None else min(_as_utc(interval.end), window_end)
        if start < end:
            spans.append((start, end))
    return spans


def _covered_time(spans: Iterable[tuple[datetime, datetime]]) -> timedelta:
    """Total time covered by the spans, counting overlapping parts once."""
    total = timedelta(0)
    covered_until: datetime | None = None
    for start, end in sorted(spans):
        if covered_until is not None:
            start = max(start, covered_until)
        if start < end:
            total += end - start
            covered_until = end
    return total


def active_seconds_in_month(
    intervals: Iterable[ActiveInterval], year: int, month: int, now: datetime
) -> int:
    """Seconds the company was active in the Warsaw month, up to ``now`` (whole seconds)."""
    month_start, month_end = month_bounds(year, month)
    # Time after now has not happened yet, whatever an interval's end says.
    window_end = min(month_end, _as_utc(now))
    spans = _spans_in_window(intervals, month_start, window_end)
    return _covered_time(spans) // _ONE_SECOND


def is_billable(seconds: int) -> bool:
    """A company is billed when it was active strictly more than 24 hours in the month."""
    return seconds > BILLABLE_AFTER_SECONDS


def _billing_line(
    company_id: int,
    company_name: str,
    intervals: Sequence[ActiveInterval],
    year: int,
    month: int,
    now: datetime,
) -> BillingLine:
    seconds = active_seconds_in_month(intervals, year, month, now)
    hours = (Decimal(seconds) / SECONDS_PER_HOUR).quantize(_GROSZ, rounding=ROUND_HALF_UP)
    # Billable is decided on exact seconds: 24 h 0 min 10 s rounds to 24.00 h but is billed.
    return BillingLine(company_id, company_name, hours, is_billable(seconds))


def _polish_sort_key(name: str) -> tuple[tuple[str, int], ...]:
    return tuple(_POLISH_LETTER_ORDER.get(letter, (letter, 0)) for letter in name.casefold())


def _line_order(line: BillingLine) -> tuple[bool, tuple[tuple[str, int], ...], int]:
    # Billable lines first, then by name in Polish order; the id keeps equal names stable.
    return (not line.billable, _polish_sort_key(line.company_name), line.company_id)


def bill_month(
    companies: Iterable[tuple[int, str, Sequence[ActiveInterval]]],
    year: int,
    month: int,
    fee: Decimal,
    now: datetime,
) -> MonthBill:
    """Bill one month: one line per company, the fee times the number of billable companies."""
    lines = sorted(
        (
            _billing_line(company_id, name, intervals, year, month, now)
            for company_id, name, intervals in companies
        ),
        key=_line_order,
    )
    billable_count = sum(1 for line in lines if line.billable)
    month_start, month_end = month_bounds(year, month)
    return MonthBill(
        year=year,
        month=month,
        lines=tuple(lines),
        billable_count=billable_count,
        fee=fee,
        total=(fee * billable_count).quantize(_GROSZ, rounding=ROUND_HALF_UP),
        so_far=month_start <= _as_utc(now) < month_end,
    )


def months_between(first: date, now: datetime) -> list[tuple[int, int]]:
    """(year, month) from the month of ``first`` to the Warsaw month of ``now``, newest first.

    Empty when ``first`` lies in a later month than ``now``.
    """
    today = _as_utc(now).astimezone(WARSAW)
    first_index = first.year * 12 + first.month - 1
    last_index = today.year * 12 + today.month - 1
    return [(index // 12, index % 12 + 1) for index in range(last_index, first_index - 1, -1)]


def _decimal_comma(amount: Decimal) -> str:
    # No thousands separators: spreadsheets would read "1 234,50" as text.
    return f"{amount.quantize(_GROSZ, rounding=ROUND_HALF_UP):.2f}".replace(".", ",")


def _spreadsheet_safe(text: str) -> str:
    # Company names are typed by users; a leading apostrophe keeps "=..." from running.
    return "'" + text if text.startswith(_FORMULA_TRIGGERS) else text


def _csv_row(line: BillingLine, fee: Decimal) -> list[str]:
    line_fee = fee if line.billable else Decimal(0)
    return [
        _spreadsheet_safe(line.company_name),
        _decimal_comma(line.active_hours),
        "tak" if line.billable else "nie",
        _decimal_comma(line_fee),
    ]


def billing_csv(bill: MonthBill) -> str:
    """The bill as CSV text for Polish spreadsheets: ``;`` separator, decimal comma, a total row.

    Rows end with CRLF (RFC 4180). Encode it as ``utf-8-sig`` when Excel must open it directly:
    without the byte order mark it reads the file as Windows-1250 and garbles Polish letters.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_row(line, bill.fee) for line in bill.lines)
    writer.writerow([CSV_TOTAL_LABEL, "", str(bill.billable_count), _decimal_comma(bill.total)])
    return buffer.getvalue()
