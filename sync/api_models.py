"""Response models of the sync API v1 (documented in OpenAPI) and their builders."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from domain.sync.ports import BatchRecord
from domain.sync.reconcile import EntryState, SyncCompany

API_DESCRIPTION = """
Push accounting data (companies, ZUS contributions, taxes, monthly statements) from an office's
accounting programs into Biurko. Authenticate with `Authorization: Bearer <token>`; tokens are
created in the office settings ("Tokeny synchronizacji") or with
`python main.py sync-token create --name <name>`. A token belongs to one office and never sees
another office's data.

A batch is accepted with **202** and processed by a background job; poll its `status_url`.
Sending the same batch again is safe (the first batch's status is returned, **200**); the same
`batch_id` with different content is refused with **409**. Processing is one transaction:
a record naming an unknown company or breaking a domain rule is rejected (listed in `errors`),
the rest is applied. Amounts are decimal strings (`"1234.56"`), at most 8 integer digits and 2
decimals. See `docs/sync-api.md` for the field reference and examples.
"""

BatchStatusName = Literal["queued", "processing", "done", "failed"]


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, in Polish")


class BatchAccepted(BaseModel):
    batch_id: str
    status: BatchStatusName
    status_url: str = Field(description="GET this URL for the batch's progress and result")


class SectionSummary(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


class RecordError(BaseModel):
    section: str = Field(description="companies, zus, taxes or statements")
    index: int = Field(description="Position of the record in its section (from 0)")
    field: str = Field(description="The field at fault; empty when the whole record is")
    message: str


class BatchStatusOut(BaseModel):
    batch_id: str
    status: BatchStatusName
    received_at: datetime
    finished_at: datetime | None
    summary: dict[str, SectionSummary] = Field(
        description="Per section (companies, zus, taxes, statements): what happened"
    )
    errors: list[RecordError]


class CompanyOut(BaseModel):
    id: int
    name: str
    identifier_type: str = Field(description="nip, pesel, vat_ue or regon")
    identifier: str
    nip: str | None
    external_id: str | None
    active: bool


class CompaniesOut(BaseModel):
    companies: list[CompanyOut]


class EntryOut(BaseModel):
    type: Literal["zus", "taxes", "statements"]
    period: str
    values: dict[str, Any] = Field(description="Current values (what the office holds)")
    sent_values: dict[str, Any] | None = Field(description="What the client sees; null if unsent")
    status: Literal["waiting", "sent"] = Field(
        description="waiting: not approved yet, or changed since it was sent"
    )
    sent_at: datetime | None
    source: Literal["manual", "sync"]


class EntriesOut(BaseModel):
    company: CompanyOut
    year: int
    entries: list[EntryOut]


def batch_status(record: BatchRecord) -> dict[str, Any]:
    return {
        "batch_id": record.batch_id,
        "status": record.status.value,
        "received_at": record.received_at,
        "finished_at": record.finished_at,
        "summary": record.summary,
        "errors": record.errors,
    }


def company_out(company: SyncCompany) -> dict[str, Any]:
    return {
        "id": company.id,
        "name": company.name,
        "identifier_type": company.identifier_type,
        "identifier": company.identifier,
        "nip": company.identifier if company.identifier_type == "nip" else None,
        "external_id": company.external_id or None,
        "active": company.active,
    }


def companies_out(companies: list[SyncCompany]) -> dict[str, Any]:
    return {"companies": [company_out(c) for c in companies]}


def entries_out(company: SyncCompany, year: int, states: list[EntryState]) -> dict[str, Any]:
    return {
        "company": company_out(company),
        "year": year,
        "entries": [
            {
                "type": state.data_type.value,
                "period": state.period,
                "values": state.values,
                "sent_values": state.sent_values,
                "status": state.status,
                "sent_at": state.sent_at,
                "source": state.source,
            }
            for state in states
        ],
    }
