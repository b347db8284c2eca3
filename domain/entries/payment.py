"""What a client needs to pay an entry: the account, the transfer title and the due date.

Taxes go to the tax micro-account derived from the company's NIP (or the owner's PESEL when the
company has no NIP); ZUS goes to the company's contribution account (NRS) as ZUS assigned it.
The due date is the explicit one when given, else the statutory one moved past weekends and
Polish public holidays (domain/deadlines.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.deadlines import Period, TaxKind, ZusPayerDeadline, due_date, tax_due_date
from domain.deadlines import zus_due_date as statutory_zus_due_date
from domain.errors import ValidationError
from domain.identifiers import tax_micro_account
from domain.payment_titles import tax_transfer_title, zus_transfer_title


@dataclass(frozen=True)
class PaymentDetails:
    account: str | None  # 26 digits; None when it cannot be known (no NRS stored)
    title: str
    due_date: date | None


@dataclass(frozen=True)
class PayerIdentity:
    """What the payment rules need to know about the company (and its owner)."""

    name: str
    nip: str | None = None
    owner_pesel: str | None = None
    zus_account: str | None = None
    zus_payer: ZusPayerDeadline = ZusPayerDeadline.DAY_20


def tax_payment(
    payer: PayerIdentity, kind: TaxKind, period: Period, explicit_due: date | None = None
) -> PaymentDetails:
    if not payer.nip and not payer.owner_pesel:
        raise ValidationError.single(
            "identifier",
            "Firma nie ma NIP-u ani PESEL-u właściciela: nie da się ustalić "
            "mikrorachunku podatkowego.",
        )
    account = (
        tax_micro_account(nip=payer.nip)
        if payer.nip
        else tax_micro_account(pesel=payer.owner_pesel)
    )
    title = (
        tax_transfer_title(kind, period, payer.name)
        if kind is not TaxKind.INNY
        else f"{period} {payer.name}"[:140]
    )
    computed = tax_due_date(kind, period)
    return PaymentDetails(account, title, due_date(explicit_due, computed))


def zus_payment(
    payer: PayerIdentity,
    period: Period,
    settlement: str = "D",
    person: str | None = None,
    explicit_due: date | None = None,
) -> PaymentDetails:
    computed = statutory_zus_due_date(period, payer.zus_payer)
    title = zus_transfer_title(period, settlement, person)
    return PaymentDetails(payer.zus_account or None, title, due_date(explicit_due, computed))
