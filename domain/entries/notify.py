"""The news that tells a company's client users what the office has just sent them.

Runs as a job (ids in). Recipients are the company's active members who may see at least one
of the entries (a Wspólnik only their own ZUS entries); each gets it on the channels resolved
for the kind of item (``domain/notify_prefs.py``: e-mail needs the membership's e-mail flag,
the bell is on by default, SMS needs consent). Nothing is sent for an inactive company.
Amounts, due dates, account and title come from the *sent* values, so what the
e-mail says is what the client portal shows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from domain.actors import ClientRole
from domain.channels import Channel, EventType
from domain.companies.model import ClientUserRow, CompanyDetails
from domain.companies.service import CompanyRepository
from domain.deadlines import Period, TaxKind, ZusPayerDeadline
from domain.dispatch import Content, Dispatcher
from domain.entries.model import EntryValues, StatementValues, TaxValues, ZusValues
from domain.entries.payment import PayerIdentity, PaymentDetails, tax_payment, zus_payment
from domain.entries.ports import EntryRepository
from domain.entries.service import same_person
from domain.errors import DomainError
from domain.formatting import format_amount, format_day
from domain.identifiers import IdentifierType, format_account
from domain.notify_prefs import Addressee, ChannelPreferenceService

TEMPLATE = "entries_sent"
LINK_PAYMENTS = "/klient/platnosci"
LINK_STATEMENTS = "/klient/zestawienia"
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


def event_of(values: EntryValues) -> EventType:
    if isinstance(values, ZusValues):
        return EventType.ZUS_SENT
    if isinstance(values, TaxValues):
        return EventType.TAX_SENT
    return EventType.STATEMENT_SENT


def sms_text(office_name: str, company_name: str, lines: list[NotifiedLine]) -> str:
    first = lines[0]
    due = f" do {first.due}" if first.due else ""
    more = f" (i {len(lines) - 1} więcej)" if len(lines) > 1 else ""
    text = f"{office_name}: {company_name}, {first.label} {first.amount}{due}{more}."
    return text + " Szczegóły w Biurku."


def sent_content(
    person: Addressee, items: list[EntryValues], payer: PayerIdentity, head: tuple[str, str]
) -> Content:
    """The news about ``items`` in every channel's shape (e-mail as before the channels)."""
    office_name, company_name = head
    lines = [notified_line(values, payer) for values in items]
    only_statements = all(isinstance(values, StatementValues) for values in items)
    return Content(
        title=f"Nowe dane od biura: {company_name}",
        body="; ".join(f"{line.label}: {line.amount}" for line in lines),
        link=LINK_STATEMENTS if only_statements else LINK_PAYMENTS,
        email_template=TEMPLATE,
        email_context={
            "name": person.member.first_name,
            "office_name": office_name,
            "company_name": company_name,
            "lines": lines,
            "payments": any(line.due or line.account for line in lines),
        },
        sms_text=sms_text(office_name, company_name, lines),
    )


class EntryNotifier:
    """Tells each member what they may see, on the channels they get for each kind of item."""

    def __init__(
        self,
        entries: EntryRepository,
        companies: CompanyRepository,
        prefs: ChannelPreferenceService,
        dispatcher: Dispatcher,
        office_name: Callable[[int], Awaitable[str]],
    ) -> None:
        self._entries = entries
        self._companies = companies
        self._prefs = prefs
        self._dispatcher = dispatcher
        self._office_name = office_name

    async def notify_sent(self, office_id: int, company_id: int, entry_ids: list[int]) -> int:
        """Notify the members; returns how many e-mails were queued (0 for an inactive company:
        its users cannot open the portal, and nothing was ever sent to one)."""
        company = await self._companies.details(office_id, company_id)
        if company is None or not company.active:
            return 0
        found = await self._entries.by_ids(office_id, entry_ids)
        sent = [e.sent_values for e in found if e.sent_values is not None]
        people = await self._prefs.addressees(company_id, company.active)
        recipients = [person.recipient for person in people]
        channels = {
            event: await self._dispatcher.resolve(office_id, event, recipients)
            for event in {event_of(values) for values in sent}
        }
        payer = payer_identity(company)
        head = (await self._office_name(office_id), company.name)
        queued = 0
        for person in people:
            key = (company_id, person.recipient.client_user_id)
            visible = [v for v in sent if may_see(person.member, v)]
            for channel in Channel:
                # Per channel only the kinds of items the person wants there.
                items = [v for v in visible if channel in channels[event_of(v)].get(key, ())]
                if not items:
                    continue
                content = sent_content(person, items, payer, head)
                done = await self._dispatcher.deliver(
                    office_id, event_of(items[0]), person.recipient, frozenset({channel}), content
                )
                queued += done.email_id is not None
        return queued
