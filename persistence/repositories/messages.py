"""Messages: rows <-> ``domain.messages`` values. Writes and delivery here; the audience and
the bulk insert of recipient rows in ``messages_bulk``; the office's and the client's lists in
``messages_read``.

``read_at`` only ever changes from NULL (a conditional update) and ``reminded_at`` only moves
forward: no code here edits or deletes a receipt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.actors import CompanyRef
from domain.channels import decode_channels
from domain.messages.model import Audience
from domain.messages.ports import (
    AttachmentMeta,
    AudienceCompany,
    DeliveryRow,
    NewMessage,
    NewRecipient,
    Person,
    StoredAttachment,
    StoredMessage,
)
from persistence.models import (
    ClientUser,
    Company,
    Message,
    MessageAttachment,
    MessageRecipient,
    Office,
    StaffAssignment,
    StaffUser,
)
from persistence.repositories import messages_bulk as bulk
from persistence.repositories.messages_bulk import chunks
from persistence.repositories.messages_read import MessageQueries

MESSAGE_FIELDS = (
    "id",
    "office_id",
    "thread_id",
    "company_id",
    "kind",
    "author_kind",
    "author_id",
    "author_name",
    "subject",
    "body",
    "status",
    "recipients_total",
    "recipients_done",
    "created_at",
)


def to_message(row: dict[str, Any]) -> StoredMessage:
    return StoredMessage(**{name: row[name] for name in MESSAGE_FIELDS})


def to_attachment(row: dict[str, Any]) -> StoredAttachment:
    return StoredAttachment(
        row["id"],
        row["message_id"],
        row["filename"],
        row["content_type"],
        row["size"],
        row["sha256"],
        row["file_key"],
    )


class MessageRepo(MessageQueries):
    async def company_ref(self, company_id: int) -> CompanyRef | None:
        row = await Company.get_or_none(id=company_id, deleted_at__isnull=True).values(
            "id", "office_id", "active"
        )
        return None if row is None else CompanyRef(row["id"], row["office_id"], row["active"])

    async def audience_companies(
        self, office_id: int, audience: Audience, only: frozenset[int] | None
    ) -> list[AudienceCompany]:
        return await bulk.audience_companies(office_id, audience, only)

    async def people(self, company_ids: Sequence[int]) -> list[Person]:
        return await bulk.people(company_ids)

    async def default_staff(self, office_id: int, company_id: int) -> list[int]:
        assigned = await StaffAssignment.filter(
            company_id=company_id, staff_user__office_id=office_id, staff_user__active=True
        ).values("staff_user_id")
        if assigned:
            return sorted(int(row["staff_user_id"]) for row in assigned)
        # With the office's restriction on, employees would not see the company: admins only.
        restricted = await Office.filter(id=office_id, restrict_employees=True).exists()
        staff = StaffUser.filter(office_id=office_id, active=True)
        if restricted:
            staff = staff.filter(role="admin")
        return [s.id for s in await staff.order_by("id")]

    async def find_by_key(self, key: str) -> int | None:
        found = await Message.filter(idempotency_key=key).values("id")
        return int(found[0]["id"]) if found else None

    async def create(
        self, message: NewMessage, attachments: list[AttachmentMeta], rows: list[NewRecipient]
    ) -> tuple[int, list[str]] | None:
        try:
            async with in_transaction() as connection:
                stored = await Message.create(
                    using_db=connection,
                    recipients_total=len(rows),
                    status="sending",
                    **vars(message),
                )
                keys = [
                    f"messages/{message.office_id}/{stored.id}/{n}"
                    for n in range(1, len(attachments) + 1)
                ]
                if attachments:
                    await MessageAttachment.bulk_create(
                        [
                            MessageAttachment(message_id=stored.id, file_key=key, **vars(meta))
                            for key, meta in zip(keys, attachments, strict=True)
                        ],
                        using_db=connection,
                    )
                await bulk.insert_recipients(
                    connection, stored.id, message.office_id, rows, message.created_at
                )
        except IntegrityError:
            if message.idempotency_key and await self.find_by_key(message.idempotency_key):
                return None
            raise
        return stored.id, keys

    async def message(self, office_id: int | None, message_id: int) -> StoredMessage | None:
        query = Message.filter(id=message_id)
        if office_id is not None:
            query = query.filter(office_id=office_id)
        rows = await query.values(*MESSAGE_FIELDS)
        return to_message(rows[0]) if rows else None

    async def posts(self, office_id: int, root_id: int) -> list[StoredMessage]:
        rows = (
            await Message.filter(Q(id=root_id) | Q(thread_id=root_id), office_id=office_id)
            .order_by("created_at", "id")
            .values(*MESSAGE_FIELDS)
        )
        return [to_message(row) for row in rows]

    async def attachments(self, message_ids: Sequence[int]) -> dict[int, list[StoredAttachment]]:
        found: dict[int, list[StoredAttachment]] = {}
        for part in chunks(list(message_ids)):
            rows = await MessageAttachment.filter(message_id__in=part).order_by("id").values()
            for row in rows:
                found.setdefault(row["message_id"], []).append(to_attachment(row))
        return found

    async def attachment(self, attachment_id: int) -> StoredAttachment | None:
        rows = await MessageAttachment.filter(id=attachment_id).values()
        return to_attachment(rows[0]) if rows else None

    async def delivery_rows(self, message_id: int, offset: int, limit: int) -> list[DeliveryRow]:
        rows = (
            await MessageRecipient.filter(message_id=message_id)
            .order_by("id")
            .offset(offset)
            .limit(limit)
            .values()
        )
        return await _delivery_rows(rows)

    async def record_delivery(self, row_id: int, email_id: int | None, sms_id: int | None) -> None:
        if email_id is not None:
            await MessageRecipient.filter(id=row_id, email_id__isnull=True).update(
                email_id=email_id
            )
        if sms_id is not None:
            await MessageRecipient.filter(id=row_id, sms_id__isnull=True).update(sms_id=sms_id)

    async def progress(self, message_id: int, done: int, finished_at: datetime | None) -> None:
        changes: dict[str, Any] = {"recipients_done": done}
        if finished_at is not None:
            changes.update(status="sent", sent_at=finished_at)
        await Message.filter(id=message_id).update(**changes)

    async def mark_read(
        self,
        message_ids: Sequence[int],
        user_kind: str,
        user_id: int,
        company_id: int | None,
        at: datetime,
    ) -> list[tuple[int, int]]:
        query = MessageRecipient.filter(
            message_id__in=list(message_ids),
            user_kind=user_kind,
            user_id=user_id,
            read_at__isnull=True,
        )
        if company_id is not None:
            query = query.filter(company_id=company_id)
        unread = await query.values_list("id", "message_id", "company_id")
        newly = []
        for row_id, message_id, row_company in unread:
            # Conditional: of two concurrent opens only one sets (and reports) the read time.
            if await MessageRecipient.filter(id=row_id, read_at__isnull=True).update(read_at=at):
                newly.append((int(message_id), int(row_company)))
        return newly

    async def claim_reminders(
        self, message_id: int, visible: frozenset[int] | None, since: datetime, at: datetime
    ) -> list[tuple[int, int]]:
        query = MessageRecipient.filter(message_id=message_id, user_kind="client")
        if visible is not None:
            query = query.filter(company_id__in=list(visible))
        rows = await query.values_list("company_id", "read_at")
        read = {company for company, read_at in rows if read_at is not None}
        claimed = []
        for company_id in sorted({company for company, _ in rows} - read):
            # Conditional per company: a second click today claims nothing.
            if await MessageRecipient.filter(
                Q(reminded_at__isnull=True) | Q(reminded_at__lt=since),
                message_id=message_id,
                company_id=company_id,
                user_kind="client",
            ).update(reminded_at=at):
                claimed.append(company_id)
        found: list[tuple[int, int]] = []
        for part in chunks(claimed):
            found += await (
                MessageRecipient.filter(
                    message_id=message_id, user_kind="client", company_id__in=part
                )
                .order_by("id")
                .values_list("id", "company_id")
            )
        return [(int(row_id), int(company_id)) for row_id, company_id in found]

    async def rows_by_id(self, row_ids: Sequence[int]) -> list[DeliveryRow]:
        found = []
        for part in chunks(list(row_ids)):
            found += await MessageRecipient.filter(id__in=part).order_by("id").values()
        return await _delivery_rows(found)

    async def reminder_days(self, office_id: int) -> int | None:
        row = await Office.get_or_none(id=office_id).values("message_reminder_days")
        return None if row is None else int(row["message_reminder_days"])

    async def set_reminder_days(self, office_id: int, days: int) -> None:
        await Office.filter(id=office_id).update(message_reminder_days=days)

    async def is_recipient(self, message_id: int, user_id: int, company_id: int) -> bool:
        return await MessageRecipient.filter(
            message_id=message_id, user_kind="client", user_id=user_id, company_id=company_id
        ).exists()


async def _delivery_rows(rows: list[dict[str, Any]]) -> list[DeliveryRow]:
    """Recipient rows with the person's contact data and the company's name, read now."""
    client_ids = [r["user_id"] for r in rows if r["user_kind"] == "client"]
    people: dict[int, tuple[str, str, str]] = {}
    for part in chunks(client_ids):
        for user_id, email, phone, first in await ClientUser.filter(id__in=part).values_list(
            "id", "email", "phone", "first_name"
        ):
            people[user_id] = (email, phone or "", first)
    names: dict[int, str] = {}
    for part in chunks(sorted({r["company_id"] for r in rows})):
        names.update(await Company.filter(id__in=part).values_list("id", "name"))
    result = []
    for row in rows:
        email, phone, first = people.get(row["user_id"], ("", "", ""))
        if row["user_kind"] != "client":
            email, phone, first = "", "", ""
        result.append(
            DeliveryRow(
                id=row["id"],
                company_id=row["company_id"],
                company_name=names.get(row["company_id"], ""),
                user_kind=row["user_kind"],
                user_id=row["user_id"],
                email=email,
                phone=phone,
                first_name=first,
                channels=decode_channels(row["channels"]),
                email_id=row["email_id"],
                sms_id=row["sms_id"],
            )
        )
    return result
