"""Payment items: a sent ZUS or tax entry as the client sees it, ready to pay.

Pure functions over sent values and the company's payer identity: the label ("VAT za
październik 2026"), amount, due date and days left, the account and transfer title, the ZBP
"Standard 2D" QR payload, and its state (paid, overdue, due soon, upcoming). A correction
supersedes its declaration: the declaration stays in the history but is not to be paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from domain.deadlines import TaxKind
from domain.entries.approval import DataType
from domain.entries.corrections import superseded
from domain.entries.model import Entry, EntryValues, PaidMark, TaxValues, ZusValues
from domain.entries.notify import payment_for
from domain.entries.payment import PayerIdentity
from domain.errors import DomainError
from domain.formatting import format_month
from domain.payment_qr import qr_payload

SOON_DAYS = 3
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
TAX_NAMES = {
    TaxKind.VAT: "VAT",
    TaxKind.PIT_SKALA: "Zaliczka na PIT",
    TaxKind.PIT_LINIOWY: "Zaliczka na PIT liniowy",
    TaxKind.RYCZALT: "Ryczałt",
    TaxKind.CIT: "Zaliczka na CIT",
    TaxKind.PIT_4R: "PIT-4R (podatek pracowników)",
    TaxKind.KARTA: "Karta podatkowa",
    TaxKind.INNY: "Podatek",
}
# The QR recipient name has 20 characters at most (DOMAIN.md 5).
TAX_RECIPIENT = "Urząd Skarbowy"
ZUS_RECIPIENT = "ZUS"


class PaymentState(StrEnum):
    PAID = "paid"
    OVERDUE = "overdue"
    SOON = "soon"  # due within SOON_DAYS days (today included)
    UPCOMING = "upcoming"
    SUPERSEDED = "superseded"  # a correction replaced it


@dataclass(frozen=True)
class PaymentItem:
    entry_id: int
    company_id: int
    data_type: DataType
    values: ZusValues | TaxValues
    label: str
    amount: Decimal
    due_date: date | None
    days_left: int | None
    state: PaymentState
    account: str | None
    title: str
    qr: str | None  # the QR payload; None when the account is unknown
    paid: PaidMark | None

    @property
    def payable(self) -> bool:
        return self.state in (PaymentState.OVERDUE, PaymentState.SOON, PaymentState.UPCOMING)


def period_words(period: str, language: str = "pl") -> str:
    """``październik 2026`` or ``III kwartał 2026``."""
    year, rest = int(period[:4]), period[5:]
    if rest.startswith("Q"):
        return f"{ROMAN[int(rest[1:])]} kwartał {year}"
    return format_month(year, int(rest), language)


def payment_label(values: ZusValues | TaxValues) -> str:
    correction = " (korekta)" if values.settlement.value == "K" else ""
    if isinstance(values, ZusValues):
        who = f" – {values.person}" if values.person else ""
        return f"Składki ZUS za {period_words(values.period)}{who}{correction}"
    return f"{TAX_NAMES[values.kind]} za {period_words(values.period)}{correction}"


def _state(paid: PaidMark | None, due: date | None, today: date, replaced: bool) -> PaymentState:
    if replaced:
        return PaymentState.SUPERSEDED
    if paid is not None:
        return PaymentState.PAID
    if due is None:
        return PaymentState.UPCOMING
    days = (due - today).days
    if days < 0:
        return PaymentState.OVERDUE
    return PaymentState.SOON if days <= SOON_DAYS else PaymentState.UPCOMING


def _qr(values: ZusValues | TaxValues, account: str | None, title: str) -> str | None:
    if not account:
        return None
    recipient = ZUS_RECIPIENT if isinstance(values, ZusValues) else TAX_RECIPIENT
    try:
        return qr_payload(
            recipient_nip=None,
            account=account,
            amount=values.amount,
            recipient_name=recipient,
            title=title,
        )
    except DomainError:
        return None


def payment_items(
    sent: list[tuple[Entry, EntryValues]], payer: PayerIdentity, today: date
) -> list[PaymentItem]:
    """Items for sent ZUS and tax entries (statements are skipped), by due date."""
    payable = [(e, v) for e, v in sent if isinstance(v, ZusValues | TaxValues)]
    replaced = superseded([v for _, v in payable])
    items = []
    for position, (entry, values) in enumerate(payable):
        assert isinstance(values, ZusValues | TaxValues)
        details = payment_for(values, payer)
        due = details.due_date if details else values.due_date
        items.append(
            PaymentItem(
                entry_id=entry.id,
                company_id=entry.company_id,
                data_type=entry.data_type,
                values=values,
                label=payment_label(values),
                amount=values.amount,
                due_date=due,
                days_left=None if due is None else (due - today).days,
                state=_state(entry.paid, due, today, position in replaced),
                account=details.account if details else None,
                title=details.title if details else "",
                qr=_qr(
                    values, details.account if details else None, details.title if details else ""
                ),
                paid=entry.paid,
            )
        )
    return sorted(items, key=lambda i: (i.due_date or date.max, i.label))


def total_due_in_month(items: list[PaymentItem], today: date) -> Decimal:
    """What is left to pay with a due date in this calendar month (overdue included)."""
    return sum(
        (
            i.amount
            for i in items
            if i.payable
            and i.due_date is not None
            and (i.due_date.year, i.due_date.month) <= (today.year, today.month)
        ),
        Decimal("0.00"),
    )


def overdue_items(sent: list[tuple[Entry, EntryValues]], payer: PayerIdentity, today: date) -> int:
    """How many of these sent items are past due and not marked paid."""
    return sum(item.state is PaymentState.OVERDUE for item in payment_items(sent, payer, today))
