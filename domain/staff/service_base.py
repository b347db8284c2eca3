"""The shared part of the staff service: its dependencies and the checks every staff
operation starts with (who is asking, and do the ids belong to their office)."""

from __future__ import annotations

from domain.actors import Actor, CompanyRef
from domain.audit import AuditLog
from domain.errors import NotFound, PermissionDenied
from domain.events import DomainEvent
from domain.policies import Action, CompanyAction, require, require_on_company
from domain.ports import EventBus
from domain.staff.model import StaffMember
from domain.staff.ports import AssignmentRepository, StaffAccounts, StaffRepository


class StaffServiceBase:
    """Dependencies and office checks shared by the staff and assignment operations."""

    def __init__(
        self,
        staff: StaffRepository,
        assignments: AssignmentRepository,
        accounts: StaffAccounts,
        audit: AuditLog,
        events: EventBus,
    ) -> None:
        self._staff = staff
        self._assignments = assignments
        self._accounts = accounts
        self._audit = audit
        self._events = events

    # --- who is asking, and about what ---------------------------------------------------

    async def _manager(self, actor: Actor) -> int:
        """The office of an administrator who may manage staff.

        The actor of an open page may be older than a demotion or deactivation, so the
        database is asked once more whether the actor is still an active administrator.
        """
        require(actor, Action.MANAGE_STAFF)
        if actor.office_id is None or not await self._staff.is_active_admin(
            actor.office_id, actor.user_id
        ):
            raise PermissionDenied()
        return actor.office_id

    def _staff_office(self, actor: Actor) -> int:
        """The office of any staff member (the dashboard right is what every staff has)."""
        require(actor, Action.VIEW_OFFICE_DASHBOARD)
        if actor.office_id is None:
            raise PermissionDenied()
        return actor.office_id

    async def _member(self, office_id: int, staff_id: int) -> StaffMember:
        member = await self._staff.get(office_id, staff_id)
        if member is None:
            raise NotFound()
        return member

    async def _visible_company(self, actor: Actor, company_id: int) -> CompanyRef:
        self._staff_office(actor)
        company = await self._assignments.company(company_id)
        if company is None:
            raise NotFound()
        require_on_company(actor, CompanyAction.VIEW, company)
        return company

    async def _require_companies(self, office_id: int, company_ids: set[int]) -> None:
        if company_ids and (
            await self._assignments.companies_in_office(office_id, company_ids) != company_ids
        ):
            raise NotFound()

    async def _require_staff(self, office_id: int, staff_ids: set[int]) -> None:
        known = {c.id for c in await self._staff.choices(office_id)}
        if not staff_ids <= known:
            raise NotFound()

    async def _publish(self, *events: DomainEvent) -> None:
        for event in events:
            await self._events.publish(event)
