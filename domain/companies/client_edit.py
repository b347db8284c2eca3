"""The client's "Dane firmy": the company's data as a client user may see and change it.

A client with ``can_edit_company`` changes the identifier, REGON, address, e-mail and phone; a
Firma with that flag also adds and removes bank accounts. Everything else (name, prefix,
taxes, ZUS, the invoice module, the office's internal note) stays the office's: the service
starts from the stored values and replaces only the client's fields, then validates with the
office form's rules. The membership is read again from the database before a change, so an
office that just took the right away is obeyed even by a page opened earlier.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol

from domain.actors import Actor, ActorKind, ClientRole, Membership
from domain.audit import AuditLog
from domain.companies.model import (
    BankAccount,
    BankAccountInput,
    ClientUserRow,
    CompanyData,
    CompanyDetails,
    CompanyForm,
    CompanyHead,
    SaveResult,
    TaxForm,
    VatPeriod,
)
from domain.companies.validation import validate_company
from domain.deadlines import ZusPayerDeadline
from domain.errors import NotFound, PermissionDenied, ValidationError
from domain.events import CompanyChanged
from domain.identifiers import IdentifierType
from domain.policies import CompanyAction, can_on_company, require_on_company, scope_office
from domain.ports import EventBus

IDENTIFIER_TAKEN = (
    "Inna firma w biurze ma już ten identyfikator. Sprawdź cyfry albo napisz do biura."
)
ACCOUNTS_NOT_ALLOWED = "Rachunki bankowe może dodawać i usuwać tylko użytkownik z rolą Firma."


class ClientCompanyRepository(Protocol):
    async def head(
        self, office_id: int, company_id: int, include_deleted: bool = False
    ) -> CompanyHead | None: ...

    async def details(self, office_id: int, company_id: int) -> CompanyDetails | None: ...

    async def find_by_identifier(
        self, office_id: int, identifier_type: IdentifierType, identifier: str
    ) -> CompanyHead | None: ...

    async def update(self, company_id: int, data: CompanyData) -> None: ...


class CompanyMembers(Protocol):
    async def members(self, company_id: int) -> list[ClientUserRow]: ...

    async def member(self, company_id: int, user_id: int) -> ClientUserRow | None: ...


@dataclass(frozen=True)
class ClientCompanyForm:
    """What a client may type; ``bank_accounts`` None keeps the stored accounts."""

    identifier_type: str = IdentifierType.NIP.value
    identifier: str = ""
    regon: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    bank_accounts: tuple[BankAccountInput, ...] | None = None


@dataclass(frozen=True)
class ClientCompanyView:
    """The company as the client sees it: no prefix, no internal note."""

    company_id: int
    name: str
    identifier_type: IdentifierType
    identifier: str
    regon: str
    address: str
    email: str
    phone: str
    tax_form: TaxForm
    vat_period: VatPeriod
    zus_payer: ZusPayerDeadline
    zus_account: str
    bank_accounts: tuple[BankAccount, ...]
    can_edit: bool
    can_manage_accounts: bool
    editors: tuple[str, ...]  # full names of the members who may change the data

    def to_form(self) -> ClientCompanyForm:
        return ClientCompanyForm(
            identifier_type=self.identifier_type.value,
            identifier=self.identifier,
            regon=self.regon,
            address=self.address,
            email=self.email,
            phone=self.phone,
        )


def merged_form(stored: CompanyForm, form: ClientCompanyForm | CompanyForm) -> CompanyForm:
    """The stored company with only the client's fields taken from ``form``."""
    accounts = stored.bank_accounts if form.bank_accounts is None else form.bank_accounts
    return replace(
        stored,
        identifier_type=form.identifier_type,
        identifier=form.identifier,
        regon=form.regon,
        address=form.address,
        email=form.email,
        phone=form.phone,
        bank_accounts=tuple(accounts),
    )


class ClientCompanyService:
    def __init__(
        self,
        repo: ClientCompanyRepository,
        members: CompanyMembers,
        audit: AuditLog,
        events: EventBus,
    ) -> None:
        self._repo = repo
        self._members = members
        self._audit = audit
        self._events = events

    async def view(self, actor: Actor, company_id: int) -> ClientCompanyView:
        actor, head = await self._company(actor, company_id, CompanyAction.VIEW_AS_CLIENT)
        details = await self._details(head)
        members = await self._members.members(company_id)
        data = details.data
        return ClientCompanyView(
            company_id=company_id,
            name=data.name,
            identifier_type=data.identifier_type,
            identifier=data.identifier,
            regon=data.regon,
            address=data.address,
            email=data.email,
            phone=data.phone,
            tax_form=data.tax_form,
            vat_period=data.vat_period,
            zus_payer=data.zus_payer,
            zus_account=data.zus_account,
            bank_accounts=data.bank_accounts,
            can_edit=can_on_company(actor, CompanyAction.EDIT_AS_CLIENT, head.ref),
            can_manage_accounts=can_on_company(actor, CompanyAction.MANAGE_BANK_ACCOUNTS, head.ref),
            editors=tuple(m.full_name for m in members if m.active and m.can_edit_company),
        )

    async def update(
        self, actor: Actor, company_id: int, form: ClientCompanyForm | CompanyForm
    ) -> SaveResult:
        """Save the client's fields; office-only fields in ``form`` are ignored."""
        actor, head = await self._company(actor, company_id, CompanyAction.EDIT_AS_CLIENT)
        before = await self._details(head)
        data, warnings = validate_company(merged_form(before.to_form(), form))
        if data.bank_accounts != before.data.bank_accounts and not can_on_company(
            actor, CompanyAction.MANAGE_BANK_ACCOUNTS, head.ref
        ):
            raise PermissionDenied(ACCOUNTS_NOT_ALLOWED)
        await self._require_unique(head, data)
        changes = before.data.changes_to(data)
        if changes:
            await self._repo.update(company_id, data)
            await self._audit.record(
                actor,
                "company.updated_by_client",
                f"Klient {actor.name or actor.email} zmienił dane firmy {data.name}",
                company_id,
                {"changes": changes},
                office_id=head.office_id,
            )
            await self._events.publish(CompanyChanged(head.office_id, company_id))
        return SaveResult(company_id, warnings)

    # --- helpers --------------------------------------------------------------------------

    async def _company(
        self, actor: Actor, company_id: int, action: CompanyAction
    ) -> tuple[Actor, CompanyHead]:
        """The actor with its membership as stored now, and the company, after the policy."""
        office_id = scope_office(actor, company_id)
        head = None if office_id is None else await self._repo.head(office_id, company_id)
        if head is None:
            raise NotFound()
        actor = await self._fresh(actor, head)
        require_on_company(actor, action, head.ref)
        return actor, head

    async def _fresh(self, actor: Actor, head: CompanyHead) -> Actor:
        if actor.kind is not ActorKind.CLIENT:
            return actor  # the policy refuses staff and sync: these pages are the client's
        row = await self._members.member(head.id, actor.user_id)
        if row is None or not row.active:
            raise NotFound()
        stored = Membership(
            head.id, head.office_id, ClientRole(row.role), can_edit_company=row.can_edit_company
        )
        others = tuple(m for m in actor.memberships if m.company_id != head.id)
        return replace(actor, memberships=(*others, stored))

    async def _details(self, head: CompanyHead) -> CompanyDetails:
        details = await self._repo.details(head.office_id, head.id)
        if details is None:
            raise NotFound()
        return details

    async def _require_unique(self, head: CompanyHead, data: CompanyData) -> None:
        # The other company stays unnamed: a client may not learn who else the office serves.
        other = await self._repo.find_by_identifier(
            head.office_id, data.identifier_type, data.identifier
        )
        if other is not None and other.id != head.id:
            raise ValidationError.single("identifier", IDENTIFIER_TAKEN)
