"""The e-mail that tells a company's client users what the office has just sent them.

Runs as a job (ids in). Recipients are the company's active members with the e-mail channel
on who may see at least one of the entries (a Wspólnik only their own ZUS entries); nothing
is sent for an inactive company. Amounts, due dates, account and title come from the *sent*
values, so what the e-mail says is what the client portal shows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from domain.actors import ClientRole
from domain.companies.model import ClientUserRow, CompanyDetails
from domain.companies.service import CompanyRepository
from domain.deadlines import Period, TaxKind, ZusPayerDeadline
from domain.entries.model import EntryValues, StatementValues, TaxValues, ZusValues
from domain.entries.payment import PayerIdentity, PaymentDetails, tax_payment, zus_payment
from domain.entries.ports import EntryRepository
from domain.entries.service import same_person
from domain.errors import DomainError
from domain.formatting import format_amount, format_day
from domain.identifiers import IdentifierType, format_account
from domain.mail import EmailService

TEMPLATE = "entries_sent"
TAX_LABELS = {
    TaxKind.VAT: "VAT",
    TaxKind.PIT_SKALA: "PIT (skala)",
    TaxKind.PIT_LINIOWY: "PIT liniowy",
    TaxKind.RYCZALT: "Ryczałt",
    TaxKind.CIT: "CIT",
    TaxKind.PIT_4R: "PIT-4R",
    TaxKind.KARTA: "Karta podatkowa",
    TaxKind.INNY: "Inny podatek",
}


class Members(Protocol):
    async def members(self, company_id: int) -> list[ClientUserRow]: ...


@dataclass(frozen=True)
class NotifiedLine:
    """One line of the e-mail, already formatted."""

    label: str
    amount: str
    due: str = ""
    account: str = ""
    title: str = ""


def payer_identity(company: CompanyDetails) -> PayerIdentity:
    data = company.data
    return PayerIdentity(
        name=data.name,
        nip=data.identifier if data.identifier_type is IdentifierType.NIP else None,
        owner_pesel=data.identifier if data.identifier_type is IdentifierType.PESEL else None,
        zus_account=data.zus_account or None,
        zus_payer=ZusPayerDeadline(int(data.zus_payer)),
    )


def payment_for(values: EntryValues, payer: PayerIdentity) -> PaymentDetails | None:
    """Account, title and due date of a ZUS or tax entry; None for statements (or when the
    company lacks what the account needs)."""
    try:
        if isinstance(values, ZusValues):
            return zus_payment(
                payer,
                Period.parse(values.period),
                values.settlement,
                values.person or None,
                values.due_date,
            )
        if isinstance(values, TaxValues):
            return tax_payment(payer, values.kind, Period.parse(values.period), values.due_date)
    except DomainError:
        return None
    return None


def entry_label(values: EntryValues) -> str:
    if isinstance(values, ZusValues):
        who = f" ({values.person})" if values.person else ""
        return f"Składki ZUS {values.period}{who}"
    if isinstance(values, TaxValues):
        return f"{TAX_LABELS[values.kind]} {values.period}"
    return f"Zestawienie {values.period}"


def notified_line(values: EntryValues, payer: PayerIdentity) -> NotifiedLine:
    if isinstance(values, StatementValues):
        amount = (
            f"przychody {format_amount(values.revenue)} zł,"
            f" koszty {format_amount(values.costs)} zł,"
            f" wynik {format_amount(values.result)} zł"
        )
        return NotifiedLine(entry_label(values), amount)
    payment = payment_for(values, payer)
    return NotifiedLine(
        label=entry_label(values),
        amount=f"{format_amount(values.amount)} zł",
        due=format_day(payment.due_date) if payment and payment.due_date else "",
        account=format_account(payment.account) if payment and payment.account else "",
        title=payment.title if payment else "",
    )


def may_see(member: ClientUserRow, values: EntryValues) -> bool:
    if member.role is ClientRole.FIRMA or not isinstance(values, ZusValues):
        return True
    return bool(values.person) and same_person(values.person, member.full_name)


class EntryNotifier:
    def __init__(
        self,
        entries: EntryRepository,
        companies: CompanyRepository,
        members: Members,
        email: EmailService,
        office_name: Callable[[int], Awaitable[str]],
    ) -> None:
        self._entries = entries
        self._companies = companies
        self._members = members
        self._email = email
        self._office_name = office_name

    async def notify_sent(self, office_id: int, company_id: int, entry_ids: list[int]) -> int:
        """Queue the e-mails; returns how many were queued (0 for an inactive company)."""
        company = await self._companies.details(office_id, company_id)
        if company is None or not company.active:
            return 0
        entries = [e for e in await self._entries.by_ids(office_id, entry_ids) if e.sent_values]
        payer = payer_identity(company)
        office_name = await self._office_name(office_id)
        queued = 0
        for member in await self._members.members(company_id):
            if not (member.active and member.use_email):
                continue
            lines = [
                notified_line(e.sent_values, payer)
                for e in entries
                if e.sent_values is not None and may_see(member, e.sent_values)
            ]
            if not lines:
                continue
            context = {
                "name": member.first_name,
                "office_name": office_name,
                "company_name": company.name,
                "lines": lines,
                "payments": any(line.due or line.account for line in lines),
            }
            await self._email.queue(member.email, TEMPLATE, context, office_id=office_id)
            queued += 1
        return queued
