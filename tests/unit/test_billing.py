"""Tests for domain.billing: active time per Warsaw month, the 24-hour rule, bills and CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from domain.billing import (
    ActiveInterval,
    BillingLine,
    active_seconds_in_month,
    bill_month,
    billing_csv,
    is_billable,
    month_bounds,
    months_between,
)

WARSAW = ZoneInfo("Europe/Warsaw")
HOUR = 3600
DAY = 24 * HOUR
FEE = Decimal("9.00")
# Long after every month used below, so nothing is clipped at "now" unless a test says so.
LATER = datetime(2030, 1, 1, tzinfo=UTC)


def warsaw(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WARSAW)


def interval(start: datetime, end: datetime | None = None) -> ActiveInterval:
    return ActiveInterval(start=start, end=end)


# --- Month bounds -------------------------------------------------------------------------


def test_month_bounds_are_warsaw_midnights_in_utc() -> None:
    start, end = month_bounds(2026, 1)
    assert start == datetime(2025, 12, 31, 23, tzinfo=UTC)  # CET is UTC+1
    assert end == datetime(2026, 1, 31, 23, tzinfo=UTC)
    start, end = month_bounds(2026, 7)
    assert start == datetime(2026, 6, 30, 22, tzinfo=UTC)  # CEST is UTC+2
    assert month_bounds(2026, 12)[1] == datetime(2026, 12, 31, 23, tzinfo=UTC)


@pytest.mark.parametrize(
    ("month", "hours"), [(1, 744), (2, 672), (3, 743), (4, 720), (10, 745), (11, 720)]
)
def test_whole_month_counts_real_hours(month: int, hours: int) -> None:
    always = [interval(warsaw(2020, 1, 1))]
    assert active_seconds_in_month(always, 2026, month, LATER) == hours * HOUR


# --- The 24-hour rule ---------------------------------------------------------------------


def test_is_billable_strictly_more_than_24_hours() -> None:
    assert not is_billable(0)
    assert not is_billable(DAY)
    assert is_billable(DAY + 1)


def test_exactly_24_hours_is_not_billed() -> None:
    history = [interval(warsaw(2026, 5, 10, 8), warsaw(2026, 5, 11, 8))]
    seconds = active_seconds_in_month(history, 2026, 5, LATER)
    assert seconds == DAY
    assert not is_billable(seconds)


def test_24_hours_and_a_minute_is_billed() -> None:
    history = [interval(warsaw(2026, 5, 10, 8), warsaw(2026, 5, 11, 8, 1))]
    seconds = active_seconds_in_month(history, 2026, 5, LATER)
    assert seconds == DAY + 60
    assert is_billable(seconds)


def test_several_short_intervals_add_up_over_24_hours() -> None:
    history = [
        interval(warsaw(2026, 5, 4, 8), warsaw(2026, 5, 4, 17)),
        interval(warsaw(2026, 5, 12, 8), warsaw(2026, 5, 12, 17)),
        interval(warsaw(2026, 5, 20, 8), warsaw(2026, 5, 20, 17)),
    ]
    seconds = active_seconds_in_month(history, 2026, 5, LATER)
    assert seconds == 27 * HOUR
    assert is_billable(seconds)


# --- Month ends, deletion, open intervals -------------------------------------------------


def test_interval_crossing_month_end_is_split_between_months() -> None:
    history = [interval(warsaw(2026, 1, 30), warsaw(2026, 2, 2))]
    assert active_seconds_in_month(history, 2026, 1, LATER) == 2 * DAY
    assert active_seconds_in_month(history, 2026, 2, LATER) == DAY  # exactly 24 h: not billed
    assert active_seconds_in_month(history, 2026, 3, LATER) == 0


def test_interval_crossing_new_year() -> None:
    history = [interval(warsaw(2025, 12, 31, 12), warsaw(2026, 1, 1, 12))]
    assert active_seconds_in_month(history, 2025, 12, LATER) == 12 * HOUR
    assert active_seconds_in_month(history, 2026, 1, LATER) == 12 * HOUR


def test_month_edges_follow_warsaw_not_utc() -> None:
    # 2026-01-31 23:30 UTC is already 1 February 00:30 in Warsaw.
    history = [interval(datetime(2026, 1, 31, 23, 30, tzinfo=UTC), LATER)]
    assert active_seconds_in_month(history, 2026, 1, LATER) == 0
    assert active_seconds_in_month(history, 2026, 2, LATER) == 672 * HOUR - 30 * 60


def test_deleted_mid_month_counts_until_deletion() -> None:
    history = [interval(warsaw(2025, 6, 1), warsaw(2026, 5, 10, 12))]
    assert active_seconds_in_month(history, 2026, 5, LATER) == 9 * DAY + 12 * HOUR
    assert active_seconds_in_month(history, 2026, 6, LATER) == 0


def test_deleted_on_first_day_is_not_billed() -> None:
    history = [interval(warsaw(2025, 6, 1), warsaw(2026, 5, 1, 23))]
    seconds = active_seconds_in_month(history, 2026, 5, LATER)
    assert seconds == 23 * HOUR
    assert not is_billable(seconds)


def test_open_interval_is_clipped_at_now() -> None:
    history = [interval(warsaw(2026, 4, 20))]
    assert active_seconds_in_month(history, 2026, 5, warsaw(2026, 5, 1, 20)) == 20 * HOUR
    assert active_seconds_in_month(history, 2026, 5, warsaw(2026, 5, 3)) == 2 * DAY
    assert active_seconds_in_month(history, 2026, 6, warsaw(2026, 5, 3)) == 0


def test_interval_ending_after_now_is_clipped_at_now() -> None:
    history = [interval(warsaw(2026, 5, 1), warsaw(2026, 5, 20))]
    assert active_seconds_in_month(history, 2026, 5, warsaw(2026, 5, 2)) == DAY


def test_empty_and_reversed_intervals_count_nothing() -> None:
    assert active_seconds_in_month([], 2026, 5, LATER) == 0
    backwards = [interval(warsaw(2026, 5, 3), warsaw(2026, 5, 1))]
    assert active_seconds_in_month(backwards, 2026, 5, LATER) == 0


def test_naive_datetimes_are_refused() -> None:
    naive = [interval(datetime(2026, 5, 1), datetime(2026, 5, 3))]
    with pytest.raises(ValueError, match="timezone-aware"):
        active_seconds_in_month(naive, 2026, 5, LATER)
    with pytest.raises(ValueError, match="timezone-aware"):
        active_seconds_in_month([], 2026, 5, datetime(2026, 5, 3))


# --- Daylight saving time -----------------------------------------------------------------


def test_day_over_spring_change_is_23_real_hours_and_not_billed() -> None:
    # Clocks jump from 02:00 to 03:00 on Sunday 2026-03-29.
    history = [interval(warsaw(2026, 3, 28, 12), warsaw(2026, 3, 29, 12))]
    seconds = active_seconds_in_month(history, 2026, 3, LATER)
    assert seconds == 23 * HOUR
    assert not is_billable(seconds)


def test_day_over_autumn_change_is_25_real_hours_and_billed() -> None:
    # Clocks go back from 03:00 to 02:00 on Sunday 2026-10-25.
    history = [interval(warsaw(2026, 10, 24, 12), warsaw(2026, 10, 25, 12))]
    seconds = active_seconds_in_month(history, 2026, 10, LATER)
    assert seconds == 25 * HOUR
    assert is_billable(seconds)


def test_open_interval_over_spring_change_uses_real_hours() -> None:
    history = [interval(warsaw(2026, 3, 29, 0))]
    assert active_seconds_in_month(history, 2026, 3, warsaw(2026, 3, 30, 0)) == 23 * HOUR


# --- Overlaps -----------------------------------------------------------------------------


def test_overlapping_intervals_are_not_double_counted() -> None:
    history = [
        interval(warsaw(2026, 5, 4, 0), warsaw(2026, 5, 4, 14)),
        interval(warsaw(2026, 5, 4, 2), warsaw(2026, 5, 4, 16)),
    ]
    seconds = active_seconds_in_month(history, 2026, 5, LATER)
    assert seconds == 16 * HOUR  # 28 h if counted twice
    assert not is_billable(seconds)


def test_nested_identical_and_touching_intervals() -> None:
    history = [
        interval(warsaw(2026, 5, 4, 10), warsaw(2026, 5, 4, 12)),  # inside the next one
        interval(warsaw(2026, 5, 4, 0), warsaw(2026, 5, 5, 0)),
        interval(warsaw(2026, 5, 4, 0), warsaw(2026, 5, 5, 0)),  # duplicate
        interval(warsaw(2026, 5, 5, 0), warsaw(2026, 5, 5, 1)),  # touches the end
    ]
    assert active_seconds_in_month(history, 2026, 5, LATER) == 25 * HOUR


def test_open_interval_overlapping_closed_one() -> None:
    history = [
        interval(warsaw(2026, 5, 1), warsaw(2026, 5, 2)),
        interval(warsaw(2026, 5, 1, 12)),
    ]
    assert active_seconds_in_month(history, 2026, 5, warsaw(2026, 5, 3)) == 2 * DAY


# --- bill_month ---------------------------------------------------------------------------

COMPANIES = [
    (1, "Zenit sp. z o.o.", [interval(warsaw(2026, 1, 1))]),
    (2, "Łódź Trans", [interval(warsaw(2026, 1, 1))]),
    (3, "Lublin Bud", [interval(warsaw(2026, 5, 10, 8), warsaw(2026, 5, 11, 8))]),  # 24 h
    (4, "Apteka", [interval(warsaw(2026, 5, 10, 8), warsaw(2026, 5, 11, 8, 1))]),  # 24 h 1 min
    (5, "Żabka", []),
    (6, "Mazur", [interval(warsaw(2026, 1, 1), warsaw(2026, 5, 20))]),
]


def test_bill_month_lines_billable_first_in_polish_order() -> None:
    bill = bill_month(COMPANIES, 2026, 5, FEE, LATER)
    assert [line.company_name for line in bill.lines] == [
        "Apteka",
        "Łódź Trans",
        "Mazur",
        "Zenit sp. z o.o.",
        "Lublin Bud",
        "Żabka",
    ]
    assert [line.billable for line in bill.lines] == [True] * 4 + [False] * 2


def test_bill_month_totals() -> None:
    bill = bill_month(COMPANIES, 2026, 5, FEE, LATER)
    assert (bill.year, bill.month) == (2026, 5)
    assert bill.billable_count == 4
    assert bill.fee == FEE
    assert bill.total == Decimal("36.00")
    assert not bill.so_far


def test_bill_month_hours_rounded_to_hundredths() -> None:
    bill = bill_month(COMPANIES, 2026, 5, FEE, LATER)
    hours = {line.company_id: line.active_hours for line in bill.lines}
    assert hours[1] == Decimal("744.00")
    assert hours[3] == Decimal("24.00")
    assert hours[4] == Decimal("24.02")  # 24 h 1 min = 24.0167 h
    assert hours[5] == Decimal("0.00")
    assert hours[6] == Decimal("456.00")


def test_bill_month_so_far_in_current_month() -> None:
    now = warsaw(2026, 5, 2, 12)
    bill = bill_month(COMPANIES, 2026, 5, FEE, now)
    assert bill.so_far
    billable = {line.company_id for line in bill.lines if line.billable}
    assert billable == {2, 1, 6}  # 36 h each so far; the 10 May ones have not happened yet
    assert bill.total == Decimal("27.00")


def test_bill_month_uses_callers_fee_and_handles_no_companies() -> None:
    bill = bill_month([], 2026, 5, Decimal("12.50"), LATER)
    assert bill.lines == ()
    assert bill.billable_count == 0
    assert bill.total == Decimal("0.00")
    bill = bill_month(COMPANIES[:2], 2026, 5, Decimal("12.50"), LATER)
    assert bill.total == Decimal("25.00")


def test_bill_lines_are_frozen() -> None:
    line = BillingLine(1, "Apteka", Decimal("1.00"), billable=False)
    with pytest.raises(AttributeError):
        line.billable = True  # type: ignore[misc]


# --- months_between -----------------------------------------------------------------------


def test_months_between_newest_first_across_year() -> None:
    assert months_between(date(2025, 11, 15), warsaw(2026, 2, 3)) == [
        (2026, 2),
        (2026, 1),
        (2025, 12),
        (2025, 11),
    ]


def test_months_between_same_month_and_future_start() -> None:
    assert months_between(date(2026, 5, 20), warsaw(2026, 5, 20, 9)) == [(2026, 5)]
    assert months_between(date(2026, 6, 1), warsaw(2026, 5, 20)) == []


def test_months_between_uses_warsaw_month_of_now() -> None:
    # 23:30 UTC on 31 January is already February in Warsaw.
    now = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert months_between(date(2026, 1, 1), now) == [(2026, 2), (2026, 1)]


# --- CSV ----------------------------------------------------------------------------------


def test_billing_csv_exact_text() -> None:
    companies = [
        (1, "Apteka", [interval(warsaw(2026, 5, 10, 8), warsaw(2026, 5, 11, 8, 1))]),
        (2, "Łódź Trans", [interval(warsaw(2026, 5, 10, 8), warsaw(2026, 5, 10, 20))]),
    ]
    bill = bill_month(companies, 2026, 5, FEE, LATER)
    assert billing_csv(bill) == (
        "Firma;Godziny aktywności;Płatna;Opłata netto\r\n"
        "Apteka;24,02;tak;9,00\r\n"
        "Łódź Trans;12,00;nie;0,00\r\n"
        "Razem;;1;9,00\r\n"
    )


def test_billing_csv_reads_back_and_is_safe() -> None:
    companies = [
        (1, "=HYPERLINK(1)", [interval(warsaw(2026, 1, 1))]),
        (2, 'Kowalski; "Spółka"', [interval(warsaw(2026, 1, 1))]),
    ]
    bill = bill_month(companies, 2026, 5, Decimal("1234.5"), LATER)
    text = billing_csv(bill)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Firma", "Godziny aktywności", "Płatna", "Opłata netto"]
    assert rows[1] == ["'=HYPERLINK(1)", "744,00", "tak", "1234,50"]
    assert rows[2] == ['Kowalski; "Spółka"', "744,00", "tak", "1234,50"]
    assert rows[3] == ["Razem", "", "2", "2469,00"]
    assert text.encode("utf-8").decode("utf-8") == text


def test_billing_csv_of_empty_bill() -> None:
    bill = bill_month([], 2026, 5, FEE, LATER)
    assert billing_csv(bill).splitlines() == [
        "Firma;Godziny aktywności;Płatna;Opłata netto",
        "Razem;;0;0,00",
    ]


def test_so_far_only_inside_the_month() -> None:
    start, end = month_bounds(2026, 5)
    assert bill_month([], 2026, 5, FEE, start).so_far
    assert bill_month([], 2026, 5, FEE, end - timedelta(seconds=1)).so_far
    assert not bill_month([], 2026, 5, FEE, end).so_far
    assert not bill_month([], 2026, 5, FEE, start - timedelta(seconds=1)).so_far
