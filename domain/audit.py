"""The audit log: who changed what and when. Append-only by construction (no update API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from domain.actors import Actor
from domain.clock import WARSAW
from domain.errors import NotFound
from domain.policies import Action, require


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_name: str
    kind: str
    company_id: int | None
    summary: str
    details: dict[str, Any]


class AuditRepository(Protocol):
    async def add(
        self,
        office_id: int | None,
        actor_kind: str,
        actor_id: int | None,
        actor_name: str,
        kind: str,
        company_id: int | None,
        summary: str,
        details: dict[str, Any],
    ) -> None: ...


class AuditLog:
    def __init__(self, repo: AuditRepository) -> None:
        self._repo = repo

    async def record(
        self,
        actor: Actor,
        kind: str,
        summary: str,
        company_id: int | None = None,
        details: dict[str, Any] | None = None,
        office_id: int | None = None,
    ) -> None:
        await self._repo.add(
            office_id if office_id is not None else actor.office_id,
            actor.kind.value,
            actor.user_id,
            actor.name or actor.email,
            kind,
            company_id,
            summary,
            details or {},
        )


# --- Reading the log (the office panel's "Dziennik zmian") ----------------------------------

AUDIT_PAGE_SIZE = 50
AUDIT_MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class AuditFilter:
    """What to look for; every criterion is optional. Days are Warsaw calendar days, both
    inclusive. ``actor_name`` matches part of the name, ``actor_id`` (with ``actor_kind``) one
    person exactly."""

    company_id: int | None = None
    actor_name: str = ""
    actor_kind: str = ""
    actor_id: int | None = None
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditSearch:
    """A filter turned into what the repository needs: UTC bounds and a page window."""

    company_id: int | None
    actor_name: str
    actor_kind: str
    actor_id: int | None
    kind: str
    since: datetime | None
    until: datetime | None
    offset: int
    limit: int


@dataclass(frozen=True)
class AuditPage:
    entries: tuple[AuditEntry, ...]
    total: int
    page: int
    page_size: int
    company_names: dict[int, str]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class AuditPerson:
    kind: str
    id: int | None
    name: str


@dataclass(frozen=True)
class AuditFilterOptions:
    """What the filters can offer: the kinds, people and companies present in the log."""

    kinds: tuple[str, ...]
    people: tuple[AuditPerson, ...]
    companies: tuple[tuple[int, str], ...]


class AuditSearchRepository(Protocol):
    async def search(self, office_id: int, search: AuditSearch) -> tuple[list[AuditEntry], int]:
        """One page of the office's entries, newest first, and the number of all matches."""
        ...

    async def company_names(self, office_id: int, company_ids: set[int]) -> dict[int, str]:
        """Names of the office's companies (deleted ones too; purged ones are missing)."""
        ...

    async def filter_options(self, office_id: int) -> AuditFilterOptions: ...


class AuditQuery:
    """Read-only: the log can be searched and never edited (there is no such method)."""

    def __init__(self, *, repo: AuditSearchRepository) -> None:
        self._repo = repo

    async def search(
        self,
        actor: Actor,
        filters: AuditFilter | None = None,
        page: int = 1,
        page_size: int = AUDIT_PAGE_SIZE,
    ) -> AuditPage:
        office_id = _audit_office(actor)
        filters = filters or AuditFilter()
        page = max(1, page)
        page_size = min(max(1, page_size), AUDIT_MAX_PAGE_SIZE)
        search = AuditSearch(
            company_id=filters.company_id,
            actor_name=" ".join(filters.actor_name.split()),
            actor_kind=filters.actor_kind,
            actor_id=filters.actor_id,
            kind=filters.kind.strip(),
            since=_day_start(filters.date_from) if filters.date_from else None,
            until=(_day_start(filters.date_to + timedelta(days=1)) if filters.date_to else None),
            offset=(page - 1) * page_size,
            limit=page_size,
        )
        entries, total = await self._repo.search(office_id, search)
        company_ids = {e.company_id for e in entries if e.company_id is not None}
        names = await self._repo.company_names(office_id, company_ids) if company_ids else {}
        return AuditPage(tuple(entries), total, page, page_size, names)

    async def filter_options(self, actor: Actor) -> AuditFilterOptions:
        return await self._repo.filter_options(_audit_office(actor))


def _audit_office(actor: Actor) -> int:
    require(actor, Action.VIEW_AUDIT_LOG)
    if actor.office_id is None:
        raise NotFound()
    return actor.office_id


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=WARSAW).astimezone(UTC)
