"""Batch intake (store, answer 202, enqueue) and processing (one job per batch).

A batch is stored before anything is processed, keyed by (office, batch id): the same batch
sent again returns the first one's status and changes nothing; the same id with different
content is a conflict. Processing applies the whole batch in one transaction and records
its summary and rejected records in that same transaction.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.actors import Actor
from domain.entries.approval import DataType
from domain.entries.sending import ApprovalService
from domain.errors import Conflict, NotFound
from domain.events import CompanyChanged, EntriesChanged
from domain.policies import Action, require
from domain.ports import Clock, EventBus, JobQueue
from domain.sync.ingest import Ingestion, paused_gc
from domain.sync.ports import BatchRecord, SyncBatchRepository

log = logging.getLogger(__name__)
INGEST_JOB = "sync.ingest_batch"
REUSED_ID = "Ten batch_id został już użyty dla innej zawartości. Nadaj paczce nowy identyfikator."
INTERNAL_ERROR = "Paczki nie udało się przetworzyć (błąd serwera); nic z niej nie zapisano."


@dataclass(frozen=True)
class SubmittedBatch:
    """A batch that passed the API's schema, as canonical JSON (``batch_id`` included)."""

    batch_id: str
    content: str
    program: str
    agent: str
    records: int


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


class SyncBatchService:
    def __init__(
        self,
        repo: SyncBatchRepository,
        approval: ApprovalService,
        jobs: JobQueue,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._repo = repo
        self._approval = approval
        self._jobs = jobs
        self._events = events
        self._clock = clock

    async def submit(self, actor: Actor, batch: SubmittedBatch) -> tuple[BatchRecord, bool]:
        """Store and enqueue; (status, True) for a new batch, (first status, False) for a
        repeat. Raises ``Conflict`` when the id was used for different content."""
        require(actor, Action.PUSH_SYNC_DATA)
        assert actor.office_id is not None
        digest = content_hash(batch.content)
        existing = await self._repo.find(actor.office_id, batch.batch_id)
        if existing is None:
            existing, created = await self._repo.add(
                actor.office_id,
                batch.batch_id,
                digest,
                actor.user_id,
                (batch.program, batch.agent),
                batch.records,
                zlib.compress(batch.content.encode("utf-8"), 1),
                self._clock.now(),
            )
            if created:
                await self._jobs.enqueue(INGEST_JOB, existing.pk, key=f"sync-batch:{existing.pk}")
                return existing, True
        if existing.content_hash != digest:
            raise Conflict(REUSED_ID)
        return existing, False

    async def status(self, actor: Actor, batch_id: str) -> BatchRecord:
        require(actor, Action.PUSH_SYNC_DATA)
        assert actor.office_id is not None
        found = await self._repo.find(actor.office_id, batch_id)
        if found is None:
            raise NotFound("Nie ma takiej paczki.")
        return found

    async def recent(self, actor: Actor, limit: int = 20) -> list[BatchRecord]:
        """The office's latest batches (office settings show them beside the tokens)."""
        require(actor, Action.MANAGE_SYNC_TOKENS)
        assert actor.office_id is not None
        return await self._repo.recent(actor.office_id, limit)

    async def ingest(self, pk: int) -> None:
        """The job: apply the batch whole or not at all (idempotent: a finished batch is left)."""
        record = await self._repo.get(pk)
        if record is None or not await self._repo.set_processing(pk):
            return
        payload = await self._repo.payload(pk)
        rules = await self._approval.rules_for_office(record.office_id)
        now = self._clock.now()
        try:
            # The decoded batch is a few hundred thousand dicts that live for the whole job:
            # the cyclic GC stays paused from decoding until they are freed (see paused_gc).
            with paused_gc():
                data: dict[str, Any] = json.loads(zlib.decompress(payload))
                del payload
                async with self._repo.unit(record.office_id) as unit:
                    result = await Ingestion(unit, rules, record.batch_id, now).run(data)
                    await unit.finish(pk, result.summary, result.errors, self._clock.now())
                del data
        except Exception:
            log.exception("sync batch %s of office %s failed", record.batch_id, record.office_id)
            # The job runner does not retry unexpected errors: the batch fails now, visibly,
            # and the agent sends it again under a new id.
            error = {"section": "", "index": -1, "field": "", "message": INTERNAL_ERROR}
            await self._repo.fail(pk, [error], self._clock.now())
            raise
        await self._announce(record, result.created_companies, result.touched, now)

    async def _announce(
        self,
        record: BatchRecord,
        created: list[int],
        touched: set[tuple[int, DataType]],
        now: datetime,
    ) -> None:
        for company_id in created:
            await self._events.publish(CompanyChanged(record.office_id, company_id))
        for company_id, data_type in sorted(touched):
            await self._events.publish(EntriesChanged(record.office_id, company_id, str(data_type)))
        sent = await self._repo.auto_sent(record.office_id, record.batch_id, now)
        if sent:
            await self._approval.announce_sent(record.office_id, sent)
