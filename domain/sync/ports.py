"""What batch intake and ingestion need from persistence."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from domain.companies.model import CompanyData
from domain.entries.approval import DataType
from domain.identifiers import IdentifierType


class BatchState(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class BatchRecord:
    pk: int
    office_id: int
    batch_id: str
    content_hash: str
    status: BatchState
    received_at: datetime
    finished_at: datetime | None = None
    summary: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    records: int = 0


@dataclass(frozen=True)
class KnownCompany:
    id: int
    name: str
    identifier_type: IdentifierType
    identifier: str
    external_id: str
    regon: str
    email: str
    phone: str
    address: str
    deleted: bool = False  # soft-deleted in Biurko: its identifier stays taken until purged


# Plain tuples rather than dataclasses: a batch makes tens of thousands of them.
NewEntryRow = tuple[int, str, str, str]
"""A new entry: (company id, natural key, period, canonical JSON of the values)."""
StoredRow = tuple[int, str, str | None]
"""A stored entry as ingestion compares it: (entry id, values JSON, sent JSON or None)."""


@dataclass(frozen=True)
class EntryUpdateRow:
    id: int
    values_json: str
    sent_json: str | None  # after the update (the new values when sent at once)
    sent: bool


class IngestUnit(Protocol):
    """One database transaction: everything a batch changes, and its final status."""

    async def companies(self) -> list[KnownCompany]: ...

    async def create_company(self, data: CompanyData, external_id: str, at: datetime) -> int: ...

    async def fill_company(self, company_id: int, changes: dict[str, str]) -> None: ...

    async def stored_entries(
        self, company_ids: Iterable[int], data_type: DataType, periods: Collection[str]
    ) -> dict[tuple[int, str], StoredRow]:
        """Existing entries of these companies in these periods by (company id, natural key)
        (the natural key names the period: no other entry can match a record of the batch)."""
        ...

    async def insert_entries(
        self, data_type: DataType, rows: list[NewEntryRow], sent: bool, batch_ref: str, at: datetime
    ) -> None:
        """New entries of one type; ``sent``: sent at once (approval on every sync)."""
        ...

    async def update_entries(
        self, rows: list[EntryUpdateRow], batch_ref: str, at: datetime
    ) -> None: ...

    async def finish(
        self,
        pk: int,
        summary: dict[str, dict[str, int]],
        errors: list[dict[str, Any]],
        at: datetime,
    ) -> None: ...


class SyncBatchRepository(Protocol):
    async def find(self, office_id: int, batch_id: str) -> BatchRecord | None: ...

    async def get(self, pk: int) -> BatchRecord | None: ...

    async def add(
        self,
        office_id: int,
        batch_id: str,
        content_hash: str,
        token_id: int | None,
        source: tuple[str, str],
        records: int,
        payload: bytes,
        at: datetime,
    ) -> tuple[BatchRecord, bool]:
        """Store a new batch; when the id is taken (a race), the stored one and False."""
        ...

    async def payload(self, pk: int) -> bytes: ...

    async def set_processing(self, pk: int) -> bool:
        """Queued -> processing; False when the batch has already finished."""
        ...

    async def fail(self, pk: int, errors: list[dict[str, Any]], at: datetime) -> None: ...

    def unit(self, office_id: int) -> AbstractAsyncContextManager[IngestUnit]: ...

    async def auto_sent(
        self, office_id: int, batch_ref: str, since: datetime
    ) -> list[tuple[int, int, DataType]]:
        """(entry id, company id, type) of entries this batch sent at once."""
        ...

    async def recent(self, office_id: int, limit: int) -> list[BatchRecord]: ...
