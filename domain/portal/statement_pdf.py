"""Statement PDFs for the client portal: request (cached by content), render job, download.

``request_pdf`` hashes what the PDF would show (``statement_document.data_hash``: the sent
values, the company's data, the office's name and logo). A stored PDF with that hash is
returned at once; otherwise a row is stored as pending and a render job is enqueued (ids only).
The job reads the same data again, renders it off the event loop, stores the file and
publishes ``StatementPdfReady``. If the data changed in between, the row is marked stale
instead: its hash would lie about its content. Every read checks the actor through the
policies; a PDF id alone opens nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from domain.actors import Actor
from domain.companies.service import CompanyRepository
from domain.entries.approval import DataType
from domain.entries.model import StatementValues
from domain.entries.ports import EntryRepository
from domain.errors import NotFound
from domain.events import DomainEvent
from domain.policies import CompanyAction, require_on_company, scope_office
from domain.portal.statement_document import (
    Scope,
    Snapshot,
    StatementRenderer,
    build_document,
    data_hash,
    pdf_filename,
)
from domain.ports import Clock, EventBus, FileStore, JobQueue

STATEMENT_PDF_JOB = "portal.render_statement_pdf"
NOTHING_SENT = "Za ten okres biuro nie przesłało jeszcze zestawienia."

OfficeName = Callable[[int], Awaitable[str]]
# (bytes, content type, version) of the office's logo, or None: OfficeSettingsService.public_logo
OfficeLogo = Callable[[int], Awaitable[tuple[bytes, str, str] | None]]


@dataclass(frozen=True)
class StatementPdfReady(DomainEvent):
    """A statement PDF job finished; ``status`` is ``ready``, ``failed`` or ``stale`` (the
    data changed before it was rendered: request it again). Defined here, imported wherever
    the services are built, so the Redis bus can decode it."""

    company_id: int
    pdf_id: int
    status: str


class PdfStatus(StrEnum):
    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"
    STALE = "stale"  # the data changed before the job rendered it


@dataclass(frozen=True)
class PdfRecord:
    id: int
    office_id: int
    company_id: int
    scope: str
    data_hash: str
    file_key: str
    status: PdfStatus
    created_at: datetime


@dataclass(frozen=True)
class PdfRequest:
    """What the page learns: the PDF's id, whether it is ready, the file name to save as."""

    pdf_id: int
    status: PdfStatus
    filename: str

    @property
    def ready(self) -> bool:
        return self.status is PdfStatus.READY


@dataclass(frozen=True)
class PdfFile:
    content: bytes
    filename: str


class StatementPdfRepository(Protocol):
    async def get_or_create(
        self, office_id: int, company_id: int, scope: str, data_hash: str, now: datetime
    ) -> PdfRecord:
        """The row for (company, scope, hash); a new one is pending."""
        ...

    async def get(self, pdf_id: int) -> PdfRecord | None:
        """Any row by id (for the job); callers acting for a person check the policy."""
        ...

    async def set_status(self, pdf_id: int, status: PdfStatus, file_key: str = "") -> None: ...

    async def others(self, company_id: int, scope: str, except_id: int) -> list[PdfRecord]:
        """Earlier PDFs of the same company and scope (superseded by ``except_id``)."""
        ...

    async def delete(self, pdf_id: int) -> None: ...


class StatementPdfService:
    def __init__(
        self,
        *,
        repo: StatementPdfRepository,
        entries: EntryRepository,
        companies: CompanyRepository,
        office_name: OfficeName,
        office_logo: OfficeLogo,
        renderer: StatementRenderer,
        files: FileStore,
        jobs: JobQueue,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._repo = repo
        self._entries = entries
        self._companies = companies
        self._office_name = office_name
        self._office_logo = office_logo
        self._renderer = renderer
        self._files = files
        self._jobs = jobs
        self._events = events
        self._clock = clock

    # --- for people -----------------------------------------------------------------------

    async def request_pdf(self, actor: Actor, company_id: int, scope: str) -> PdfRequest:
        """A ready PDF for unchanged data, else a pending one with its render job enqueued."""
        office_id = await self._office_of(actor, company_id)
        parsed = Scope.parse(scope)
        snapshot, _ = await self._snapshot(office_id, company_id, parsed)
        if not snapshot.rows:
            raise NotFound(NOTHING_SENT)
        now = self._clock.now()
        record = await self._repo.get_or_create(
            office_id, company_id, str(parsed), data_hash(snapshot), now
        )
        filename = pdf_filename(parsed, snapshot.company.name)
        if record.status is PdfStatus.READY:
            return PdfRequest(record.id, record.status, filename)
        key = f"statement-pdf:{record.id}"
        if record.status is not PdfStatus.PENDING:  # failed or stale before: try once more
            await self._repo.set_status(record.id, PdfStatus.PENDING)
            key = f"{key}:{int(now.timestamp() * 1000)}"
        await self._jobs.enqueue(STATEMENT_PDF_JOB, record.id, key=key)
        return PdfRequest(record.id, PdfStatus.PENDING, filename)

    async def status(self, actor: Actor, pdf_id: int) -> PdfRequest:
        record = await self._visible(actor, pdf_id)
        return PdfRequest(record.id, record.status, await self._filename(record))

    async def download(self, actor: Actor, pdf_id: int) -> PdfFile:
        record = await self._visible(actor, pdf_id)
        if record.status is not PdfStatus.READY:
            raise NotFound()
        content = await self._files.read(record.file_key)
        if content is None:  # the file went missing: render it again on the next request
            await self._repo.set_status(pdf_id, PdfStatus.FAILED)
            raise NotFound()
        return PdfFile(content, await self._filename(record))

    # --- the job --------------------------------------------------------------------------

    async def render(self, pdf_id: int) -> None:
        """Render a pending PDF (idempotent: anything but a pending row is left alone)."""
        record = await self._repo.get(pdf_id)
        if record is None or record.status is not PdfStatus.PENDING:
            return
        try:
            snapshot, logo = await self._snapshot(
                record.office_id, record.company_id, Scope.parse(record.scope)
            )
        except NotFound:
            snapshot, logo = None, None
        if snapshot is None or not snapshot.rows or data_hash(snapshot) != record.data_hash:
            await self._finish(record, PdfStatus.STALE)
            return
        key = f"statements/{record.company_id}/{record.id}-{record.data_hash[:16]}.pdf"
        try:
            document = build_document(snapshot, logo, self._clock.now())
            content = await asyncio.to_thread(self._renderer.render, document)
            await self._files.save(key, content)
        except Exception:
            await self._finish(record, PdfStatus.FAILED)
            raise
        await self._finish(record, PdfStatus.READY, key)
        for old in await self._repo.others(record.company_id, record.scope, record.id):
            if old.status is PdfStatus.PENDING or old.created_at > record.created_at:
                continue  # a request for newer data is on its way
            if old.file_key:
                await self._files.delete(old.file_key)
            await self._repo.delete(old.id)

    # --- helpers --------------------------------------------------------------------------

    async def _finish(self, record: PdfRecord, status: PdfStatus, key: str = "") -> None:
        await self._repo.set_status(record.id, status, key)
        await self._events.publish(
            StatementPdfReady(record.office_id, record.company_id, record.id, str(status))
        )

    async def _filename(self, record: PdfRecord) -> str:
        company = await self._companies.details(record.office_id, record.company_id)
        return pdf_filename(record.scope, company.name if company else "")

    async def _office_of(self, actor: Actor, company_id: int) -> int:
        office_id = scope_office(actor, company_id)
        head = None if office_id is None else await self._companies.head(office_id, company_id)
        if head is None:
            raise NotFound()
        action = CompanyAction.VIEW_AS_CLIENT if actor.is_client else CompanyAction.VIEW
        require_on_company(actor, action, head.ref)
        return head.office_id

    async def _visible(self, actor: Actor, pdf_id: int) -> PdfRecord:
        record = await self._repo.get(pdf_id)
        if record is None or scope_office(actor, record.company_id) != record.office_id:
            raise NotFound()
        await self._office_of(actor, record.company_id)
        return record

    async def _snapshot(
        self, office_id: int, company_id: int, scope: Scope
    ) -> tuple[Snapshot, bytes | None]:
        company = await self._companies.details(office_id, company_id)
        if company is None:
            raise NotFound()
        entries = await self._entries.for_company(
            office_id, company_id, DataType.STATEMENTS, scope.year
        )
        sent = [e.sent_values for e in entries if isinstance(e.sent_values, StatementValues)]
        rows = scope.rows(sorted(sent, key=lambda v: v.period))
        logo = await self._office_logo(office_id)
        snapshot = Snapshot(
            scope=scope,
            rows=tuple(rows),
            company=company,
            office_name=await self._office_name(office_id),
            logo_version=logo[2] if logo else "",
        )
        return snapshot, logo[0] if logo else None
