"""Staff users of an office and their assignments to companies (always scoped by office)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from domain.actors import ActorKind, CompanyRef, StaffRole
from domain.errors import Conflict
from domain.staff.model import StaffChoice, StaffMember, polish_sort_key
from persistence.models import (
    ClientUser,
    Company,
    Office,
    OneTimeToken,
    StaffAssignment,
    StaffUser,
)

_MEMBER_FIELDS = ("id", "first_name", "last_name", "email", "role", "active", "activated_at")


class StaffRepo:
    @asynccontextmanager
    async def serialized(self, office_id: int) -> AsyncIterator[None]:
        # PostgreSQL: the office row lock queues concurrent staff changes of one office.
        # SQLite: transactions are serialized by the client anyway (FOR UPDATE is skipped).
        async with in_transaction():
            # A model query: values()/values_list() would drop the FOR UPDATE.
            await Office.select_for_update().filter(id=office_id).only("id").first()
            yield

    async def list_members(self, office_id: int) -> list[StaffMember]:
        # Two queries whatever the size of the office: the users, then grouped counts.
        rows = await StaffUser.filter(office_id=office_id).values(*_MEMBER_FIELDS)
        counts = await self._assignment_counts(office_id)
        members = [_member(row, counts.get(row["id"], 0)) for row in rows]
        return sorted(members, key=_member_order)

    async def get(self, office_id: int, staff_id: int) -> StaffMember | None:
        row = await StaffUser.get_or_none(id=staff_id, office_id=office_id).values(*_MEMBER_FIELDS)
        if row is None:
            return None
        counts = await self._assignment_counts(office_id, staff_id)
        return _member(row, counts.get(staff_id, 0))

    async def choices(self, office_id: int) -> list[StaffChoice]:
        rows = await StaffUser.filter(office_id=office_id).values(
            "id", "first_name", "last_name", "active"
        )
        rows.sort(key=lambda r: (polish_sort_key(r["last_name"]), polish_sort_key(r["first_name"])))
        return [
            StaffChoice(r["id"], f"{r['first_name']} {r['last_name']}".strip(), bool(r["active"]))
            for r in rows
        ]

    async def is_active_admin(self, office_id: int, staff_id: int) -> bool:
        return await StaffUser.exists(
            id=staff_id, office_id=office_id, role=StaffRole.ADMIN.value, active=True
        )

    async def count_admins_who_can_log_in(self, office_id: int) -> int:
        return await StaffUser.filter(
            office_id=office_id,
            role=StaffRole.ADMIN.value,
            active=True,
            activated_at__isnull=False,
            password_hash__isnull=False,
        ).count()

    async def email_in_use(self, email: str) -> bool:
        return await StaffUser.exists(email=email) or await ClientUser.exists(email=email)

    async def create(
        self, office_id: int, first_name: str, last_name: str, email: str, role: StaffRole
    ) -> int:
        try:
            row = await StaffUser.create(
                office_id=office_id,
                first_name=first_name,
                last_name=last_name,
                email=email,
                role=role.value,
                active=True,
            )
        except IntegrityError as error:
            raise Conflict("email") from error
        return row.id

    async def set_role(self, office_id: int, staff_id: int, role: StaffRole) -> None:
        await StaffUser.filter(id=staff_id, office_id=office_id).update(role=role.value)

    async def set_active(self, office_id: int, staff_id: int, active: bool) -> None:
        await StaffUser.filter(id=staff_id, office_id=office_id).update(active=active)

    async def delete(self, office_id: int, staff_id: int) -> None:
        try:
            async with in_transaction():
                deleted = await StaffUser.filter(id=staff_id, office_id=office_id).delete()
                if deleted:
                    # Assignments go by ON DELETE CASCADE; unused links must not outlive
                    # the account they were issued for.
                    await OneTimeToken.filter(
                        user_kind=ActorKind.STAFF.value, user_id=staff_id
                    ).delete()
        except IntegrityError as error:
            raise Conflict("referenced") from error

    async def restriction(self, office_id: int) -> bool:
        values = await Office.filter(id=office_id).values_list("restrict_employees", flat=True)
        return bool(values and values[0])

    async def set_restriction(self, office_id: int, on: bool) -> None:
        await Office.filter(id=office_id).update(restrict_employees=on)

    async def _assignment_counts(
        self, office_id: int, staff_id: int | None = None
    ) -> dict[int, int]:
        query = StaffAssignment.filter(
            staff_user__office_id=office_id,
            company__office_id=office_id,
            company__deleted_at__isnull=True,
        )
        if staff_id is not None:
            query = query.filter(staff_user_id=staff_id)
        rows = (
            await query.annotate(n=Count("id"))
            .group_by("staff_user_id")
            .values("staff_user_id", "n")
        )
        return {int(r["staff_user_id"]): int(r["n"]) for r in rows}


class AssignmentRepo:
    async def company(self, company_id: int) -> CompanyRef | None:
        row = await Company.get_or_none(id=company_id, deleted_at__isnull=True).values(
            "id", "office_id", "active"
        )
        return None if row is None else CompanyRef(row["id"], row["office_id"], row["active"])

    async def companies_in_office(self, office_id: int, company_ids: set[int]) -> set[int]:
        if not company_ids:
            return set()
        found = await Company.filter(
            id__in=list(company_ids), office_id=office_id, deleted_at__isnull=True
        ).values_list("id", flat=True)
        return {int(i) for i in found}  # type: ignore[call-overload]

    async def company_choices(self, office_id: int) -> list[tuple[int, str]]:
        rows = await Company.filter(office_id=office_id, deleted_at__isnull=True).values(
            "id", "name"
        )
        rows.sort(key=lambda r: (polish_sort_key(r["name"]), r["id"]))
        return [(int(r["id"]), str(r["name"])) for r in rows]

    async def pairs(
        self,
        office_id: int,
        staff_ids: set[int] | None = None,
        company_ids: set[int] | None = None,
    ) -> set[tuple[int, int]]:
        filters: dict[str, Any] = {
            "staff_user__office_id": office_id,
            "company__office_id": office_id,
            "company__deleted_at__isnull": True,
        }
        if staff_ids is not None:
            filters["staff_user_id__in"] = list(staff_ids)
        if company_ids is not None:
            filters["company_id__in"] = list(company_ids)
        rows = await StaffAssignment.filter(**filters).values_list("staff_user_id", "company_id")
        return {(int(s), int(c)) for s, c in rows}

    async def add(self, pairs: set[tuple[int, int]]) -> None:
        if pairs:
            await StaffAssignment.bulk_create(
                [StaffAssignment(staff_user_id=s, company_id=c) for s, c in sorted(pairs)],
                ignore_conflicts=True,
            )

    async def remove(self, pairs: set[tuple[int, int]]) -> None:
        by_staff: dict[int, list[int]] = {}
        for staff_id, company_id in pairs:
            by_staff.setdefault(staff_id, []).append(company_id)
        for staff_id, company_ids in by_staff.items():
            await StaffAssignment.filter(
                staff_user_id=staff_id, company_id__in=company_ids
            ).delete()


def _member(row: dict[str, Any], assigned: int) -> StaffMember:
    return StaffMember(
        id=int(row["id"]),
        first_name=row["first_name"],
        last_name=row["last_name"],
        email=row["email"],
        role=StaffRole(row["role"]),
        active=bool(row["active"]),
        activated=row["activated_at"] is not None,
        assigned_company_count=assigned,
    )


def _member_order(member: StaffMember) -> tuple[str, str, int]:
    return (polish_sort_key(member.last_name), polish_sort_key(member.first_name), member.id)
