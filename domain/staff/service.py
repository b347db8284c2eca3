"""Managing an office's staff: invitations, roles, (de)activation, the restriction switch and
the assignments of employees to companies.

Management is for administrators only (``Action.MANAGE_STAFF``); the list of assignable staff
(for pickers) and a company's assigned staff are readable by any staff member who may see the
office or the company. Company and staff ids that do not belong to the actor's office make the
whole call fail with ``NotFound`` (nothing is changed and nothing is revealed).

Changes that guard an invariant ("an office always keeps an administrator who can log in") run
inside ``StaffRepository.serialized``, a transaction in which one office's staff changes happen
one at a time, so two administrators demoting each other at once cannot both succeed.
"""

from __future__ import annotations

from domain.actors import Actor, ActorKind, StaffRole
from domain.errors import Conflict, ValidationError
from domain.events import CompanyChanged, StaffChanged
from domain.staff.assignments import StaffAssignments
from domain.staff.model import ROLE_LABELS, StaffMember
from domain.staff.ports import AssignmentRepository, StaffAccounts, StaffRepository
from domain.staff.texts import (
    ALREADY_ACTIVATED,
    EMAIL_INVALID,
    EMAIL_MISSING,
    EMAIL_TAKEN,
    FIRST_NAME_MISSING,
    FIRST_NAME_TOO_LONG,
    INVITE_DEACTIVATED,
    LAST_ADMIN,
    LAST_NAME_MISSING,
    LAST_NAME_TOO_LONG,
    NO_COMPANY_CHOSEN,
    NO_STAFF_CHOSEN,
    ROLE_INVALID,
    SELF_DEACTIVATE,
    SELF_DELETE,
    STILL_REFERENCED,
)
from domain.staff.validation import parse_role, validated_invitation


class StaffService(StaffAssignments):
    """The whole staff service: members, invitations, roles and the restriction switch here,
    the assignments inherited from ``StaffAssignments``."""

    # --- the staff list -------------------------------------------------------------------

    async def list_staff(self, actor: Actor) -> list[StaffMember]:
        office_id = await self._manager(actor)
        return await self._staff.list_members(office_id)

    async def assignable_staff(self, actor: Actor) -> list[tuple[int, str]]:
        """Active staff of the office for pickers; any staff member may read it."""
        office_id = self._staff_office(actor)
        return [(c.id, c.name) for c in await self._staff.choices(office_id) if c.active]

    async def company_choices(self, actor: Actor) -> list[tuple[int, str]]:
        """The office's companies (active and inactive, not deleted) for the assignment picker."""
        office_id = await self._manager(actor)
        return await self._assignments.company_choices(office_id)

    # --- invitations, roles, (de)activation ------------------------------------------------

    async def invite(
        self,
        actor: Actor,
        first_name: str,
        last_name: str,
        email: str,
        role: StaffRole | str,
    ) -> int:
        """Create a staff user of the actor's office and e-mail the set-password link. The
        account cannot log in until the password is set."""
        office_id = await self._manager(actor)
        first, last, address, parsed_role = validated_invitation(first_name, last_name, email, role)
        if await self._staff.email_in_use(address):
            raise ValidationError.single("email", EMAIL_TAKEN)
        try:
            staff_id = await self._staff.create(office_id, first, last, address, parsed_role)
        except Conflict:
            raise ValidationError.single("email", EMAIL_TAKEN) from None
        name = f"{first} {last}"
        await self._audit.record(
            actor,
            "staff.invited",
            f"Zaproszenie: {name} ({address}), rola {ROLE_LABELS[parsed_role]}",
            details={"staff_id": staff_id, "email": address, "role": parsed_role.value},
        )
        await self._accounts.send_activation(ActorKind.STAFF, staff_id)
        await self._publish(StaffChanged(office_id, staff_id))
        return staff_id

    async def resend_invitation(self, actor: Actor, staff_id: int) -> None:
        office_id = await self._manager(actor)
        member = await self._member(office_id, staff_id)
        if member.activated:
            raise ValidationError.single("staff", ALREADY_ACTIVATED)
        if not member.active:
            raise ValidationError.single("staff", INVITE_DEACTIVATED)
        await self._accounts.send_activation(ActorKind.STAFF, staff_id)
        await self._audit.record(
            actor,
            "staff.invitation_resent",
            f"Ponowne zaproszenie: {member.full_name} ({member.email})",
            details={"staff_id": staff_id},
        )

    async def set_role(self, actor: Actor, staff_id: int, role: StaffRole | str) -> None:
        office_id = await self._manager(actor)
        new_role = parse_role(role)
        async with self._staff.serialized(office_id):
            member = await self._member(office_id, staff_id)
            if member.role is new_role:
                return
            if member.is_admin and member.can_log_in:
                await self._keep_an_admin(office_id, "role")
            await self._staff.set_role(office_id, staff_id, new_role)
        await self._audit.record(
            actor,
            "staff.role_changed",
            f"Zmiana roli: {member.full_name}, "
            f"{ROLE_LABELS[member.role]} → {ROLE_LABELS[new_role]}",
            details={"staff_id": staff_id, "before": member.role.value, "after": new_role.value},
        )
        await self._publish(StaffChanged(office_id, staff_id))

    async def deactivate(self, actor: Actor, staff_id: int) -> None:
        """Block logging in at once and end every open session of the member."""
        office_id = await self._manager(actor)
        if staff_id == actor.user_id:
            raise ValidationError.single("staff", SELF_DEACTIVATE)
        async with self._staff.serialized(office_id):
            member = await self._member(office_id, staff_id)
            if not member.active:
                return
            if member.is_admin and member.can_log_in:
                await self._keep_an_admin(office_id, "staff")
            await self._staff.set_active(office_id, staff_id, False)
        await self._accounts.end_all_sessions(ActorKind.STAFF, staff_id)
        await self._audit.record(
            actor,
            "staff.deactivated",
            f"Dezaktywacja konta: {member.full_name} ({member.email})",
            details={"staff_id": staff_id},
        )
        await self._publish(StaffChanged(office_id, staff_id))

    async def reactivate(self, actor: Actor, staff_id: int) -> None:
        office_id = await self._manager(actor)
        async with self._staff.serialized(office_id):
            member = await self._member(office_id, staff_id)
            if member.active:
                return
            await self._staff.set_active(office_id, staff_id, True)
        await self._audit.record(
            actor,
            "staff.reactivated",
            f"Ponowna aktywacja konta: {member.full_name} ({member.email})",
            details={"staff_id": staff_id},
        )
        await self._publish(StaffChanged(office_id, staff_id))

    async def delete(self, actor: Actor, staff_id: int) -> None:
        """Remove the member; their assignments go with them."""
        office_id = await self._manager(actor)
        if staff_id == actor.user_id:
            raise ValidationError.single("staff", SELF_DELETE)
        async with self._staff.serialized(office_id):
            member = await self._member(office_id, staff_id)
            if member.is_admin and member.can_log_in:
                await self._keep_an_admin(office_id, "staff")
            pairs = await self._assignments.pairs(office_id, staff_ids={staff_id})
            try:
                await self._staff.delete(office_id, staff_id)
            except Conflict:
                raise Conflict(STILL_REFERENCED) from None
        await self._accounts.end_all_sessions(ActorKind.STAFF, staff_id)
        company_ids = sorted(company_id for _, company_id in pairs)
        await self._audit.record(
            actor,
            "staff.deleted",
            f"Usunięcie konta: {member.full_name} ({member.email})",
            details={
                "staff_id": staff_id,
                "email": member.email,
                "role": member.role.value,
                "company_ids": company_ids,
            },
        )
        await self._publish(
            StaffChanged(office_id, staff_id),
            *(CompanyChanged(office_id, company_id) for company_id in company_ids),
        )

    # --- the restriction switch -----------------------------------------------------------

    async def restriction(self, actor: Actor) -> bool:
        """Is "Ogranicz dostęp pracowników do firm" on? Any staff member may ask."""
        office_id = self._staff_office(actor)
        return await self._staff.restriction(office_id)

    async def set_restriction(self, actor: Actor, on: bool) -> None:
        office_id = await self._manager(actor)
        if await self._staff.restriction(office_id) == on:
            return
        await self._staff.set_restriction(office_id, on)
        await self._audit.record(
            actor,
            "settings.restriction_changed",
            "Ograniczenie dostępu pracowników do firm: " + ("włączone" if on else "wyłączone"),
            details={"before": not on, "after": on},
        )
        await self._publish(StaffChanged(office_id, None))

    # --- helpers ----------------------------------------------------------------------------

    async def _keep_an_admin(self, office_id: int, field: str) -> None:
        """Refuse a change that would leave the office without an administrator who can log
        in (the member being changed is one of those counted)."""
        if await self._staff.count_admins_who_can_log_in(office_id) <= 1:
            raise ValidationError.single(field, LAST_ADMIN)


# The repository protocols and the messages lived here before; importers still find them here.
__all__ = [
    "ALREADY_ACTIVATED",
    "EMAIL_INVALID",
    "EMAIL_MISSING",
    "EMAIL_TAKEN",
    "FIRST_NAME_MISSING",
    "FIRST_NAME_TOO_LONG",
    "INVITE_DEACTIVATED",
    "LAST_ADMIN",
    "LAST_NAME_MISSING",
    "LAST_NAME_TOO_LONG",
    "NO_COMPANY_CHOSEN",
    "NO_STAFF_CHOSEN",
    "ROLE_INVALID",
    "SELF_DEACTIVATE",
    "SELF_DELETE",
    "STILL_REFERENCED",
    "AssignmentRepository",
    "StaffAccounts",
    "StaffRepository",
    "StaffService",
]
