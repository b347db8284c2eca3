"""Client users of a company: add (or join an existing account), activation, deactivate, remove.

One e-mail address is one ``ClientUser`` across companies and offices: adding an address that
already has an account only adds the membership in this company, and never changes the
person's name or phone (another office may know them).
"""

from __future__ import annotations

from typing import Protocol

from domain.actors import Actor, ActorKind
from domain.audit import AuditLog
from domain.companies.model import (
    AddUserResult,
    ClientUserData,
    ClientUserForm,
    ClientUserRow,
    CompanyHead,
    ExistingClientUser,
)
from domain.companies.validation import validate_client_user
from domain.errors import Conflict, NotFound, ValidationError
from domain.events import CompanyChanged
from domain.policies import CompanyAction, require_on_company, scope_office
from domain.ports import EventBus

ALREADY_MEMBER = "Ta osoba jest już użytkownikiem tej firmy."
STAFF_EMAIL = "Ten adres e-mail należy do pracownika biura. Podaj inny adres."
ALREADY_ACTIVATED = "To konto jest już aktywne: użytkownik ustawił hasło."


class CompanyHeads(Protocol):
    async def head(
        self, office_id: int, company_id: int, include_deleted: bool = False
    ) -> CompanyHead | None: ...


class ActivationSender(Protocol):
    async def send_activation(self, kind: ActorKind, user_id: int) -> None: ...


class ClientUserRepository(Protocol):
    async def members(self, company_id: int) -> list[ClientUserRow]: ...

    async def member(self, company_id: int, user_id: int) -> ClientUserRow | None: ...

    async def find_by_email(self, email: str) -> ExistingClientUser | None: ...

    async def is_staff_email(self, email: str) -> bool: ...

    async def add_member(
        self, company_id: int, existing_user_id: int | None, data: ClientUserData
    ) -> int:
        """Create the person when new, then the membership, in one transaction; the user id."""
        ...

    async def set_member_active(self, company_id: int, user_id: int, active: bool) -> bool: ...

    async def remove_member(self, company_id: int, user_id: int) -> bool: ...


class ClientUserService:
    def __init__(
        self,
        repo: ClientUserRepository,
        companies: CompanyHeads,
        activation: ActivationSender,
        audit: AuditLog,
        events: EventBus,
    ) -> None:
        self._repo = repo
        self._companies = companies
        self._activation = activation
        self._audit = audit
        self._events = events

    async def list_users(self, actor: Actor, company_id: int) -> list[ClientUserRow]:
        await self._company(actor, company_id, CompanyAction.VIEW)
        return await self._repo.members(company_id)

    async def add_user(self, actor: Actor, company_id: int, form: ClientUserForm) -> AddUserResult:
        """Add a person to the company; an existing account only gets the membership."""
        company = await self._company(actor, company_id, CompanyAction.MANAGE_USERS)
        data = validate_client_user(form)
        if await self._repo.is_staff_email(data.email):
            raise ValidationError.single("email", STAFF_EMAIL)
        existing = await self._repo.find_by_email(data.email)
        if existing is not None and await self._repo.member(company_id, existing.id):
            raise ValidationError.single("email", ALREADY_MEMBER)
        user_id = await self._repo.add_member(company_id, existing.id if existing else None, data)
        # After the commit: the e-mail job must never run inside the transaction.
        needs_activation = existing is None or existing.activated_at is None
        send = form.send_activation and needs_activation
        if send:
            await self._activation.send_activation(ActorKind.CLIENT, user_id)
        await self._audit.record(
            actor,
            "user.invited",
            f"Dodano użytkownika {data.email} do firmy {company.name}",
            company_id,
            {
                "user_id": user_id,
                "email": data.email,
                "role": data.role.value,
                "can_edit_company": data.can_edit_company,
                "use_email": data.use_email,
                "existing_account": existing is not None,
                "activation_sent": send,
            },
        )
        await self._changed(company)
        return AddUserResult(user_id, existing is not None, send)

    async def resend_activation(self, actor: Actor, company_id: int, user_id: int) -> None:
        company = await self._company(actor, company_id, CompanyAction.MANAGE_USERS)
        member = await self._member(company_id, user_id)
        if member.activated:
            raise Conflict(ALREADY_ACTIVATED)
        await self._activation.send_activation(ActorKind.CLIENT, user_id)
        await self._audit.record(
            actor,
            "user.activation_resent",
            f"Wysłano ponownie link aktywacyjny do {member.email}",
            company_id,
            {"user_id": user_id, "email": member.email},
        )
        await self._changed(company)

    async def deactivate(self, actor: Actor, company_id: int, user_id: int) -> None:
        """The person can no longer use this company (other memberships stay)."""
        await self._set_active(actor, company_id, user_id, False)

    async def reactivate(self, actor: Actor, company_id: int, user_id: int) -> None:
        await self._set_active(actor, company_id, user_id, True)

    async def remove(self, actor: Actor, company_id: int, user_id: int) -> None:
        """Remove the membership; the account stays for the person's other companies."""
        company = await self._company(actor, company_id, CompanyAction.MANAGE_USERS)
        member = await self._member(company_id, user_id)
        if await self._repo.remove_member(company_id, user_id):
            await self._audit.record(
                actor,
                "user.removed",
                f"Usunięto użytkownika {member.email} z firmy {company.name}",
                company_id,
                {"user_id": user_id, "email": member.email},
            )
            await self._changed(company)

    async def _set_active(self, actor: Actor, company_id: int, user_id: int, active: bool) -> None:
        company = await self._company(actor, company_id, CompanyAction.MANAGE_USERS)
        member = await self._member(company_id, user_id)
        if not await self._repo.set_member_active(company_id, user_id, active):
            return
        kind, verb = (
            ("user.reactivated", "Przywrócono") if active else ("user.deactivated", "Wyłączono")
        )
        await self._audit.record(
            actor,
            kind,
            f"{verb} dostęp {member.email} do firmy {company.name}",
            company_id,
            {"user_id": user_id, "email": member.email},
        )
        await self._changed(company)

    async def _company(self, actor: Actor, company_id: int, action: CompanyAction) -> CompanyHead:
        office_id = scope_office(actor, company_id)
        head = None if office_id is None else await self._companies.head(office_id, company_id)
        if head is None:
            raise NotFound()
        require_on_company(actor, action, head.ref)
        return head

    async def _member(self, company_id: int, user_id: int) -> ClientUserRow:
        member = await self._repo.member(company_id, user_id)
        if member is None:
            raise NotFound()
        return member

    async def _changed(self, company: CompanyHead) -> None:
        await self._events.publish(CompanyChanged(company.office_id, company.id))
