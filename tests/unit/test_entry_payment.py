"""Payment details of entries: micro-account, NRS, titles and due dates (DOMAIN.md 2, 4)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.deadlines import Period, TaxKind, ZusPayerDeadline
from domain.entries.approval import (
    ApprovalMode,
    ApprovalRule,
    ChangeOutcome,
    classify_change,
    scheduled_run_due,
)
from domain.entries.payment import PayerIdentity, tax_payment, zus_payment
from domain.errors import ValidationError

PAYER = PayerIdentity(
    name="Piekarnia",
    nip="8567346215",
    zus_account="68600000020260018567346215",
    zus_payer=ZusPayerDeadline.DAY_15,
)


def test_tax_goes_to_the_micro_account_from_nip() -> None:
    details = tax_payment(PAYER, TaxKind.VAT, Period.parse("2026-10"))
    assert details.account == "88101000712222856734621500"  # DOMAIN.md 2.1 worked example
    assert details.title.startswith("26M10 VAT-7")
    assert details.due_date == date(2026, 11, 25)


def test_tax_without_nip_uses_the_owner_pesel() -> None:
    payer = PayerIdentity(name="Jan", owner_pesel="44051401359")
    details = tax_payment(payer, TaxKind.PIT_LINIOWY, Period.parse("2026-10"))
    assert details.account == "27101000712221440514013590"  # DOMAIN.md 2.1 worked example


def test_tax_without_any_identifier_is_refused() -> None:
    with pytest.raises(ValidationError):
        tax_payment(PayerIdentity(name="?"), TaxKind.VAT, Period.parse("2026-10"))


def test_explicit_due_date_wins() -> None:
    details = tax_payment(PAYER, TaxKind.VAT, Period.parse("2026-10"), date(2026, 12, 1))
    assert details.due_date == date(2026, 12, 1)


def test_zus_uses_the_stored_nrs_and_the_payer_deadline() -> None:
    details = zus_payment(PAYER, Period.parse("2026-10"))
    assert details.account == "68600000020260018567346215"
    assert details.due_date == date(2026, 11, 16)  # 15 November 2026 is a Sunday
    assert "26M10" in details.title


def test_zus_without_nrs_has_no_account() -> None:
    assert (
        zus_payment(PayerIdentity(name="X", nip="8567346215"), Period.parse("2026-10")).account
        is None
    )


def test_scheduled_approval_runs_once_per_month_after_its_slot() -> None:
    rule = ApprovalRule(ApprovalMode.SCHEDULED, day_of_month=10, hour=8)
    before = datetime(2026, 11, 10, 6, 59, tzinfo=UTC)  # 07:59 in Warsaw
    after = datetime(2026, 11, 10, 7, 0, tzinfo=UTC)  # 08:00 in Warsaw
    assert not scheduled_run_due(rule, before, None)
    assert scheduled_run_due(rule, after, None)
    assert not scheduled_run_due(rule, after, last_run=after)
    assert scheduled_run_due(rule, datetime(2026, 12, 10, 7, 0, tzinfo=UTC), last_run=after)
    assert not scheduled_run_due(ApprovalRule(ApprovalMode.MANUAL), after, None)


def test_approval_rule_validation() -> None:
    with pytest.raises(ValidationError):
        ApprovalRule(ApprovalMode.SCHEDULED, day_of_month=31)
    with pytest.raises(ValidationError):
        ApprovalRule(ApprovalMode.SCHEDULED, hour=24)


def test_change_classification() -> None:
    assert classify_change(None, (1,)) is ChangeOutcome.CREATED
    assert classify_change((1, "a"), (1, "a")) is ChangeOutcome.UNCHANGED
    assert classify_change((1, "a"), (2, "a")) is ChangeOutcome.UPDATED
