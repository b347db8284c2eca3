"""Offices."""

from __future__ import annotations

from persistence.models import Office


class OfficeRepo:
    async def name(self, office_id: int) -> str | None:
        row = await Office.get_or_none(id=office_id).values("name")
        return None if row is None else str(row["name"])
