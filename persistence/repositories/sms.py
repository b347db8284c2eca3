"""The SMS log (one row per text sent to one number) and the office's SMS gateway columns."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.expressions import F

from domain.sms_service import NewSms, SmsLogEntry, SmsStatus
from domain.sms_settings import StoredSms
from persistence.models import Company, Office, SmsLog


class SmsSettingsRepo:
    async def sms(self, office_id: int) -> StoredSms | None:
        row = await Office.get_or_none(id=office_id)
        if row is None:
            return None
        return StoredSms(
            row.sms_enabled,
            row.sms_base_url,
            row.sms_token_encrypted,
            row.sms_sender,
            row.sms_transliterate,
            Decimal(str(row.sms_points_per_part)),
        )

    async def save_sms(self, office_id: int, sms: StoredSms) -> None:
        await Office.filter(id=office_id).update(
            sms_enabled=sms.enabled,
            sms_base_url=sms.base_url,
            sms_token_encrypted=sms.token_encrypted,
            sms_sender=sms.sender,
            sms_transliterate=sms.transliterate,
            sms_points_per_part=sms.points_per_part,
        )


class SmsLogRepo:
    async def add(self, sms: NewSms) -> int:
        row = await SmsLog.create(
            office_id=sms.office_id,
            company_id=sms.company_id,
            client_user_id=sms.client_user_id,
            event_type=sms.event_type[:30],
            to_number=sms.to,
            body=sms.body,
            encoding=sms.encoding,
            parts=sms.parts,
            status=SmsStatus.QUEUED.value,
        )
        return row.id

    async def get(self, sms_id: int) -> SmsLogEntry | None:
        row = await SmsLog.get_or_none(id=sms_id)
        if row is None:
            return None
        return (await _entries([row]))[0]

    async def mark_sent(self, sms_id: int, gateway_id: str, points: Decimal, at: datetime) -> None:
        await SmsLog.filter(id=sms_id).update(
            status=SmsStatus.SENT.value,
            gateway_id=gateway_id[:100],
            points=points,
            sent_at=at,
            tries=F("tries") + 1,
            error="",
        )

    async def record_failure(self, sms_id: int, error: str, final: bool) -> None:
        values: dict[str, Any] = {"error": error[:2000], "tries": F("tries") + 1}
        if final:
            values["status"] = SmsStatus.FAILED.value
        await SmsLog.filter(id=sms_id).update(**values)

    async def statuses(self, sms_ids: list[int]) -> dict[int, SmsStatus]:
        rows = await SmsLog.filter(id__in=sms_ids).values_list("id", "status")
        return {int(row[0]): _status(str(row[1])) for row in rows}

    async def recent(
        self, office_id: int, limit: int, company_ids: frozenset[int] | None
    ) -> list[SmsLogEntry]:
        if company_ids is not None and not company_ids:
            return []
        query = SmsLog.filter(office_id=office_id)
        if company_ids is not None:
            query = query.filter(company_id__in=list(company_ids))
        rows = await query.order_by("-id").limit(limit)
        return await _entries(rows)


async def _entries(rows: list[SmsLog]) -> list[SmsLogEntry]:
    company_ids = {row.company_id for row in rows if row.company_id is not None}
    names: dict[int, str] = {}
    if company_ids:
        found = await Company.filter(id__in=list(company_ids)).values_list("id", "name")
        names = {int(item[0]): str(item[1]) for item in found}
    return [
        SmsLogEntry(
            id=row.id,
            office_id=row.office_id,
            to=row.to_number,
            body=row.body,
            company_id=row.company_id,
            company_name=names.get(row.company_id, "") if row.company_id else "",
            event_type=row.event_type,
            encoding=row.encoding,
            parts=row.parts,
            status=_status(row.status),
            points=None if row.points is None else Decimal(str(row.points)),
            tries=row.tries,
            error=row.error,
            created_at=row.created_at,
            sent_at=row.sent_at,
        )
        for row in rows
    ]


def _status(value: str) -> SmsStatus:
    return SmsStatus(value) if value in SmsStatus._value2member_map_ else SmsStatus.FAILED
