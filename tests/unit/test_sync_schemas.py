"""The sync API v1 batch schema: amounts as decimal strings, periods, references, enums."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from domain.deadlines import TaxKind as DomainTaxKind
from domain.deadlines import ZusPayerDeadline
from sync.schemas import Batch, TaxKind, ZusPayer

VALID: dict[str, Any] = {
    "batch_id": "3f2b9c1e-aaaa-bbbb",
    "source": {"program": "Comarch ERP Optima", "agent": "biurko-agent/1.0"},
    "companies": [{"external_id": "17", "name": "Piekarnia Złoty Kłos", "nip": "5261040828"}],
    "zus": [
        {
            "company": {"nip": "5261040828"},
            "period": "2026-10",
            "social": "1646.47",
            "health": "432.54",
            "labour_fund": "123.42",
            "total": "2202.43",
        }
    ],
    "taxes": [
        {
            "company": {"external_id": "17"},
            "kind": "vat",
            "period": "2026-Q3",
            "settlement": "K",
            "amount": "1234.56",
        }
    ],
    "statements": [
        {
            "company": {"nip": "5261040828"},
            "period": "2026-10",
            "revenue": "10000.00",
            "costs": "2500.50",
            "comment": "Dobry miesiąc",
        }
    ],
}


def errors_of(body: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as error:
        Batch.model_validate(body)
    return [(tuple(e["loc"]), e["msg"]) for e in error.value.errors()]


def test_valid_batch_keeps_amounts_as_decimals() -> None:
    batch = Batch.model_validate(VALID)
    assert batch.zus[0].total == Decimal("2202.43")
    assert batch.taxes[0].amount == Decimal("1234.56")
    assert batch.statements[0].costs == Decimal("2500.50")


@pytest.mark.parametrize(
    ("section", "field", "value", "message"),
    [
        ("zus", "social", 12.5, "decimal string"),
        ("zus", "total", "1.234", "2 decimal places"),
        ("zus", "health", "123456789.00", "8 integer digits"),
        ("statements", "revenue", "-1.00", "must not be negative"),
        ("zus", "period", "2026-13", "YYYY-MM"),
        ("taxes", "period", "2026-Q5", "YYYY-Qn"),
        ("taxes", "kind", "podatek", "Input should be"),
        ("taxes", "amount", "NaN", "finite"),
        ("taxes", "amount", "1e400", "8 integer digits"),
    ],
)
def test_bad_values_are_reported_with_their_field_path(
    section: str, field: str, value: Any, message: str
) -> None:
    body = copy.deepcopy(VALID)
    body[section][0][field] = value
    found = errors_of(body)
    assert [(loc, msg) for loc, msg in found if loc == (section, 0, field) and message in msg]


def test_company_reference_needs_exactly_one_key() -> None:
    body = copy.deepcopy(VALID)
    body["zus"][0]["company"] = {"nip": "5261040828", "external_id": "17"}
    assert any(loc == ("zus", 0, "company") for loc, _ in errors_of(body))


def test_company_needs_an_identifier_and_unknown_fields_are_refused() -> None:
    body = copy.deepcopy(VALID)
    body["companies"][0] = {"name": "Bez NIP-u"}
    body["source"]["extra"] = "x"
    locations = [loc for loc, _ in errors_of(body)]
    assert ("companies", 0) in locations and ("source", "extra") in locations


def test_api_enums_match_the_domain() -> None:
    assert {k.value for k in TaxKind} == {k.value for k in DomainTaxKind}
    assert {p.value for p in ZusPayer} == {p.value for p in ZusPayerDeadline}
