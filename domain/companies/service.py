"""The office's companies: the list, the data, status with its history, soft delete, restore.

Every method takes the actor first and asks ``domain.policies``; list queries pass the actor's
scope (office, and a restricted employee's assigned companies) down to the repository, so a
forgotten check returns nothing. Changes are audited and announced with ``CompanyChanged``
after the repository committed them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from domain.actors import Actor
from domain.audit import AuditLog
from domain.clock import to_warsaw
from domain.companies.model import (
    RESTORE_DAYS,
    CompanyData,
    CompanyDetails,
    CompanyForm,
    CompanyHead,
    CompanyPage,
    CompanyQuery,
    DeletedCompany,
    SaveResult,
    StaffChoice,
)
from domain.companies.ports import CompanyRepository
from domain.companies.scope import company_scope, page_office
from domain.companies.validation import validate_company
from domain.errors import Conflict, NotFound, ValidationError
from domain.events import CompanyChanged
from domain.identifiers import IdentifierType
from domain.policies import Action, CompanyAction, require, require_on_company, scope_office
from domain.ports import Clock, EventBus

__all__ = [
    "CONFIRMATION_MISMATCH",
    "MAX_PER_PAGE",
    "MAX_SEARCH_LENGTH",
    "NOT_DELETED",
    "RESTORE_EXPIRED",
    "RESTORE_WINDOW",
    "CompanyRepository",
    "CompanyService",
    "company_scope",
    "page_office",
]

log = logging.getLogger(__name__)

MAX_PER_PAGE = 100
MAX_SEARCH_LENGTH = 100
RESTORE_WINDOW = timedelta(days=RESTORE_DAYS)

CONFIRMATION_MISMATCH = "Wpisz dokładnie nazwę firmy, aby potwierdzić usunięcie."
NOT_DELETED = "Ta firma nie jest usunięta."
RESTORE_EXPIRED = "Minęło 30 dni od usunięcia. Tej firmy nie można już przywrócić."
_IDENTIFIER_NAMES = {
    IdentifierType.NIP: "NIP-em",
    IdentifierType.PESEL: "numerem PESEL",
    IdentifierType.VAT_UE: "numerem VAT UE",
    IdentifierType.REGON: "numerem REGON",
}


def _whitespace_collapsed(text: str) -> str:
    return " ".join(text.split())


class CompanyService:
    def __init__(
        self, repo: CompanyRepository, audit: AuditLog, events: EventBus, clock: Clock
    ) -> None:
        self._repo = repo
        self._audit = audit
        self._events = events
        self._clock = clock

    # --- reading --------------------------------------------------------------------------

    async def list_companies(self, actor: Actor, query: CompanyQuery | None = None) -> CompanyPage:
        """One page of the office's companies the actor may see."""
        require(actor, Action.LIST_COMPANIES)
        query = query or CompanyQuery()
        clean = CompanyQuery(
            search=query.search.strip()[:MAX_SEARCH_LENGTH],
            status=query.status,
            staff_id=query.staff_id,
            sort=query.sort,
            descending=query.descending,
            page=max(query.page, 1),
            per_page=min(max(query.per_page, 1), MAX_PER_PAGE),
        )
        page = await self._repo.page(company_scope(actor), clean)
        today = to_warsaw(self._clock.now()).date()
        overdue = await self._repo.overdue_counts(
            page_office(actor), [row.id for row in page.rows], today
        )
        rows = tuple(replace(row, overdue=overdue.get(row.id, 0)) for row in page.rows)
        return replace(page, rows=rows)

    async def get(self, actor: Actor, company_id: int) -> CompanyDetails:
        head = await self._head(actor, company_id, CompanyAction.VIEW)
        details = await self._repo.details(head.office_id, company_id)
        if details is None:
            raise NotFound()
        return details

    async def staff_choices(self, actor: Actor) -> list[StaffChoice]:
        """Staff for the list's employee filter: only for those who see every company."""
        require(actor, Action.LIST_COMPANIES)
        scope = company_scope(actor)
        if scope.company_ids is not None:
            return []
        return await self._repo.staff_choices(scope.office_id)

    async def deleted_companies(self, actor: Actor) -> list[DeletedCompany]:
        """Companies deleted in the last 30 days (they can still be restored)."""
        require(actor, Action.LIST_COMPANIES)
        since = self._clock.now() - RESTORE_WINDOW
        return await self._repo.deleted_since(company_scope(actor), since)

    # --- changing -------------------------------------------------------------------------

    async def create(self, actor: Actor, form: CompanyForm) -> SaveResult:
        require(actor, Action.CREATE_COMPANY)
        scope = company_scope(actor)
        data, warnings = validate_company(form)
        await self._require_unique(scope.office_id, data, None)
        # A restricted employee is assigned to the company they create, or they would lose it.
        assign = actor.user_id if scope.company_ids is not None else None
        company_id = await self._repo.create(
            scope.office_id, data, form.active, self._clock.now(), assign
        )
        await self._audit.record(
            actor,
            "company.created",
            f"Dodano firmę {data.name}",
            company_id,
            {"values": data.audit_values(), "active": form.active},
        )
        await self._changed(scope.office_id, company_id)
        return SaveResult(company_id, warnings)

    async def update(self, actor: Actor, company_id: int, form: CompanyForm) -> SaveResult:
        head = await self._head(actor, company_id, CompanyAction.EDIT)
        before = await self._repo.details(head.office_id, company_id)
        if before is None:
            raise NotFound()
        data, warnings = validate_company(form)
        await self._require_unique(head.office_id, data, company_id)
        changes = before.data.changes_to(data)
        if changes:
            await self._repo.update(company_id, data)
            await self._audit.record(
                actor,
                "company.updated",
                f"Zmieniono dane firmy {data.name}",
                company_id,
                {"changes": changes},
            )
            await self._changed(head.office_id, company_id)
        return SaveResult(company_id, warnings)

    async def set_status(self, actor: Actor, company_id: int, active: bool) -> bool:
        """Activate or deactivate; False when the company already had that status."""
        head = await self._head(actor, company_id, CompanyAction.CHANGE_STATUS)
        return await self._apply_status(actor, head, active)

    async def set_status_many(self, actor: Actor, company_ids: Iterable[int], active: bool) -> int:
        """Bulk status change: every company is checked before any is changed."""
        heads = [
            await self._head(actor, company_id, CompanyAction.CHANGE_STATUS)
            for company_id in dict.fromkeys(company_ids)
        ]
        changed = 0
        for head in heads:
            changed += await self._apply_status(actor, head, active)
        return changed

    async def delete(self, actor: Actor, company_id: int, confirmation: str) -> None:
        """Soft delete; the typed confirmation must equal the company's name."""
        head = await self._head(actor, company_id, CompanyAction.DELETE)
        if _whitespace_collapsed(confirmation) != _whitespace_collapsed(head.name):
            raise ValidationError.single("confirmation", CONFIRMATION_MISMATCH)
        if await self._repo.soft_delete(company_id, self._clock.now()):
            await self._audit.record(
                actor, "company.deleted", f"Usunięto firmę {head.name}", company_id
            )
            await self._changed(head.office_id, company_id)

    async def restore(self, actor: Actor, company_id: int) -> None:
        """Bring back a company deleted less than 30 days ago (with its status)."""
        head = await self._head(actor, company_id, CompanyAction.DELETE, include_deleted=True)
        now = self._clock.now()
        if head.deleted_at is None:
            raise Conflict(NOT_DELETED)
        if now - head.deleted_at > RESTORE_WINDOW:
            raise Conflict(RESTORE_EXPIRED)
        if await self._repo.restore(company_id, now):
            await self._audit.record(
                actor, "company.restored", f"Przywrócono firmę {head.name}", company_id
            )
            await self._changed(head.office_id, company_id)

    async def purge_deleted(self, now: datetime | None = None) -> int:
        """Periodic work: hard-delete companies deleted more than 30 days ago (idempotent)."""
        cutoff = (now or self._clock.now()) - RESTORE_WINDOW
        purged = await self._repo.purge_deleted_before(cutoff)
        for office_id, company_id in purged:
            log.info("purged company %s of office %s", company_id, office_id)
            await self._changed(office_id, company_id)
        return len(purged)

    # --- helpers --------------------------------------------------------------------------

    async def _head(
        self,
        actor: Actor,
        company_id: int,
        action: CompanyAction,
        include_deleted: bool = False,
    ) -> CompanyHead:
        office_id = scope_office(actor, company_id)
        head = (
            None
            if office_id is None
            else await self._repo.head(office_id, company_id, include_deleted)
        )
        if head is None:
            raise NotFound()
        require_on_company(actor, action, head.ref)
        return head

    async def _apply_status(self, actor: Actor, head: CompanyHead, active: bool) -> bool:
        if head.active == active or not await self._repo.set_status(
            head.id, active, self._clock.now()
        ):
            return False
        label = "Aktywna" if active else "Nieaktywna"
        await self._audit.record(
            actor,
            "company.status",
            f"Firma {head.name}: status {label}",
            head.id,
            {"active": active},
        )
        await self._changed(head.office_id, head.id)
        return True

    async def _require_unique(
        self, office_id: int, data: CompanyData, company_id: int | None
    ) -> None:
        other = await self._repo.find_by_identifier(
            office_id, data.identifier_type, data.identifier
        )
        if other is None or other.id == company_id:
            return
        message = (
            f"Firma z tym {_IDENTIFIER_NAMES[data.identifier_type]} już istnieje w biurze: "
            f"{other.name.rstrip('.')}."
        )
        if other.deleted_at is not None:
            message += " Została usunięta: możesz ją przywrócić w „Usunięte firmy”."
        raise ValidationError.single("identifier", message)

    async def _changed(self, office_id: int, company_id: int) -> None:
        await self._events.publish(CompanyChanged(office_id, company_id))
