"""Company activity for billing: every query scoped by office, a constant number of them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from domain.billing import ActiveInterval
from domain.billing_service import CompanyActivity
from persistence.models import Company, CompanyStatusInterval


class BillingRepo:
    async def first_activity(self, office_id: int) -> datetime | None:
        created = (
            await Company.filter(office_id=office_id)
            .order_by("created_at")
            .limit(1)
            .values_list("created_at", flat=True)
        )
        started = (
            await CompanyStatusInterval.filter(company__office_id=office_id)
            .order_by("started_at")
            .limit(1)
            .values_list("started_at", flat=True)
        )
        moments: list[Any] = [*created, *started]
        return min(moments) if moments else None

    async def activity(
        self, office_id: int, start: datetime, end: datetime
    ) -> list[CompanyActivity]:
        rows = (
            await CompanyStatusInterval.filter(company__office_id=office_id, started_at__lt=end)
            .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
            .order_by("company_id", "started_at")
            .values("company_id", "company__name", "company__deleted_at", "started_at", "ended_at")
        )
        grouped: dict[int, tuple[str, bool, list[ActiveInterval]]] = {}
        for row in rows:
            _, _, intervals = grouped.setdefault(
                row["company_id"],
                (row["company__name"], row["company__deleted_at"] is not None, []),
            )
            intervals.append(ActiveInterval(row["started_at"], row["ended_at"]))
        return [
            CompanyActivity(company_id, name, deleted, tuple(intervals))
            for company_id, (name, deleted, intervals) in grouped.items()
        ]
