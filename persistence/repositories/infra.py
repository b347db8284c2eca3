"""Notifications, the audit log and the durable job store (the outbox lives in outbox.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from domain.actors import ActorKind, StaffRole
from domain.audit import AuditEntry, AuditFilterOptions, AuditPerson, AuditSearch
from domain.jobs import JobRecord, JobStatus
from domain.notifications import NotificationView
from persistence.models import AuditEvent, Company, Job, Notification, StaffUser
from persistence.repositories.outbox import OutboxRepo as OutboxRepo  # moved; old import path


class NotificationRepo:
    async def add(
        self,
        office_id: int | None,
        recipient_kind: ActorKind,
        recipient_id: int,
        title: str,
        body: str,
        link: str,
        event_type: str = "",
    ) -> int:
        row = await Notification.create(
            office_id=office_id,
            recipient_kind=recipient_kind.value,
            recipient_id=recipient_id,
            title=title[:300],
            body=body,
            link=link[:300],
            event_type=event_type,
        )
        return row.id

    async def unread_count(self, recipient_kind: ActorKind, recipient_id: int) -> int:
        return await Notification.filter(
            recipient_kind=recipient_kind.value, recipient_id=recipient_id, read_at__isnull=True
        ).count()

    async def recent(
        self, recipient_kind: ActorKind, recipient_id: int, limit: int
    ) -> list[NotificationView]:
        rows = (
            await Notification.filter(
                recipient_kind=recipient_kind.value, recipient_id=recipient_id
            )
            .order_by("-id")
            .limit(limit)
        )
        return [
            NotificationView(r.id, r.title, r.body, r.link, r.created_at, r.read_at is not None)
            for r in rows
        ]

    async def mark_all_read(
        self, recipient_kind: ActorKind, recipient_id: int, at: datetime
    ) -> None:
        await Notification.filter(
            recipient_kind=recipient_kind.value, recipient_id=recipient_id, read_at__isnull=True
        ).update(read_at=at)

    async def mark_read(
        self, recipient_kind: ActorKind, recipient_id: int, notification_id: int, at: datetime
    ) -> bool:
        updated = await Notification.filter(
            id=notification_id,
            recipient_kind=recipient_kind.value,
            recipient_id=recipient_id,
            read_at__isnull=True,
        ).update(read_at=at)
        return bool(updated)

    async def mark_read_by_link(
        self, recipient_kind: ActorKind, recipient_id: int, link: str, at: datetime
    ) -> int:
        return await Notification.filter(
            recipient_kind=recipient_kind.value,
            recipient_id=recipient_id,
            link=link,
            read_at__isnull=True,
        ).update(read_at=at)

    async def staff_ids(self, office_id: int, admins_only: bool) -> list[int]:
        query = StaffUser.filter(office_id=office_id, active=True)
        if admins_only:
            query = query.filter(role=StaffRole.ADMIN.value)
        return list(await query.values_list("id", flat=True))  # type: ignore[arg-type]


class AuditRepo:
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
    ) -> None:
        await AuditEvent.create(
            office_id=office_id,
            actor_kind=actor_kind,
            actor_id=actor_id,
            actor_name=actor_name,
            kind=kind,
            company_id=company_id,
            summary=summary[:500],
            details=details,
        )

    async def list_for_office(self, office_id: int, limit: int = 200) -> list[AuditEntry]:
        rows = await AuditEvent.filter(office_id=office_id).order_by("-id").limit(limit)
        return [
            AuditEntry(r.id, r.at, r.actor_name, r.kind, r.company_id, r.summary, r.details)
            for r in rows
        ]

    async def search(self, office_id: int, search: AuditSearch) -> tuple[list[AuditEntry], int]:
        """One page of the office's entries (newest first) and the count of all matches."""
        query = AuditEvent.filter(office_id=office_id)
        if search.company_id is not None:
            query = query.filter(company_id=search.company_id)
        if search.actor_id is not None:
            query = query.filter(actor_id=search.actor_id)
        if search.actor_kind:
            query = query.filter(actor_kind=search.actor_kind)
        if search.actor_name:
            query = query.filter(actor_name__icontains=search.actor_name)
        if search.kind:
            query = query.filter(kind=search.kind)
        if search.since is not None:
            query = query.filter(at__gte=search.since)
        if search.until is not None:
            query = query.filter(at__lt=search.until)
        total = await query.count()
        rows = await query.order_by("-at", "-id").offset(search.offset).limit(search.limit)
        entries = [
            AuditEntry(r.id, r.at, r.actor_name, r.kind, r.company_id, r.summary, r.details)
            for r in rows
        ]
        return entries, total

    async def company_names(self, office_id: int, company_ids: set[int]) -> dict[int, str]:
        rows = await Company.filter(office_id=office_id, id__in=sorted(company_ids)).values_list(
            "id", "name"
        )
        return {int(row[0]): str(row[1]) for row in rows}

    async def filter_options(self, office_id: int) -> AuditFilterOptions:
        entries = AuditEvent.filter(office_id=office_id)
        kinds = await entries.distinct().order_by("kind").values_list("kind", flat=True)
        people_rows = (
            await AuditEvent.filter(office_id=office_id)
            .distinct()
            .values_list("actor_kind", "actor_id", "actor_name")
        )
        people: dict[tuple[str, int | None], str] = {}
        for actor_kind, actor_id, actor_name in people_rows:
            key = (str(actor_kind), actor_id)
            people[key] = max(people.get(key, ""), str(actor_name))
        company_ids: list[Any] = list(
            await AuditEvent.filter(office_id=office_id, company_id__isnull=False)
            .distinct()
            .values_list("company_id", flat=True)
        )
        names = await self.company_names(office_id, {int(c) for c in company_ids})
        return AuditFilterOptions(
            kinds=tuple(str(kind) for kind in kinds),
            people=tuple(
                sorted(
                    (
                        AuditPerson(kind, actor_id, name)
                        for (kind, actor_id), name in people.items()
                    ),
                    key=lambda person: person.name.casefold(),
                )
            ),
            companies=tuple(sorted(names.items(), key=lambda item: item[1].casefold())),
        )


class JobStore:
    async def add(self, name: str, args: list[Any], key: str | None, run_after: datetime) -> int:
        if key is not None:
            existing = await Job.get_or_none(key=key)
            if existing is not None:
                return existing.id
        try:
            row = await Job.create(name=name, args=args, key=key, run_after=run_after)
        except IntegrityError:
            # Another process enqueued the same key in between: the unique key decides.
            if key is None:
                raise
            return (await Job.get(key=key)).id
        return row.id

    async def claim(self, job_id: int, now: datetime) -> JobRecord | None:
        """Take a pending job whose time has come; one UPDATE so two runners cannot both win."""
        claimed = await Job.filter(
            id=job_id, status=JobStatus.PENDING.value, run_after__lte=now
        ).update(status=JobStatus.RUNNING.value, tries=F("tries") + 1)
        if claimed != 1:
            return None
        row = await Job.get(id=job_id)
        return JobRecord(row.id, row.name, list(row.args), row.tries, JobStatus(row.status))

    async def finish(self, job_id: int, now: datetime) -> None:
        await Job.filter(id=job_id).update(
            status=JobStatus.DONE.value, finished_at=now, last_error=""
        )

    async def retry_later(self, job_id: int, run_after: datetime, error: str) -> None:
        await Job.filter(id=job_id).update(
            status=JobStatus.PENDING.value, run_after=run_after, last_error=error[:2000]
        )

    async def fail(self, job_id: int, now: datetime, error: str) -> None:
        await Job.filter(id=job_id).update(
            status=JobStatus.FAILED.value, finished_at=now, last_error=error[:2000]
        )

    async def resumable(self) -> list[tuple[int, datetime]]:
        """Pending jobs, and jobs left running by a crash (they go back to pending)."""
        await Job.filter(status=JobStatus.RUNNING.value).update(status=JobStatus.PENDING.value)
        rows = await Job.filter(status=JobStatus.PENDING.value).values_list("id", "run_after")
        return [(row[0], row[1]) for row in rows]

    async def get(self, job_id: int) -> JobRecord | None:
        row = await Job.get_or_none(id=job_id)
        if row is None:
            return None
        return JobRecord(
            row.id,
            row.name,
            list(row.args),
            row.tries,
            JobStatus(row.status),
            row.last_error,
            row.run_after,
        )

    async def due(self, now: datetime) -> list[int]:
        rows = (
            await Job.filter(status=JobStatus.PENDING.value, run_after__lte=now)
            .order_by("id")
            .limit(500)
            .values_list("id", flat=True)
        )
        return list(rows)  # type: ignore[arg-type]
