"""Transfer titles for the tax micro-account and the ZUS NRS (rules in docs/payment-titles.md)."""

from __future__ import annotations

import pytest

from domain.deadlines import Period, TaxKind
from domain.errors import ValidationError
from domain.payment_titles import (
    MAX_TITLE_LENGTH,
    tax_form_symbol,
    tax_period_code,
    tax_transfer_title,
    zus_transfer_title,
)

OCTOBER_2026 = Period(2026, month=10)
THIRD_QUARTER_2026 = Period(2026, quarter=3)


@pytest.mark.parametrize(
    ("period", "annual", "expected"),
    [
        (OCTOBER_2026, False, "26M10"),
        (Period(2026, month=1), False, "26M01"),
        (THIRD_QUARTER_2026, False, "26K03"),
        (Period(2026, quarter=1), False, "26K01"),
        (OCTOBER_2026, True, "26R"),
        (THIRD_QUARTER_2026, True, "26R"),
        (Period(2005, month=3), False, "05M03"),
    ],
)
def test_tax_period_code(period: Period, annual: bool, expected: str) -> None:
    assert tax_period_code(period, annual=annual) == expected


@pytest.mark.parametrize(
    ("kind", "quarterly", "expected"),
    [
        (TaxKind.VAT, False, "VAT-7"),
        (TaxKind.VAT, True, "VAT-7K"),
        (TaxKind.PIT_SKALA, False, "PIT-36"),
        (TaxKind.PIT_SKALA, True, "PIT-36"),
        (TaxKind.PIT_LINIOWY, False, "PPL"),
        (TaxKind.RYCZALT, False, "PPE"),
        (TaxKind.RYCZALT, True, "PPE"),
        (TaxKind.CIT, False, "CIT"),
        (TaxKind.PIT_4R, False, "PIT-4R"),
        (TaxKind.KARTA, False, "PIT-16"),
    ],
)
def test_tax_form_symbol(kind: TaxKind, quarterly: bool, expected: str) -> None:
    assert tax_form_symbol(kind, quarterly) == expected


def test_other_tax_has_no_symbol() -> None:
    with pytest.raises(ValidationError) as error:
        tax_form_symbol(TaxKind.INNY, False)
    assert "kind" in error.value.errors


@pytest.mark.parametrize(
    ("kind", "period", "expected"),
    [
        (TaxKind.VAT, OCTOBER_2026, "26M10 VAT-7"),
        (TaxKind.VAT, THIRD_QUARTER_2026, "26K03 VAT-7K"),
        (TaxKind.PIT_SKALA, OCTOBER_2026, "26M10 PIT-36"),
        (TaxKind.PIT_LINIOWY, THIRD_QUARTER_2026, "26K03 PPL"),
        (TaxKind.RYCZALT, OCTOBER_2026, "26M10 PPE"),
        (TaxKind.CIT, OCTOBER_2026, "26M10 CIT"),
        (TaxKind.PIT_4R, Period(2026, month=12), "26M12 PIT-4R"),
        (TaxKind.KARTA, Period(2026, month=2), "26M02 PIT-16"),
    ],
)
def test_tax_transfer_title(kind: TaxKind, period: Period, expected: str) -> None:
    assert tax_transfer_title(kind, period) == expected


def test_tax_transfer_title_with_company_name() -> None:
    title = tax_transfer_title(TaxKind.VAT, OCTOBER_2026, "  Piekarnia\n  Kowalski  Sp. j. ")
    assert title == "26M10 VAT-7 Piekarnia Kowalski Sp. j."


def test_tax_transfer_title_ignores_blank_company_name() -> None:
    assert tax_transfer_title(TaxKind.VAT, OCTOBER_2026, "   ") == "26M10 VAT-7"


def test_tax_transfer_title_fits_the_bank_limit() -> None:
    title = tax_transfer_title(TaxKind.RYCZALT, OCTOBER_2026, "Długa Nazwa Firmy " * 20)
    assert len(title) <= MAX_TITLE_LENGTH == 140
    assert title.startswith("26M10 PPE Długa Nazwa Firmy")
    assert not title.endswith(" ")


def test_tax_transfer_title_for_other_tax_is_refused() -> None:
    with pytest.raises(ValidationError):
        tax_transfer_title(TaxKind.INNY, OCTOBER_2026)


def test_zus_transfer_title_declaration() -> None:
    assert zus_transfer_title(OCTOBER_2026) == "Składki ZUS 26M10"


def test_zus_transfer_title_correction_for_a_person() -> None:
    title = zus_transfer_title(OCTOBER_2026, settlement="k", person=" Jan  Kowalski ")
    assert title == "Składki ZUS 26M10 korekta Jan Kowalski"


def test_zus_transfer_title_person_only() -> None:
    assert zus_transfer_title(Period(2026, month=1), person="Anna Nowak") == (
        "Składki ZUS 26M01 Anna Nowak"
    )


def test_zus_transfer_title_fits_the_bank_limit() -> None:
    title = zus_transfer_title(OCTOBER_2026, person="Wspólnik " * 30)
    assert len(title) <= MAX_TITLE_LENGTH


def test_zus_transfer_title_rejects_unknown_settlement() -> None:
    with pytest.raises(ValidationError) as error:
        zus_transfer_title(OCTOBER_2026, settlement="X")
    assert "settlement" in error.value.errors


def test_zus_transfer_title_rejects_quarters() -> None:
    with pytest.raises(ValidationError) as error:
        zus_transfer_title(THIRD_QUARTER_2026)
    assert "period" in error.value.errors
