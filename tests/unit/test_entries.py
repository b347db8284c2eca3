"""Entry values: parsing with field errors, canonical JSON, natural keys, corrections, the
approval queue's grouping."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.deadlines import TaxKind
from domain.entries.approval import DataType
from domain.entries.corrections import payable, superseded
from domain.entries.model import (
    Entry,
    Source,
    StatementValues,
    TaxSettlement,
    TaxValues,
    ZusSettlement,
    ZusValues,
    decode_values,
    encode_values,
)
from domain.entries.parsing import parse_amount, parse_statement, parse_tax, parse_zus
from domain.entries.ports import WaitingEntry
from domain.entries.sending import group_waiting
from domain.errors import ValidationError

ZUS = {
    "period": "2026-10",
    "social": "1 000,00",
    "health": "400",
    "labour_fund": "100",
    "total": "1500",
}


def errors_of(parse, raw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        parse(raw)
    return caught.value.errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("0", "0.00"),
        ("99999999.99", "99999999.99"),
    ],
)
def test_amounts_accept_polish_and_plain_notation(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("12.345", "2 miejsca"),
        ("100000000", "8 cyfr"),
        ("-1", "ujemna"),
        ("abc", "Podaj kwotę"),
        (1.5, "Podaj kwotę"),
        ("NaN", "Podaj kwotę"),
        ("1e400", "8 cyfr"),
        (True, "Podaj kwotę"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_amount(value)


def test_negative_allowed_only_when_asked() -> None:
    assert parse_amount("-5,10", negative=True) == Decimal("-5.10")


def test_zus_parses_with_defaults() -> None:
    values = parse_zus(ZUS)
    assert values == ZusValues(
        period="2026-10",
        settlement=ZusSettlement.D,
        person="",
        social=Decimal("1000.00"),
        health=Decimal("400.00"),
        labour_fund=Decimal("100.00"),
        total=Decimal("1500.00"),
    )


def test_zus_reports_every_wrong_field_at_once() -> None:
    errors = errors_of(
        parse_zus, {"period": "2026-Q1", "social": "", "health": "x", "total": "1", "pesel": "123"}
    )
    assert set(errors) == {"period", "social", "health", "pesel"}


def test_zus_bad_due_date_is_reported_not_dropped() -> None:
    assert "due_date" in errors_of(parse_zus, {**ZUS, "due_date": "31.11.2026"})


def test_zus_total_may_not_be_below_its_parts_and_split_must_add_up() -> None:
    assert "total" in errors_of(parse_zus, {**ZUS, "total": "1499.99"})
    split = {"pension": "500", "disability": "200", "sickness": "100", "accident": "100"}
    assert "social" in errors_of(parse_zus, {**ZUS, **split})
    values = parse_zus({**ZUS, **split, "accident": "200", "fgsp": "10", "total": "1510"})
    assert values.accident == Decimal("200.00") and values.fgsp == Decimal("10.00")


def test_tax_rules() -> None:
    quarter = parse_tax({"kind": "vat", "period": "2026-q3", "amount": "10"})
    assert quarter.period == "2026-Q3" and quarter.settlement is TaxSettlement.D
    assert "due_date" in errors_of(parse_tax, {"kind": "inny", "period": "2026-10", "amount": "1"})
    assert "period" in errors_of(parse_tax, {"kind": "karta", "period": "2026-Q1", "amount": "1"})
    assert "kind" in errors_of(parse_tax, {"kind": "akcyza", "period": "2026-10", "amount": "1"})
    assert "due_date" in errors_of(
        parse_tax, {"kind": "cit", "period": "2026-10", "amount": "1", "due_date": "20.11.2026"}
    )
    other = parse_tax(
        {
            "kind": "inny",
            "period": "2026-10",
            "amount": "1",
            "due_date": "2026-11-30",
            "settlement": "I",
        }
    )
    assert other.due_date == date(2026, 11, 30) and other.settlement is TaxSettlement.I


def test_statement_result_may_be_negative_but_amounts_not() -> None:
    values = parse_statement({"period": "2026-10", "revenue": "100", "costs": "250,50"})
    assert values.result == Decimal("-150.50")
    assert "revenue" in errors_of(
        parse_statement, {"period": "2026-10", "revenue": "-1", "costs": "0"}
    )
    assert "comment" in errors_of(
        parse_statement, {"period": "2026-10", "revenue": "1", "costs": "0", "comment": "x" * 2001}
    )


@pytest.mark.parametrize(
    "values",
    [
        parse_zus({**ZUS, "person": "Anna Nowak", "fgsp": "0", "due_date": "2026-11-20"}),
        TaxValues(TaxKind.PIT_4R, "2026-10", TaxSettlement.K, Decimal("12.30")),
        StatementValues("2026-10", Decimal("1.00"), Decimal("2.00"), 'Uwaga: "cudzysłów"'),
    ],
)
def test_canonical_json_round_trips(values: object) -> None:
    text = encode_values(values)  # type: ignore[arg-type]
    assert decode_values(values.data_type, text) == values  # type: ignore[attr-defined]
    assert encode_values(decode_values(values.data_type, text)) == text  # type: ignore[attr-defined]


def test_equal_amounts_written_differently_encode_equally() -> None:
    assert encode_values(parse_zus(ZUS)) == encode_values(parse_zus({**ZUS, "social": "1000"}))


def test_natural_keys_ignore_case_and_spacing_of_the_person() -> None:
    a = parse_zus({**ZUS, "person": "Anna  Nowak"})
    b = parse_zus({**ZUS, "person": "anna nowak", "settlement": "D"})
    assert a.natural_key() == b.natural_key()
    assert (
        a.natural_key()
        != parse_zus({**ZUS, "person": "Anna Nowak", "settlement": "K"}).natural_key()
    )


def test_a_correction_supersedes_its_declaration_for_payment() -> None:
    d = parse_zus(ZUS)
    k = parse_zus({**ZUS, "settlement": "K", "total": "1600"})
    partner = parse_zus({**ZUS, "person": "Anna"})
    vat_d = TaxValues(TaxKind.VAT, "2026-10", TaxSettlement.D, Decimal(1))
    vat_k = TaxValues(TaxKind.VAT, "2026-10", TaxSettlement.K, Decimal(2))
    advance = TaxValues(TaxKind.CIT, "2026-10", TaxSettlement.Z, Decimal(3))
    items = [d, k, partner, vat_d, vat_k, advance]
    assert superseded(items) == {0, 3}
    assert [v for _, v in payable(list(enumerate(items)))] == [k, partner, vat_k, advance]


def _waiting(entry_id: int, period: str, data_type: DataType) -> WaitingEntry:
    values = {
        DataType.ZUS: parse_zus({**ZUS, "period": period}) if "Q" not in period else None,
        DataType.TAXES: TaxValues(TaxKind.VAT, period, TaxSettlement.D, Decimal(1)),
        DataType.STATEMENTS: StatementValues(period, Decimal(1), Decimal(1)),
    }[data_type]
    assert values is not None
    entry = Entry(entry_id, 1, data_type, values, None, Source.SYNC, None, None, datetime.now(UTC))
    return WaitingEntry(entry, "Firma", True)


def test_queue_groups_by_period_newest_first_then_type() -> None:
    items = [
        _waiting(1, "2026-09", DataType.TAXES),
        _waiting(2, "2026-10", DataType.STATEMENTS),
        _waiting(3, "2026-10", DataType.ZUS),
        _waiting(4, "2026-Q3", DataType.TAXES),
        _waiting(5, "2026-10", DataType.ZUS),
    ]
    groups = group_waiting(items)
    assert [(g.period, g.data_type, g.count) for g in groups] == [
        ("2026-10", DataType.ZUS, 2),
        ("2026-10", DataType.STATEMENTS, 1),
        ("2026-Q3", DataType.TAXES, 1),
        ("2026-09", DataType.TAXES, 1),
    ]
    assert entry_is_waiting(items[0].entry)


def entry_is_waiting(entry: Entry) -> bool:
    return entry.waiting and entry.sent_values is None
