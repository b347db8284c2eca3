"""What the entries area needs from persistence: Protocols implemented in persistence/."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.companies.model import CompanyScope
from domain.entries.approval import ApprovalRule, DataType
from domain.entries.model import Entry, EntryValues, Sending, Source


@dataclass(frozen=True)
class WaitingEntry:
    """An entry in the approval queue, with the company it belongs to."""

    entry: Entry
    company_name: str
    company_active: bool


class EntryRepository(Protocol):
    async def for_company(
        self,
        office_id: int,
        company_id: int,
        data_type: DataType,
        year: int | None,
        *,
        unpaid_only: bool = False,
        since_year: int | None = None,
    ) -> list[Entry]:
        """Entries of one type (of one year, or from ``since_year`` on, when given; only those
        not marked paid with ``unpaid_only``), ordered by period."""
        ...

    async def years(self, office_id: int, company_id: int, data_type: DataType) -> list[int]: ...

    async def get(self, office_id: int, entry_id: int) -> Entry | None: ...

    async def by_ids(self, office_id: int, entry_ids: list[int]) -> list[Entry]: ...

    async def add(
        self, office_id: int, company_id: int, values: EntryValues, source: Source
    ) -> int:
        """Store a new entry (waiting); raises ``Conflict`` when its natural key is taken."""
        ...

    async def change_values(self, entry_id: int, values: EntryValues) -> None:
        """New current values; raises ``Conflict`` when the new natural key is taken."""
        ...

    async def delete(self, entry_id: int) -> None: ...

    async def waiting(self, scope: CompanyScope) -> list[WaitingEntry]:
        """Everything waiting for approval in the scope (active and inactive companies)."""
        ...

    async def waiting_count(self, scope: CompanyScope) -> int: ...

    async def waiting_ids(
        self, office_id: int, data_type: DataType, company_ids: Iterable[int] | None = None
    ) -> list[int]: ...

    async def send(self, office_id: int, entry_ids: Iterable[int], sending: Sending) -> list[Entry]:
        """Make the current values the sent ones (only for entries that wait); the entries
        actually sent, as they are now."""
        ...


class ApprovalRuleRepository(Protocol):
    async def rules(self, office_id: int) -> dict[DataType, ApprovalRule]:
        """The office's rule per data type (manual where none is stored)."""
        ...

    async def save(self, office_id: int, data_type: DataType, rule: ApprovalRule) -> None: ...

    async def scheduled(self) -> list[tuple[int, DataType, ApprovalRule, datetime | None]]:
        """Every scheduled rule of every office: (office id, type, rule, last run)."""
        ...

    async def mark_run(
        self, office_id: int, data_type: DataType, previous: datetime | None, at: datetime
    ) -> bool:
        """Record a scheduled run if the last run is still ``previous``; False when another
        process recorded this run first (so only one of them sends)."""
        ...
