"""What the staff service needs from outside the domain: the staff and assignment
repositories and the auth service's account operations."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from domain.actors import ActorKind, CompanyRef, StaffRole
from domain.staff.model import StaffChoice, StaffMember


class StaffRepository(Protocol):
    """Staff users of one office; every method is scoped by the office id."""

    def serialized(self, office_id: int) -> AbstractAsyncContextManager[None]:
        """A transaction in which this office's staff changes run one at a time."""
        ...

    async def list_members(self, office_id: int) -> list[StaffMember]:
        """All staff of the office with their assignment counts, in a constant number of
        queries."""
        ...

    async def get(self, office_id: int, staff_id: int) -> StaffMember | None: ...

    async def choices(self, office_id: int) -> list[StaffChoice]:
        """Every staff member of the office (active or not), sorted by name."""
        ...

    async def is_active_admin(self, office_id: int, staff_id: int) -> bool: ...

    async def count_admins_who_can_log_in(self, office_id: int) -> int: ...

    async def email_in_use(self, email: str) -> bool:
        """Is the address used by any staff user or client user (of any office)?"""
        ...

    async def create(
        self, office_id: int, first_name: str, last_name: str, email: str, role: StaffRole
    ) -> int:
        """A new staff user without a password; raises ``Conflict`` for a taken e-mail."""
        ...

    async def set_role(self, office_id: int, staff_id: int, role: StaffRole) -> None: ...

    async def set_active(self, office_id: int, staff_id: int, active: bool) -> None: ...

    async def delete(self, office_id: int, staff_id: int) -> None:
        """Remove the user, their assignments and unused links; ``Conflict`` when other data
        still points at them."""
        ...

    async def restriction(self, office_id: int) -> bool: ...

    async def set_restriction(self, office_id: int, on: bool) -> None: ...


class AssignmentRepository(Protocol):
    """Assignments of staff to companies, as (staff id, company id) pairs. Deleted companies
    are invisible here: they are neither listed, nor counted, nor accepted."""

    async def company(self, company_id: int) -> CompanyRef | None:
        """A company that is not deleted."""
        ...

    async def companies_in_office(self, office_id: int, company_ids: set[int]) -> set[int]:
        """Those of ``company_ids`` that are the office's companies (not deleted)."""
        ...

    async def company_choices(self, office_id: int) -> list[tuple[int, str]]:
        """The office's companies (active and inactive, not deleted) by name."""
        ...

    async def pairs(
        self,
        office_id: int,
        staff_ids: set[int] | None = None,
        company_ids: set[int] | None = None,
    ) -> set[tuple[int, int]]:
        """Existing assignments of the office, optionally only of these staff / companies."""
        ...

    async def add(self, pairs: set[tuple[int, int]]) -> None:
        """Create assignments; pairs that exist already are ignored."""
        ...

    async def remove(self, pairs: set[tuple[int, int]]) -> None: ...


class StaffAccounts(Protocol):
    """What the staff service needs from the auth service."""

    async def send_activation(self, kind: ActorKind, user_id: int) -> None: ...

    async def end_all_sessions(self, kind: ActorKind, user_id: int) -> None: ...
