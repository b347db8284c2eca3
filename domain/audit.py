"""The audit log: who changed what and when. Append-only by construction (no update API)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.actors import Actor


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
