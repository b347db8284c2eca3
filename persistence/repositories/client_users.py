"""Client users as members of companies: one account per e-mail, one membership per company."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.actors import ClientRole
from domain.companies.model import ClientUserData, ClientUserRow, ExistingClientUser
from domain.errors import Conflict
from persistence.models import ClientUser, Membership, StaffUser

ALREADY_MEMBER = "Ta osoba jest już użytkownikiem tej firmy."
_MEMBER_FIELDS = (
    "client_user_id",
    "client_user__first_name",
    "client_user__last_name",
    "client_user__email",
    "client_user__phone",
    "client_user__activated_at",
    "role",
    "can_edit_company",
    "use_email",
    "active",
)


def member_row(row: dict[str, Any]) -> ClientUserRow:
    """A membership row (with its client user's fields) as the domain's ClientUserRow."""
    return ClientUserRow(
        user_id=row["client_user_id"],
        first_name=row["client_user__first_name"],
        last_name=row["client_user__last_name"],
        email=row["client_user__email"],
        phone=row["client_user__phone"],
        role=ClientRole(row["role"]),
        can_edit_company=row["can_edit_company"],
        use_email=row["use_email"],
        active=row["active"],
        activated_at=row["client_user__activated_at"],
    )


class ClientUserRepo:
    async def members(self, company_id: int) -> list[ClientUserRow]:
        rows = (
            await Membership.filter(company_id=company_id)
            .order_by("client_user__last_name", "client_user__first_name", "id")
            .values(*_MEMBER_FIELDS)
        )
        return [member_row(row) for row in rows]

    async def member(self, company_id: int, user_id: int) -> ClientUserRow | None:
        row = (
            await Membership.filter(company_id=company_id, client_user_id=user_id)
            .first()
            .values(*_MEMBER_FIELDS)
        )
        return None if row is None else member_row(row)

    async def find_by_email(self, email: str) -> ExistingClientUser | None:
        row = await ClientUser.get_or_none(email=email)
        if row is None:
            return None
        return ExistingClientUser(
            row.id, f"{row.first_name} {row.last_name}".strip(), row.activated_at
        )

    async def is_staff_email(self, email: str) -> bool:
        return await StaffUser.filter(email=email).exists()

    async def add_member(
        self, company_id: int, existing_user_id: int | None, data: ClientUserData
    ) -> int:
        try:
            async with in_transaction() as connection:
                user_id = existing_user_id
                if user_id is None:
                    user = await ClientUser.create(
                        email=data.email,
                        first_name=data.first_name,
                        last_name=data.last_name,
                        phone=data.phone,
                        using_db=connection,
                    )
                    user_id = user.id
                await Membership.create(
                    client_user_id=user_id,
                    company_id=company_id,
                    role=data.role.value,
                    can_edit_company=data.can_edit_company,
                    use_email=data.use_email,
                    using_db=connection,
                )
        except IntegrityError as error:
            # The same person added twice at once: the unique constraints decide.
            raise Conflict(ALREADY_MEMBER) from error
        return user_id

    async def set_member_active(self, company_id: int, user_id: int, active: bool) -> bool:
        changed = await Membership.filter(
            company_id=company_id, client_user_id=user_id, active=not active
        ).update(active=active)
        return bool(changed)

    async def remove_member(self, company_id: int, user_id: int) -> bool:
        deleted = await Membership.filter(company_id=company_id, client_user_id=user_id).delete()
        return bool(deleted)
