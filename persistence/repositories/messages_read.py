"""Messages, read side: sent messages with their receipt counts, receipts, the office inbox
and the client's list. Counts are aggregated in the database (one grouped query)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from tortoise import Tortoise
from tortoise.expressions import Q

from domain.channels import decode_channels
from domain.errors import NotFound
from domain.messages.model import ClientMessageItem, MessageSummary, ThreadSummary
from domain.messages.ports import StoredReceipt
from persistence.models import (
    ClientUser,
    Company,
    Message,
    MessageRecipient,
    SmsLog,
)

COUNTS_SQL = (
    "SELECT message_id, COUNT(*) AS people, COUNT(read_at) AS people_read,"
    " COUNT(DISTINCT company_id) AS companies,"
    " COUNT(DISTINCT CASE WHEN read_at IS NOT NULL THEN company_id END) AS companies_read"
    " FROM message_recipients WHERE user_kind = 'client' AND message_id IN ({ids}){scope}"
    " GROUP BY message_id"
)
SUMMARY_FIELDS = (
    "id",
    "subject",
    "created_at",
    "author_name",
    "status",
    "recipients_total",
    "recipients_done",
)


async def _query(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "postgres":
        parts = sql.split("?")
        sql = "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], 1)) + parts[-1]
    return list(await connection.execute_query_dict(sql, params))


async def _counts(
    message_ids: Sequence[int], visible: frozenset[int] | None
) -> dict[int, dict[str, Any]]:
    if not message_ids:
        return {}
    params: list[Any] = list(message_ids)
    scope = ""
    if visible is not None:
        scope = f" AND company_id IN ({', '.join('?' * len(visible)) or 'NULL'})"
        params += sorted(visible)
    sql = COUNTS_SQL.format(ids=", ".join("?" * len(message_ids)), scope=scope)
    return {int(row["message_id"]): row for row in await _query(sql, params)}


def _summary(row: dict[str, Any], counts: dict[str, Any] | None) -> MessageSummary:
    counts = counts or {}
    return MessageSummary(
        id=row["id"],
        subject=row["subject"],
        created_at=row["created_at"],
        author_name=row["author_name"],
        status="sent" if row["status"] == "sent" else "sending",
        recipients_total=row["recipients_total"],
        recipients_done=row["recipients_done"],
        companies_total=int(counts.get("companies", 0)),
        companies_read=int(counts.get("companies_read", 0)),
        people_total=int(counts.get("people", 0)),
        people_read=int(counts.get("people_read", 0)),
    )


class MessageQueries:
    async def sent(
        self, office_id: int, visible: frozenset[int] | None, author_id: int, limit: int
    ) -> list[MessageSummary]:
        query = Message.filter(office_id=office_id, kind="broadcast")
        if visible is not None:
            query = query.filter(
                Q(author_kind="staff", author_id=author_id) | Q(company_id__in=list(visible))
            )
        rows = await query.order_by("-created_at", "-id").limit(limit).values(*SUMMARY_FIELDS)
        counts = await _counts([r["id"] for r in rows], visible)
        return [_summary(row, counts.get(row["id"])) for row in rows]

    async def summary(self, message_id: int, visible: frozenset[int] | None) -> MessageSummary:
        rows = await Message.filter(id=message_id).values(*SUMMARY_FIELDS)
        if not rows:
            raise NotFound()
        counts = await _counts([message_id], visible)
        return _summary(rows[0], counts.get(message_id))

    async def receipts(
        self, message_id: int, visible: frozenset[int] | None
    ) -> list[StoredReceipt]:
        query = MessageRecipient.filter(message_id=message_id, user_kind="client")
        if visible is not None:
            query = query.filter(company_id__in=list(visible))
        rows = await query.values(
            "company_id", "user_id", "channels", "read_at", "reminded_at", "email_id", "sms_id"
        )
        companies = {
            c["id"]: c
            for c in await Company.filter(id__in=list({r["company_id"] for r in rows})).values(
                "id", "name", "identifier"
            )
        }
        people = dict(
            (u["id"], f"{u['first_name']} {u['last_name']}".strip())
            for u in await ClientUser.filter(id__in=list({r["user_id"] for r in rows})).values(
                "id", "first_name", "last_name"
            )
        )
        sms_ids = [r["sms_id"] for r in rows if r["sms_id"] is not None]
        sms = (
            dict(await SmsLog.filter(id__in=sms_ids).values_list("id", "status")) if sms_ids else {}
        )
        receipts = [
            StoredReceipt(
                company_id=r["company_id"],
                company_name=companies.get(r["company_id"], {}).get("name", ""),
                company_identifier=companies.get(r["company_id"], {}).get("identifier", ""),
                user_id=r["user_id"],
                person_name=people.get(r["user_id"], ""),
                channels=decode_channels(r["channels"]),
                read_at=r["read_at"],
                reminded_at=r["reminded_at"],
                email_id=r["email_id"],
                sms_status=sms.get(r["sms_id"]) if r["sms_id"] is not None else None,
            )
            for r in rows
        ]
        return sorted(
            receipts,
            key=lambda r: (r.company_name.lower(), r.company_id, r.person_name.lower(), r.user_id),
        )

    async def inbox(
        self, office_id: int, staff_id: int, visible: frozenset[int] | None
    ) -> list[ThreadSummary]:
        query = Message.filter(office_id=office_id, kind__in=["thread", "reply"])
        if visible is not None:
            query = query.filter(company_id__in=list(visible))
        posts = await query.order_by("created_at", "id").values(
            "id", "thread_id", "company_id", "author_name", "created_at", "subject", "author_kind"
        )
        groups: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
        for post in posts:
            groups[(post["thread_id"] or post["id"], post["company_id"])].append(post)
        # Office-started threads are listed once a client has written in them.
        groups = {
            key: group
            for key, group in groups.items()
            if any(p["author_kind"] == "client" for p in group)
        }
        unread = await self._staff_unread_by_thread(office_id, staff_id, visible)
        roots = dict(
            await Message.filter(id__in=[k[0] for k in groups]).values_list("id", "subject")
        )
        names = dict(
            await Company.filter(id__in=list({k[1] for k in groups})).values_list("id", "name")
        )
        items = [
            ThreadSummary(
                thread_id=thread_id,
                company_id=company_id,
                company_name=names.get(company_id, ""),
                subject=roots.get(thread_id, group[0]["subject"]),
                last_at=group[-1]["created_at"],
                last_author=group[-1]["author_name"],
                unread=unread.get((thread_id, company_id), 0),
            )
            for (thread_id, company_id), group in groups.items()
        ]
        return sorted(items, key=lambda t: (t.last_at, t.thread_id), reverse=True)

    async def staff_unread(
        self, office_id: int, staff_id: int, visible: frozenset[int] | None
    ) -> int:
        return sum((await self._staff_unread_by_thread(office_id, staff_id, visible)).values())

    async def _staff_unread_by_thread(
        self, office_id: int, staff_id: int, visible: frozenset[int] | None
    ) -> dict[tuple[int, int], int]:
        query = MessageRecipient.filter(
            office_id=office_id, user_kind="staff", user_id=staff_id, read_at__isnull=True
        )
        if visible is not None:
            query = query.filter(company_id__in=list(visible))
        rows = await query.values("message__id", "message__thread_id", "company_id")
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for row in rows:
            counts[(row["message__thread_id"] or row["message__id"], row["company_id"])] += 1
        return dict(counts)

    async def client_threads(self, user_id: int, company_id: int) -> list[ClientMessageItem]:
        mine = await MessageRecipient.filter(
            user_kind="client", user_id=user_id, company_id=company_id
        ).values("message_id", "read_at")
        received = {r["message_id"] for r in mine}
        unread = {r["message_id"] for r in mine if r["read_at"] is None}
        posts = (
            await Message.filter(Q(id__in=list(received)) | Q(company_id=company_id))
            .order_by("created_at", "id")
            .values("id", "thread_id", "company_id", "subject", "author_name", "created_at")
        )
        threads: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for post in posts:
            threads[post["thread_id"] or post["id"]].append(post)
        roots = {
            row["id"]: row
            for row in await Message.filter(id__in=list(threads)).values(
                "id", "subject", "author_name", "company_id", "office_id"
            )
        }
        items = []
        for root_id, group in threads.items():
            root = roots.get(root_id)
            # A reply of the company in a broadcast it never received is not listed.
            if root is None or (root["company_id"] != company_id and root_id not in received):
                continue
            group_ids = {p["id"] for p in group} | {root_id}
            items.append(
                ClientMessageItem(
                    thread_id=root_id,
                    subject=root["subject"],
                    author_name=group[-1]["author_name"],
                    last_at=group[-1]["created_at"],
                    unread=bool(group_ids & unread),
                    posts=len(group_ids),
                )
            )
        return sorted(items, key=lambda i: (i.last_at, i.thread_id), reverse=True)

    async def client_unread(self, user_id: int, company_id: int) -> int:
        return await MessageRecipient.filter(
            user_kind="client", user_id=user_id, company_id=company_id, read_at__isnull=True
        ).count()
