"""What an agent may read back to reconcile: the office's companies and one company's entries
of a year, with their approval state. A sync token sees its own office only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.actors import Actor
from domain.entries.approval import DataType
from domain.entries.model import encode_values
from domain.entries.ports import EntryRepository
from domain.errors import NotFound, ValidationError
from domain.identifiers import normalize_nip
from domain.policies import Action, require


@dataclass(frozen=True)
class SyncCompany:
    id: int
    name: str
    identifier_type: str
    identifier: str
    external_id: str
    active: bool


class SyncReadRepository(Protocol):
    async def company_list(self, office_id: int) -> list[SyncCompany]: ...

    async def company_by_nip(self, office_id: int, nip: str) -> SyncCompany | None: ...


@dataclass(frozen=True)
class EntryState:
    data_type: DataType
    period: str
    values: dict[str, Any]
    sent_values: dict[str, Any] | None
    status: str  # "waiting" (Niezatwierdzona) or "sent"
    sent_at: datetime | None
    source: str


class SyncReadService:
    def __init__(self, repo: SyncReadRepository, entries: EntryRepository) -> None:
        self._repo = repo
        self._entries = entries

    async def companies(self, actor: Actor) -> list[SyncCompany]:
        require(actor, Action.PUSH_SYNC_DATA)
        assert actor.office_id is not None
        return await self._repo.company_list(actor.office_id)

    async def entries(
        self, actor: Actor, nip: str, year: int
    ) -> tuple[SyncCompany, list[EntryState]]:
        require(actor, Action.PUSH_SYNC_DATA)
        assert actor.office_id is not None
        try:
            clean = normalize_nip(nip)
        except ValidationError as error:
            raise NotFound("Nie ma firmy z takim NIP-em.") from error
        company = await self._repo.company_by_nip(actor.office_id, clean)
        if company is None:
            raise NotFound("Nie ma firmy z takim NIP-em.")
        states: list[EntryState] = []
        for data_type in DataType:
            for entry in await self._entries.for_company(
                actor.office_id, company.id, data_type, year
            ):
                states.append(
                    EntryState(
                        data_type=data_type,
                        period=entry.period,
                        values=json.loads(encode_values(entry.values)),
                        sent_values=None
                        if entry.sent_values is None
                        else json.loads(encode_values(entry.sent_values)),
                        status="waiting" if entry.waiting else "sent",
                        sent_at=entry.sending.at if entry.sending else None,
                        source=entry.source.value,
                    )
                )
        return company, states
