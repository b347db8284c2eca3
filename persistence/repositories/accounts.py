"""Accounts, one-time tokens, sessions and login attempts."""

from __future__ import annotations

from datetime import datetime

from domain.accounts.model import Account, SessionRecord
from domain.accounts.tokens import StoredToken, TokenPurpose
from domain.actors import ActorKind, ClientRole, Membership, StaffRole
from persistence.models import (
    ClientUser,
    LoginAttempt,
    OneTimeToken,
    StaffAssignment,
    StaffUser,
    UserSession,
)
from persistence.models import Membership as MembershipRow


class AccountRepo:
    async def find_by_email(self, email: str) -> Account | None:
        staff = await StaffUser.get_or_none(email=email)
        if staff is not None:
            return await self._staff(staff)
        client = await ClientUser.get_or_none(email=email)
        return None if client is None else await self._client(client)

    async def get(self, kind: ActorKind, user_id: int) -> Account | None:
        if kind is ActorKind.STAFF:
            staff = await StaffUser.get_or_none(id=user_id)
            return None if staff is None else await self._staff(staff)
        client = await ClientUser.get_or_none(id=user_id)
        return None if client is None else await self._client(client)

    async def set_password(
        self, kind: ActorKind, user_id: int, password_hash: str, activated_at: datetime
    ) -> None:
        model = StaffUser if kind is ActorKind.STAFF else ClientUser
        await model.filter(id=user_id).update(
            password_hash=password_hash, activated_at=activated_at
        )

    async def set_language(self, kind: ActorKind, user_id: int, language: str) -> None:
        model = StaffUser if kind is ActorKind.STAFF else ClientUser
        await model.filter(id=user_id).update(language=language)

    async def _staff(self, row: StaffUser) -> Account:
        office = await row.office
        company_ids = await StaffAssignment.filter(staff_user_id=row.id).values_list(
            "company_id", flat=True
        )
        assigned = frozenset(int(c) for c in company_ids)  # type: ignore[call-overload]
        return Account(
            kind=ActorKind.STAFF,
            id=row.id,
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            password_hash=row.password_hash,
            active=row.active,
            activated_at=row.activated_at,
            language=row.language,
            office_id=office.id,
            office_name=office.name,
            role=StaffRole(row.role),
            office_restricts=office.restrict_employees,
            assigned_company_ids=assigned,
        )

    async def _client(self, row: ClientUser) -> Account:
        rows = (
            await MembershipRow.filter(
                client_user_id=row.id, active=True, company__deleted_at__isnull=True
            )
            .order_by("id")
            .values(
                "company_id",
                "company__office_id",
                "company__office__name",
                "company__active",
                "role",
                "can_edit_company",
            )
        )
        memberships = tuple(
            Membership(
                company_id=r["company_id"],
                office_id=r["company__office_id"],
                role=ClientRole(r["role"]),
                can_edit_company=r["can_edit_company"],
            )
            for r in rows
        )
        active_ids = frozenset(r["company_id"] for r in rows if r["company__active"])
        return Account(
            kind=ActorKind.CLIENT,
            id=row.id,
            email=row.email,
            first_name=row.first_name,
            last_name=row.last_name,
            password_hash=row.password_hash,
            active=row.active,
            activated_at=row.activated_at,
            language=row.language,
            office_id=memberships[0].office_id if memberships else None,
            office_name=rows[0]["company__office__name"] if rows else "",
            memberships=memberships,
            active_company_ids=active_ids,
        )


class TokenRepo:
    async def add(
        self,
        token_hash: str,
        purpose: TokenPurpose,
        kind: ActorKind,
        user_id: int,
        expires_at: datetime,
        payload: str = "",
    ) -> None:
        await OneTimeToken.create(
            token_hash=token_hash,
            purpose=purpose.value,
            user_kind=kind.value,
            user_id=user_id,
            expires_at=expires_at,
            payload=payload,
        )

    async def find(self, token_hash: str) -> tuple[StoredToken, str] | None:
        row = await OneTimeToken.get_or_none(token_hash=token_hash)
        if row is None:
            return None
        stored = StoredToken(
            row.id,
            TokenPurpose(row.purpose),
            row.user_kind,
            row.user_id,
            row.expires_at,
            row.used_at,
        )
        return stored, row.payload

    async def consume(self, token_hash: str, purpose: TokenPurpose, now: datetime) -> bool:
        # One UPDATE with the conditions in WHERE: two concurrent uses cannot both succeed.
        updated = await OneTimeToken.filter(
            token_hash=token_hash,
            purpose=purpose.value,
            used_at__isnull=True,
            expires_at__gt=now,
        ).update(used_at=now)
        return updated == 1

    async def revoke_for_user(
        self, kind: ActorKind, user_id: int, purpose: TokenPurpose, now: datetime
    ) -> None:
        await OneTimeToken.filter(
            user_kind=kind.value, user_id=user_id, purpose=purpose.value, used_at__isnull=True
        ).update(used_at=now)


class LoginAttemptRepo:
    async def record(self, email: str, ip: str, success: bool, at: datetime) -> None:
        await LoginAttempt.create(email=email, ip=ip, success=success, at=at)

    async def failures_since(
        self, email: str, ip: str, since: datetime
    ) -> tuple[list[datetime], list[datetime]]:
        by_email = await LoginAttempt.filter(email=email, success=False, at__gte=since).values_list(
            "at", flat=True
        )
        by_ip = await LoginAttempt.filter(ip=ip, success=False, at__gte=since).values_list(
            "at", flat=True
        )
        return list(by_email), list(by_ip)  # type: ignore[arg-type]


class SessionRepo:
    async def create(
        self, sid_hash: str, kind: ActorKind, user_id: int, company_id: int | None
    ) -> None:
        await UserSession.create(
            sid_hash=sid_hash, user_kind=kind.value, user_id=user_id, company_id=company_id
        )

    async def get(self, sid_hash: str) -> SessionRecord | None:
        row = await UserSession.get_or_none(sid_hash=sid_hash)
        if row is None:
            return None
        return SessionRecord(ActorKind(row.user_kind), row.user_id, row.company_id)

    async def set_company(self, sid_hash: str, company_id: int) -> None:
        await UserSession.filter(sid_hash=sid_hash).update(company_id=company_id)

    async def delete(self, sid_hash: str) -> None:
        await UserSession.filter(sid_hash=sid_hash).delete()

    async def delete_for_user(self, kind: ActorKind, user_id: int) -> None:
        await UserSession.filter(user_kind=kind.value, user_id=user_id).delete()
