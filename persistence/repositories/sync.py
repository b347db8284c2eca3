"""Sync tokens, stored batches and the ingestion unit (one transaction per batch).

Ingestion works in bulk: one SELECT for the stored entries of a section, then bulk writes, so
a batch of thousands of records costs a handful of round trips rather than one per record. On
PostgreSQL (asyncpg) the unit uses the transaction's own asyncpg connection: new entries go in
with ``COPY`` (binary, straight into ``entries``: a clash with an existing key fails the batch
just like an INSERT would) and changed ones with one ``UPDATE ... FROM unnest(...)``. Other
backends (SQLite) use ``execute_many``. Either way everything happens in the unit's transaction.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.companies.model import CompanyData
from domain.entries.approval import DataType
from domain.entries.model import StoredEntry, period_year
from domain.identifiers import IdentifierType
from domain.sync.ports import (
    BatchRecord,
    BatchState,
    EntryUpdateRow,
    KnownCompany,
    NewEntryRow,
)
from domain.sync.reconcile import SyncCompany
from domain.sync.tokens import SyncTokenInfo, TokenOwner
from persistence.models import Company, CompanyStatusInterval, SyncBatch, SyncToken
from persistence.models import Entry as EntryRow

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
CHUNK = 2000  # rows per execute_many call: bounded memory for the driver's buffers
BULK_CHUNK = 20_000  # rows per COPY / UPDATE ... FROM unnest on PostgreSQL
NEW_ENTRY_COLUMNS = (
    "company_id",
    "office_id",
    "data_type",
    "natural_key",
    "period",
    "year",
    "values_json",
    "sent_json",
    "waiting",
    "source",
    "batch_ref",
    "sent_at",
    "sent_by_name",
    "created_at",
    "updated_at",
)
STORED_ENTRIES_SQL = (
    "SELECT company_id, natural_key, id, values_json, sent_json FROM entries"
    " WHERE office_id = $1 AND data_type = $2 AND company_id = ANY($3::int[])"
)
# An entry sent at once gets a new sending stamp; otherwise the old one stays.
UPDATE_ENTRIES_SQL = (
    "UPDATE entries AS e SET values_json = u.values_json, sent_json = u.sent_json,"
    " waiting = u.waiting, source = 'sync', batch_ref = $6, updated_at = $7,"
    " sent_at = CASE WHEN u.sent THEN $7 ELSE e.sent_at END,"
    " sent_by_id = CASE WHEN u.sent THEN NULL ELSE e.sent_by_id END,"
    " sent_by_name = CASE WHEN u.sent THEN '' ELSE e.sent_by_name END"
    " FROM unnest($1::int[], $2::text[], $3::text[], $4::bool[], $5::bool[])"
    " AS u(id, values_json, sent_json, waiting, sent)"
    " WHERE e.id = u.id AND e.office_id = $8"
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


class IngestUnitRepo:
    """``domain.sync.ports.IngestUnit`` on one transaction's connection."""

    def __init__(self, office_id: int, connection: BaseDBAsyncClient) -> None:
        self._office_id = office_id
        self._db = connection
        self._postgres = connection.capabilities.dialect == "postgres"
        # The transaction's asyncpg connection (PostgreSQL through asyncpg): bulk paths.
        raw = getattr(connection, "_connection", None)
        self._asyncpg = raw if isinstance(raw, asyncpg.Connection) else None

    def _sql(self, text: str) -> str:
        # Write statements with ``?``; asyncpg wants numbered placeholders.
        if not self._postgres:
            return text
        parts = text.split("?")
        return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]

    def _time(self, at: datetime) -> Any:
        return EntryRow._meta.fields_map["sent_at"].to_db_value(at, EntryRow)

    async def companies(self) -> list[KnownCompany]:
        rows = (
            # Deleted companies too: their identifiers stay taken until the purge.
            await Company.filter(office_id=self._office_id)
            .using_db(self._db)
            .values(
                "id",
                "name",
                "identifier_type",
                "identifier",
                "external_id",
                "regon",
                "email",
                "phone",
                "address",
                "deleted_at",
            )
        )
        return [
            KnownCompany(
                **{
                    **{k: v for k, v in row.items() if k != "deleted_at"},
                    "identifier_type": IdentifierType(row["identifier_type"]),
                    "deleted": row["deleted_at"] is not None,
                }
            )
            for row in rows
        ]

    async def create_company(self, data: CompanyData, external_id: str, at: datetime) -> int:
        company = await Company.create(
            office_id=self._office_id,
            name=data.name,
            identifier_type=data.identifier_type.value,
            identifier=data.identifier,
            regon=data.regon,
            address=data.address,
            email=data.email,
            phone=data.phone,
            tax_form=data.tax_form.value,
            vat_period=data.vat_period.value,
            zus_payer=int(data.zus_payer),
            external_id=external_id,
            active=True,
            using_db=self._db,
        )
        await CompanyStatusInterval.create(company_id=company.id, started_at=at, using_db=self._db)
        return company.id

    async def fill_company(self, company_id: int, changes: dict[str, str]) -> None:
        await (
            Company.filter(id=company_id, office_id=self._office_id)
            .using_db(self._db)
            .update(**changes)
        )

    async def stored_entries(
        self, company_ids: Iterable[int], data_type: DataType
    ) -> dict[tuple[int, str], StoredEntry]:
        ids = sorted(company_ids)
        found: dict[tuple[int, str], StoredEntry] = {}
        if self._asyncpg is not None:
            async with self._db.acquire_connection() as connection:
                rows = await connection.fetch(
                    STORED_ENTRIES_SQL, self._office_id, data_type.value, ids
                )
            for company_id, key, entry_id, values_json, sent_json in rows:
                found[(company_id, key)] = StoredEntry(entry_id, values_json, sent_json)
            return found
        for start in range(0, len(ids), CHUNK):
            rows = (
                await EntryRow.filter(
                    office_id=self._office_id,
                    data_type=data_type.value,
                    company_id__in=ids[start : start + CHUNK],
                )
                .using_db(self._db)
                .values_list("company_id", "natural_key", "id", "values_json", "sent_json")
            )
            for company_id, key, entry_id, values_json, sent_json in rows:
                found[(company_id, key)] = StoredEntry(entry_id, values_json, sent_json)
        return found

    async def insert_entries(self, rows: list[NewEntryRow], batch_ref: str, at: datetime) -> None:
        if not rows:
            return
        now = self._time(at)
        if self._asyncpg is not None:
            await self._copy_entries(rows, batch_ref, now)
            return
        sql = self._sql(
            "INSERT INTO entries (company_id, office_id, data_type, natural_key, period, year,"
            " values_json, sent_json, waiting, source, batch_ref, sent_at, sent_by_name,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sync', ?, ?, '', ?, ?)"
        )
        values = [
            [
                r.company_id,
                self._office_id,
                r.data_type.value,
                r.natural_key,
                r.period,
                period_year(r.period),
                r.values_json,
                r.values_json if r.sent else None,
                not r.sent,
                batch_ref,
                now if r.sent else None,
                now,
                now,
            ]
            for r in rows
        ]
        for start in range(0, len(values), CHUNK):
            await self._db.execute_many(sql, values[start : start + CHUNK])

    async def update_entries(
        self, rows: list[EntryUpdateRow], batch_ref: str, at: datetime
    ) -> None:
        if not rows:
            return
        now = self._time(at)
        if self._asyncpg is not None:
            await self._update_from_arrays(rows, batch_ref, now)
            return
        # An entry sent at once gets a new sending stamp; otherwise the old one stays.
        sql = self._sql(
            "UPDATE entries SET values_json = ?, sent_json = ?, waiting = ?, source = 'sync',"
            " batch_ref = ?, updated_at = ?,"
            " sent_at = CASE WHEN ? THEN ? ELSE sent_at END,"
            " sent_by_id = CASE WHEN ? THEN NULL ELSE sent_by_id END,"
            " sent_by_name = CASE WHEN ? THEN '' ELSE sent_by_name END"
            " WHERE id = ? AND office_id = ?"
        )
        values = [
            [
                r.values_json,
                r.sent_json,
                r.sent_json != r.values_json,
                batch_ref,
                now,
                r.sent,
                now,
                r.sent,
                r.sent,
                r.id,
                self._office_id,
            ]
            for r in rows
        ]
        for start in range(0, len(values), CHUNK):
            await self._db.execute_many(sql, values[start : start + CHUNK])

    async def _copy_entries(self, rows: list[NewEntryRow], batch_ref: str, now: Any) -> None:
        office_id = self._office_id
        records = [
            (
                r.company_id,
                office_id,
                r.data_type.value,
                r.natural_key,
                r.period,
                period_year(r.period),
                r.values_json,
                r.values_json if r.sent else None,
                not r.sent,
                "sync",
                batch_ref,
                now if r.sent else None,
                "",
                now,
                now,
            )
            for r in rows
        ]
        async with self._db.acquire_connection() as connection:
            for start in range(0, len(records), BULK_CHUNK):
                try:
                    await connection.copy_records_to_table(
                        "entries",
                        records=records[start : start + BULK_CHUNK],
                        columns=NEW_ENTRY_COLUMNS,
                    )
                except asyncpg.IntegrityConstraintViolationError as error:
                    raise IntegrityError(error) from error  # as execute_many would raise

    async def _update_from_arrays(
        self, rows: list[EntryUpdateRow], batch_ref: str, now: Any
    ) -> None:
        async with self._db.acquire_connection() as connection:
            for start in range(0, len(rows), BULK_CHUNK):
                chunk = rows[start : start + BULK_CHUNK]
                await connection.execute(
                    UPDATE_ENTRIES_SQL,
                    [r.id for r in chunk],
                    [r.values_json for r in chunk],
                    [r.sent_json for r in chunk],
                    [r.sent_json != r.values_json for r in chunk],
                    [r.sent for r in chunk],
                    batch_ref,
                    now,
                    self._office_id,
                )

    async def finish(
        self,
        pk: int,
        summary: dict[str, dict[str, int]],
        errors: list[dict[str, Any]],
        at: datetime,
    ) -> None:
        await (
            SyncBatch.filter(id=pk)
            .using_db(self._db)
            .update(
                status=BatchState.DONE.value,
                summary=json.dumps(summary),
                errors=json.dumps(errors, ensure_ascii=False),
                finished_at=at,
            )
        )


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
