"""The ingestion unit: everything one sync batch changes, in one transaction.

Ingestion works in bulk: one SELECT for the stored entries of a section (only the batch's
companies and periods), then bulk writes, so a batch of thousands of records costs a handful
of round trips rather than one per record. On PostgreSQL (asyncpg) the unit uses the
transaction's own asyncpg connection for ``COPY`` and ``UPDATE ... FROM unnest(...)``
(``persistence.repositories.ingest_bulk``); other backends (SQLite) use ``execute_many``.
Either way everything happens in the unit's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

import asyncpg
from tortoise.backends.base.client import BaseDBAsyncClient

from domain.companies.model import CompanyData
from domain.entries.approval import DataType
from domain.identifiers import IdentifierType
from domain.sync.ports import (
    BatchState,
    EntryUpdateRow,
    KnownCompany,
    NewEntryRow,
    StoredRow,
)
from persistence.models import Company, CompanyStatusInterval, SyncBatch
from persistence.models import Entry as EntryRow
from persistence.repositories import ingest_bulk as bulk

CHUNK = 2000  # rows per execute_many call: bounded memory for the driver's buffers
MAX_PERIODS_FILTER = 500  # SQLite: with more periods than this, the keys alone decide


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
        self, company_ids: Iterable[int], data_type: DataType, periods: Collection[str]
    ) -> dict[tuple[int, str], StoredRow]:
        ids = sorted(company_ids)
        if self._asyncpg is not None:
            async with self._db.acquire_connection() as connection:
                return await bulk.stored_entries(
                    connection, self._office_id, data_type, ids, periods
                )
        found: dict[tuple[int, str], StoredRow] = {}
        in_periods = {"period__in": list(periods)} if len(periods) <= MAX_PERIODS_FILTER else {}
        for start in range(0, len(ids), CHUNK):
            rows = (
                await EntryRow.filter(
                    office_id=self._office_id,
                    data_type=data_type.value,
                    company_id__in=ids[start : start + CHUNK],
                    **in_periods,
                )
                .using_db(self._db)
                .values_list("company_id", "natural_key", "id", "values_json", "sent_json")
            )
            for company_id, key, entry_id, values_json, sent_json in rows:
                found[(company_id, key)] = (entry_id, values_json, sent_json)
        return found

    async def insert_entries(
        self, data_type: DataType, rows: list[NewEntryRow], sent: bool, batch_ref: str, at: datetime
    ) -> None:
        if not rows:
            return
        now = self._time(at)
        if self._asyncpg is not None:
            async with self._db.acquire_connection() as connection:
                await bulk.copy_entries(
                    connection, self._office_id, data_type, rows, sent, batch_ref, now
                )
            return
        # The columns of ingest_bulk.NEW_ENTRY_COLUMNS, whose rows copy_records builds.
        sql = self._sql(
            "INSERT INTO entries (company_id, office_id, data_type, natural_key, period, year,"
            " values_json, sent_json, waiting, source, batch_ref, sent_at, sent_by_name,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        values = [
            list(row)
            for row in bulk.copy_records(self._office_id, data_type, rows, sent, batch_ref, now)
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
            async with self._db.acquire_connection() as connection:
                await bulk.update_entries(connection, self._office_id, rows, batch_ref, now)
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
