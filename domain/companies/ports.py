"""The companies' storage port: what the company service, and services reading companies, need."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from domain.companies.company_list import (
    CompanyPage,
    CompanyQuery,
    CompanyScope,
    DeletedCompany,
    StaffChoice,
)
from domain.companies.model import CompanyData, CompanyDetails, CompanyHead
from domain.identifiers import IdentifierType


class CompanyRepository(Protocol):
    async def head(
        self, office_id: int, company_id: int, include_deleted: bool = False
    ) -> CompanyHead | None:
        """The company if it belongs to ``office_id``; the caller still checks the policy."""
        ...

    async def details(self, office_id: int, company_id: int) -> CompanyDetails | None: ...

    async def find_by_identifier(
        self, office_id: int, identifier_type: IdentifierType, identifier: str
    ) -> CompanyHead | None:
        """Deleted companies included: the identifier stays taken until they are purged."""
        ...

    async def create(
        self,
        office_id: int,
        data: CompanyData,
        active: bool,
        now: datetime,
        assign_staff_id: int | None,
    ) -> int:
        """Store a company with its accounts (and an open status interval when active)."""
        ...

    async def update(self, company_id: int, data: CompanyData) -> None: ...

    async def set_status(self, company_id: int, active: bool, now: datetime) -> bool:
        """Switch status and open or close the status interval; False when nothing changed."""
        ...

    async def soft_delete(self, company_id: int, now: datetime) -> bool: ...

    async def restore(self, company_id: int, now: datetime) -> bool: ...

    async def purge_deleted_before(self, cutoff: datetime) -> list[tuple[int, int]]:
        """Hard-delete companies deleted before ``cutoff``; their (office id, company id)."""
        ...

    async def page(self, scope: CompanyScope, query: CompanyQuery) -> CompanyPage: ...

    async def deleted_since(self, scope: CompanyScope, since: datetime) -> list[DeletedCompany]: ...

    async def staff_choices(self, office_id: int) -> list[StaffChoice]: ...

    async def overdue_counts(
        self, office_id: int, company_ids: list[int], today: date
    ) -> dict[int, int]:
        """Sent, unpaid ZUS and tax items past due, per company (one query)."""
        ...
