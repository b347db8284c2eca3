"""Statement PDF rows (``statement_pdfs``) <-> ``domain.portal.statement_pdf.PdfRecord``.

A row is unique per (company, scope, data hash); the office comes from the company, so every
record names the office its company belongs to.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from domain.portal.statement_pdf import PdfRecord, PdfStatus
from persistence.models import StatementPdf

FIELDS = (
    "id",
    "company_id",
    "company__office_id",
    "scope",
    "data_hash",
    "file_key",
    "status",
    "created_at",
)


def _record(row: dict[str, Any]) -> PdfRecord:
    status = row["status"]
    return PdfRecord(
        id=row["id"],
        office_id=row["company__office_id"],
        company_id=row["company_id"],
        scope=row["scope"],
        data_hash=row["data_hash"],
        file_key=row["file_key"],
        status=PdfStatus(status) if status in PdfStatus._value2member_map_ else PdfStatus.FAILED,
        created_at=row["created_at"],
    )


class StatementPdfRepo:
    async def get_or_create(
        self, office_id: int, company_id: int, scope: str, data_hash: str, now: datetime
    ) -> PdfRecord:
        found = await self._find(office_id, company_id, scope, data_hash)
        if found is not None:
            return found
        # A concurrent request may create it in between: the unique key decides.
        with contextlib.suppress(IntegrityError):
            await StatementPdf.create(
                company_id=company_id,
                scope=scope,
                data_hash=data_hash,
                status=PdfStatus.PENDING.value,
                created_at=now,
            )
        found = await self._find(office_id, company_id, scope, data_hash)
        assert found is not None
        return found

    async def _find(
        self, office_id: int, company_id: int, scope: str, data_hash: str
    ) -> PdfRecord | None:
        rows = await StatementPdf.filter(
            company_id=company_id, company__office_id=office_id, scope=scope, data_hash=data_hash
        ).values(*FIELDS)
        return _record(rows[0]) if rows else None

    async def get(self, pdf_id: int) -> PdfRecord | None:
        rows = await StatementPdf.filter(id=pdf_id).values(*FIELDS)
        return _record(rows[0]) if rows else None

    async def set_status(self, pdf_id: int, status: PdfStatus, file_key: str = "") -> None:
        await StatementPdf.filter(id=pdf_id).update(status=status.value, file_key=file_key)

    async def others(self, company_id: int, scope: str, except_id: int) -> list[PdfRecord]:
        rows = (
            await StatementPdf.filter(company_id=company_id, scope=scope)
            .exclude(id=except_id)
            .values(*FIELDS)
        )
        return [_record(row) for row in rows]

    async def delete(self, pdf_id: int) -> None:
        await StatementPdf.filter(id=pdf_id).delete()
