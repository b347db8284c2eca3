"""Assignments of employees to companies, edited from either side (the employee's or the
company's) or in bulk, with one audit entry per member whose assignments changed."""

from __future__ import annotations

from collections.abc import Iterable

from domain.actors import Actor
from domain.errors import ValidationError
from domain.events import CompanyChanged, StaffChanged
from domain.staff.model import StaffChoice
from domain.staff.service_base import StaffServiceBase
from domain.staff.texts import NO_COMPANY_CHOSEN, NO_STAFF_CHOSEN


class StaffAssignments(StaffServiceBase):
    """Reading and changing which employees are assigned to which companies."""

    async def assignments_of(self, actor: Actor, staff_id: int) -> set[int]:
        """Companies the member is assigned to: for administrators, and for the member."""
        if actor.is_staff and staff_id == actor.user_id:
            office_id = self._staff_office(actor)
        else:
            office_id = await self._manager(actor)
        await self._member(office_id, staff_id)
        pairs = await self._assignments.pairs(office_id, staff_ids={staff_id})
        return {company_id for _, company_id in pairs}

    async def set_assignments(
        self, actor: Actor, staff_id: int, company_ids: Iterable[int]
    ) -> None:
        """Make ``company_ids`` the member's assignments (from the employee's side)."""
        office_id = await self._manager(actor)
        wanted = set(company_ids)
        async with self._staff.serialized(office_id):
            await self._member(office_id, staff_id)
            await self._require_companies(office_id, wanted)
            current = await self._assignments.pairs(office_id, staff_ids={staff_id})
            target = {(staff_id, company_id) for company_id in wanted}
            added, removed = target - current, current - target
            await self._assignments.add(added)
            await self._assignments.remove(removed)
        await self._after_assignment_change(actor, office_id, added, removed)

    async def staff_of_company(self, actor: Actor, company_id: int) -> set[int]:
        """Ids of the staff assigned to the company; for staff who may see the company."""
        company = await self._visible_company(actor, company_id)
        pairs = await self._assignments.pairs(company.office_id, company_ids={company_id})
        return {staff_id for staff_id, _ in pairs}

    async def assigned_staff(self, actor: Actor, company_id: int) -> list[StaffChoice]:
        """The staff assigned to the company, with names (deactivated ones marked)."""
        company = await self._visible_company(actor, company_id)
        pairs = await self._assignments.pairs(company.office_id, company_ids={company_id})
        assigned = {staff_id for staff_id, _ in pairs}
        return [c for c in await self._staff.choices(company.office_id) if c.id in assigned]

    async def set_company_staff(
        self, actor: Actor, company_id: int, staff_ids: Iterable[int]
    ) -> None:
        """Make ``staff_ids`` the company's assigned staff (from the company's side)."""
        office_id = await self._manager(actor)
        wanted = set(staff_ids)
        async with self._staff.serialized(office_id):
            await self._require_companies(office_id, {company_id})
            await self._require_staff(office_id, wanted)
            current = await self._assignments.pairs(office_id, company_ids={company_id})
            target = {(staff_id, company_id) for staff_id in wanted}
            added, removed = target - current, current - target
            await self._assignments.add(added)
            await self._assignments.remove(removed)
        await self._after_assignment_change(actor, office_id, added, removed)

    async def bulk_assign(
        self, actor: Actor, company_ids: Iterable[int], staff_ids: Iterable[int]
    ) -> int:
        """Assign every given member to every given company (adds, never removes). Returns
        how many new assignments were made."""
        office_id = await self._manager(actor)
        companies, staff = set(company_ids), set(staff_ids)
        if not companies:
            raise ValidationError.single("companies", NO_COMPANY_CHOSEN)
        if not staff:
            raise ValidationError.single("staff", NO_STAFF_CHOSEN)
        async with self._staff.serialized(office_id):
            await self._require_companies(office_id, companies)
            await self._require_staff(office_id, staff)
            current = await self._assignments.pairs(
                office_id, staff_ids=staff, company_ids=companies
            )
            added = {(s, c) for s in staff for c in companies} - current
            await self._assignments.add(added)
        await self._after_assignment_change(actor, office_id, added, set())
        return len(added)

    async def _after_assignment_change(
        self,
        actor: Actor,
        office_id: int,
        added: set[tuple[int, int]],
        removed: set[tuple[int, int]],
    ) -> None:
        """One audit entry per member whose assignments changed, then the events."""
        if not added and not removed:
            return
        names = {c.id: c.name for c in await self._staff.choices(office_id)}
        changed_staff = sorted({s for s, _ in added | removed})
        changed_companies = sorted({c for _, c in added | removed})
        for staff_id in changed_staff:
            plus = sorted(c for s, c in added if s == staff_id)
            minus = sorted(c for s, c in removed if s == staff_id)
            touched = set(plus) | set(minus)
            await self._audit.record(
                actor,
                "assignment.changed",
                f"Przydział firm: {names.get(staff_id, staff_id)} "
                f"(dodane: {len(plus)}, usunięte: {len(minus)})",
                company_id=next(iter(touched)) if len(touched) == 1 else None,
                details={"staff_id": staff_id, "added": plus, "removed": minus},
            )
        await self._publish(
            *(StaffChanged(office_id, staff_id) for staff_id in changed_staff),
            *(CompanyChanged(office_id, company_id) for company_id in changed_companies),
        )
