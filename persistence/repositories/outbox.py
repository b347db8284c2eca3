"""The e-mail outbox and the office's failing addresses (refused for good by a server)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise.expressions import F

from domain.mail import EmailAttachment, EmailStatus, FailingInfo, OutboxEntry, OutgoingEmail
from persistence.models import FailingAddress, OutboxEmail


class OutboxRepo:
    async def add(
        self,
        office_id: int | None,
        to: str,
        subject: str,
        text: str,
        html: str,
        template: str,
        attachments: Sequence[EmailAttachment] = (),
    ) -> int:
        row = await OutboxEmail.create(
            office_id=office_id,
            to_address=to,
            subject=subject,
            text_body=text,
            html_body=html,
            template=template,
            attachments=[a.to_json() for a in attachments],
        )
        return row.id

    async def get(self, email_id: int) -> tuple[OutgoingEmail, EmailStatus, int | None] | None:
        row = await OutboxEmail.get_or_none(id=email_id)
        if row is None:
            return None
        return _message(row), EmailStatus(row.status), row.office_id

    async def mark_sent(self, email_id: int, at: datetime, eml_path: str) -> None:
        await OutboxEmail.filter(id=email_id).update(
            status=EmailStatus.SENT.value,
            sent_at=at,
            eml_path=eml_path,
            tries=F("tries") + 1,
            last_error="",
        )

    async def record_failure(self, email_id: int, error: str, final: bool) -> None:
        values: dict[str, Any] = {"last_error": error[:2000], "tries": F("tries") + 1}
        if final:
            values["status"] = EmailStatus.FAILED.value
        await OutboxEmail.filter(id=email_id).update(**values)

    async def mark_bounced(self, email_id: int, code: int, error: str, at: datetime) -> None:
        await OutboxEmail.filter(id=email_id).update(
            status=EmailStatus.BOUNCED.value,
            smtp_code=code,
            bounced_at=at,
            last_error=error[:2000],
            tries=F("tries") + 1,
        )

    async def statuses(self, email_ids: Sequence[int]) -> dict[int, EmailStatus]:
        rows = await OutboxEmail.filter(id__in=list(email_ids)).values_list("id", "status")
        return {int(row[0]): EmailStatus(str(row[1])) for row in rows}

    async def list_recent(self, office_id: int, limit: int) -> list[OutboxEntry]:
        rows = await OutboxEmail.filter(office_id=office_id).order_by("-id").limit(limit)
        return [
            OutboxEntry(
                r.id,
                r.office_id,
                r.to_address,
                r.subject,
                EmailStatus(r.status),
                r.tries,
                r.last_error,
                r.created_at,
                r.sent_at,
                r.eml_path,
                r.smtp_code,
                r.bounced_at,
            )
            for r in rows
        ]

    async def read_body(self, office_id: int, email_id: int) -> OutgoingEmail | None:
        row = await OutboxEmail.get_or_none(id=email_id, office_id=office_id)
        return None if row is None else _message(row)

    async def mark_failing(
        self, office_id: int, address: str, error: str, email_id: int, at: datetime
    ) -> None:
        # One statement, so two bounces at once cannot both insert (unique office+address).
        await FailingAddress.update_or_create(
            office_id=office_id,
            address=address,
            defaults={"error": error[:2000], "email_id": email_id, "failed_at": at},
        )

    async def clear_failing(self, office_id: int, address: str) -> bool:
        deleted = await FailingAddress.filter(office_id=office_id, address=address).delete()
        return deleted > 0

    async def failing(self, office_id: int) -> list[FailingInfo]:
        rows = await FailingAddress.filter(office_id=office_id).order_by("address")
        return [FailingInfo(r.address, r.error, r.failed_at, r.email_id) for r in rows]


def _message(row: OutboxEmail) -> OutgoingEmail:
    attachments = tuple(EmailAttachment.from_json(item) for item in row.attachments or [])
    return OutgoingEmail(
        row.id,
        row.to_address,
        row.subject,
        row.text_body,
        row.html_body,
        attachments=attachments,
    )
