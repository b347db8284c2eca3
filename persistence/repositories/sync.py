"""Sync tokens, stored batches (each applied through one ``IngestUnitRepo`` transaction, see
``persistence.repositories.ingest_unit``) and the agent's read-back of companies."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.entries.approval import DataType
from domain.identifiers import IdentifierType
from domain.sync.ports import (
    BatchRecord,
    BatchState,
)
from domain.sync.reconcile import SyncCompany
from domain.sync.tokens import SyncTokenInfo, TokenOwner
from persistence.models import Company, SyncBatch, SyncToken
from persistence.models import Entry as EntryRow
from persistence.repositories.ingest_unit import IngestUnitRepo

BATCH_FIELDS = (
    "id",
    "office_id",
    "batch_id",
    "content_hash",
    "status",
    "received_at",
    "finished_at",
    "summary",
    "errors",
    "records",
)


def _token(row: SyncToken) -> SyncTokenInfo:
    return SyncTokenInfo(
        id=row.id,
        name=row.name,
        hint=row.hint,
        created_at=row.created_at,
        created_by=row.created_by_name,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def _batch(row: dict[str, Any]) -> BatchRecord:
    return BatchRecord(
        pk=row["id"],
        office_id=row["office_id"],
        batch_id=row["batch_id"],
        content_hash=row["content_hash"],
        status=BatchState(row["status"]),
        received_at=row["received_at"],
        finished_at=row["finished_at"],
        summary=json.loads(row["summary"]),
        errors=json.loads(row["errors"]),
        records=row["records"],
    )


class SyncTokenRepo:
    async def add(
        self, office_id: int, name: str, token_hash: str, hint: str, by: str, at: datetime
    ) -> SyncTokenInfo:
        row = await SyncToken.create(
            office_id=office_id,
            name=name,
            token_hash=token_hash,
            hint=hint,
            created_by_name=by,
            created_at=at,
        )
        return _token(row)

    async def list(self, office_id: int) -> list[SyncTokenInfo]:
        rows = await SyncToken.filter(office_id=office_id).order_by("revoked_at", "-created_at")
        return [_token(row) for row in rows]

    async def revoke(self, office_id: int, token_id: int, at: datetime) -> bool:
        changed = await SyncToken.filter(
            id=token_id, office_id=office_id, revoked_at__isnull=True
        ).update(revoked_at=at)
        return bool(changed)

    async def find_active(self, token_hash: str) -> TokenOwner | None:
        row = await SyncToken.get_or_none(token_hash=token_hash, revoked_at__isnull=True)
        if row is None:
            return None
        return TokenOwner(row.id, row.office_id, row.name)  # type: ignore[attr-defined]

    async def touch(self, token_id: int, at: datetime) -> None:
        await SyncToken.filter(id=token_id).update(last_used_at=at)


class SyncBatchRepo:
    async def find(self, office_id: int, batch_id: str) -> BatchRecord | None:
        row = (
            await SyncBatch.filter(office_id=office_id, batch_id=batch_id)
            .first()
            .values(*BATCH_FIELDS)
        )
        return None if row is None else _batch(row)

    async def get(self, pk: int) -> BatchRecord | None:
        row = await SyncBatch.filter(id=pk).first().values(*BATCH_FIELDS)
        return None if row is None else _batch(row)

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
        try:
            await SyncBatch.create(
                office_id=office_id,
                batch_id=batch_id,
                content_hash=content_hash,
                token_id=token_id,
                program=source[0][:100],
                agent=source[1][:100],
                records=records,
                payload=payload,
                received_at=at,
            )
            created = True
        except IntegrityError:
            created = False  # the same batch arrived twice at once: the first one stands
        found = await self.find(office_id, batch_id)
        assert found is not None
        return found, created

    async def payload(self, pk: int) -> bytes:
        value = await SyncBatch.filter(id=pk).first().values_list("payload", flat=True)
        return bytes(value or b"")

    async def set_processing(self, pk: int) -> bool:
        changed = await SyncBatch.filter(
            id=pk, status__in=[BatchState.QUEUED.value, BatchState.PROCESSING.value]
        ).update(status=BatchState.PROCESSING.value)
        return bool(changed)

    async def fail(self, pk: int, errors: list[dict[str, Any]], at: datetime) -> None:
        await SyncBatch.filter(id=pk).update(
            status=BatchState.FAILED.value, errors=json.dumps(errors), finished_at=at
        )

    @asynccontextmanager
    async def unit(self, office_id: int) -> AsyncIterator[IngestUnitRepo]:
        async with in_transaction() as connection:
            yield IngestUnitRepo(office_id, connection)

    async def auto_sent(
        self, office_id: int, batch_ref: str, since: datetime
    ) -> list[tuple[int, int, DataType]]:
        rows = await EntryRow.filter(
            office_id=office_id,
            batch_ref=batch_ref,
            sent_at__gte=since,
            sent_by_id__isnull=True,
            waiting=False,
        ).values_list("id", "company_id", "data_type")
        return [(int(r[0]), int(r[1]), DataType(r[2])) for r in rows]

    async def recent(self, office_id: int, limit: int) -> list[BatchRecord]:
        rows = (
            await SyncBatch.filter(office_id=office_id)
            .order_by("-received_at", "-id")
            .limit(limit)
            .values(*BATCH_FIELDS)
        )
        return [_batch(row) for row in rows]


class SyncReadRepo:
    """``domain.sync.reconcile.SyncReadRepository``: companies as the agent sees them."""

    FIELDS = ("id", "name", "identifier_type", "identifier", "external_id", "active")

    async def company_list(self, office_id: int) -> list[SyncCompany]:
        rows = (
            await Company.filter(office_id=office_id, deleted_at__isnull=True)
            .order_by("name", "id")
            .values(*self.FIELDS)
        )
        return [SyncCompany(**row) for row in rows]

    async def company_by_nip(self, office_id: int, nip: str) -> SyncCompany | None:
        row = (
            await Company.filter(
                office_id=office_id,
                identifier_type=IdentifierType.NIP.value,
                identifier=nip,
                deleted_at__isnull=True,
            )
            .first()
            .values(*self.FIELDS)
        )
        return None if row is None else SyncCompany(**row)
