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

import re
from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from domain.actors import Actor, ActorKind, CompanyRef, StaffRole
from domain.audit import AuditLog
from domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from domain.events import CompanyChanged, DomainEvent, StaffChanged
from domain.policies import Action, CompanyAction, require, require_on_company
from domain.ports import EventBus
from domain.staff.model import ROLE_LABELS, StaffChoice, StaffMember

NAME_MAX = 100
EMAIL_MAX = 254
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

FIRST_NAME_MISSING = "Podaj imię."
FIRST_NAME_TOO_LONG = "Imię może mieć najwyżej 100 znaków."
LAST_NAME_MISSING = "Podaj nazwisko."
LAST_NAME_TOO_LONG = "Nazwisko może mieć najwyżej 100 znaków."
EMAIL_MISSING = "Podaj adres e-mail."
EMAIL_INVALID = "Ten adres e-mail wygląda na błędny. Sprawdź go, np. jan.kowalski@firma.pl."
EMAIL_TAKEN = "Ten adres e-mail ma już konto w Biurku. Podaj inny adres."
ROLE_INVALID = "Wybierz rolę: Administrator albo Pracownik."
LAST_ADMIN = (
    "To jedyny aktywny administrator biura. Najpierw nadaj rolę administratora innej osobie."
)
SELF_DEACTIVATE = "Nie możesz dezaktywować własnego konta."
SELF_DELETE = "Nie możesz usunąć własnego konta."
ALREADY_ACTIVATED = (
    "To konto jest już aktywne. Jeśli ta osoba nie pamięta hasła, niech użyje opcji "
    "„Nie pamiętam hasła” na stronie logowania."
)
INVITE_DEACTIVATED = "To konto jest wyłączone. Najpierw je aktywuj, a potem wyślij zaproszenie."
NO_STAFF_CHOSEN = "Wybierz co najmniej jednego pracownika."
NO_COMPANY_CHOSEN = "Zaznacz co najmniej jedną firmę."
STILL_REFERENCED = (
    "Tej osoby nie można usunąć, bo są z nią powiązane dane. Dezaktywuj jej konto zamiast tego."
)


class StaffRepository(Protocol):
    """Staff users of one office; every method is scoped by the office id."""

    def serialized(self, office_id: int) -> AbstractAsyncContextManager[None]:
        """A transaction in which this office's staff changes run one at a time."""
        ...

    async def list_members(self, office_id: int) -> list[StaffMember]:
        """All staff of the office with their assignment counts, in a constant number of
        queries."""
        ...

    async def get(self, office_id: int, staff_id: int) -> StaffMember | None: ...

    async def choices(self, office_id: int) -> list[StaffChoice]:
        """Every staff member of the office (active or not), sorted by name."""
        ...

    async def is_active_admin(self, office_id: int, staff_id: int) -> bool: ...

    async def count_admins_who_can_log_in(self, office_id: int) -> int: ...

    async def email_in_use(self, email: str) -> bool:
        """Is the address used by any staff user or client user (of any office)?"""
        ...

    async def create(
        self, office_id: int, first_name: str, last_name: str, email: str, role: StaffRole
    ) -> int:
        """A new staff user without a password; raises ``Conflict`` for a taken e-mail."""
        ...

    async def set_role(self, office_id: int, staff_id: int, role: StaffRole) -> None: ...

    async def set_active(self, office_id: int, staff_id: int, active: bool) -> None: ...

    async def delete(self, office_id: int, staff_id: int) -> None:
        """Remove the user, their assignments and unused links; ``Conflict`` when other data
        still points at them."""
        ...

    async def restriction(self, office_id: int) -> bool: ...

    async def set_restriction(self, office_id: int, on: bool) -> None: ...


class AssignmentRepository(Protocol):
    """Assignments of staff to companies, as (staff id, company id) pairs. Deleted companies
    are invisible here: they are neither listed, nor counted, nor accepted."""

    async def company(self, company_id: int) -> CompanyRef | None:
        """A company that is not deleted."""
        ...

    async def companies_in_office(self, office_id: int, company_ids: set[int]) -> set[int]:
        """Those of ``company_ids`` that are the office's companies (not deleted)."""
        ...

    async def company_choices(self, office_id: int) -> list[tuple[int, str]]:
        """The office's companies (active and inactive, not deleted) by name."""
        ...

    async def pairs(
        self,
        office_id: int,
        staff_ids: set[int] | None = None,
        company_ids: set[int] | None = None,
    ) -> set[tuple[int, int]]:
        """Existing assignments of the office, optionally only of these staff / companies."""
        ...

    async def add(self, pairs: set[tuple[int, int]]) -> None:
        """Create assignments; pairs that exist already are ignored."""
        ...

    async def remove(self, pairs: set[tuple[int, int]]) -> None: ...


class StaffAccounts(Protocol):
    """What the staff service needs from the auth service."""

    async def send_activation(self, kind: ActorKind, user_id: int) -> None: ...

    async def end_all_sessions(self, kind: ActorKind, user_id: int) -> None: ...


class StaffService:
    def __init__(
        self,
        staff: StaffRepository,
        assignments: AssignmentRepository,
        accounts: StaffAccounts,
        audit: AuditLog,
        events: EventBus,
    ) -> None:
        self._staff = staff
        self._assignments = assignments
        self._accounts = accounts
        self._audit = audit
        self._events = events

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
        first, last, address, parsed_role = _validated_invitation(
            first_name, last_name, email, role
        )
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
        new_role = _parse_role(role)
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

    # --- assignments ------------------------------------------------------------------------

    async def assignments_of(self, actor: Actor, staff_id: int) -> set[int]:
        """Companies the member is assigned to: for administrators, and for the member."""
        if actor.is_staff and staff_id == actor.user_id:
            office_id = self._staff_office(actor)
        else:
            office_id = await self._manager(actor)
        await self._member(office_id, staff_id)
        pairs = await self._assignments.pairs(office_id, staff_ids={staff_id})
        return {company_id for _, company_id in pairs}

    async def set_assignments(
        self, actor: Actor, staff_id: int, company_ids: Iterable[int]
    ) -> None:
        """Make ``company_ids`` the member's assignments (from the employee's side)."""
        office_id = await self._manager(actor)
        wanted = set(company_ids)
        async with self._staff.serialized(office_id):
            await self._member(office_id, staff_id)
            await self._require_companies(office_id, wanted)
            current = await self._assignments.pairs(office_id, staff_ids={staff_id})
            target = {(staff_id, company_id) for company_id in wanted}
            added, removed = target - current, current - target
            await self._assignments.add(added)
            await self._assignments.remove(removed)
        await self._after_assignment_change(actor, office_id, added, removed)

    async def staff_of_company(self, actor: Actor, company_id: int) -> set[int]:
        """Ids of the staff assigned to the company; for staff who may see the company."""
        company = await self._visible_company(actor, company_id)
        pairs = await self._assignments.pairs(company.office_id, company_ids={company_id})
        return {staff_id for staff_id, _ in pairs}

    async def assigned_staff(self, actor: Actor, company_id: int) -> list[StaffChoice]:
        """The staff assigned to the company, with names (deactivated ones marked)."""
        company = await self._visible_company(actor, company_id)
        pairs = await self._assignments.pairs(company.office_id, company_ids={company_id})
        assigned = {staff_id for staff_id, _ in pairs}
        return [c for c in await self._staff.choices(company.office_id) if c.id in assigned]

    async def set_company_staff(
        self, actor: Actor, company_id: int, staff_ids: Iterable[int]
    ) -> None:
        """Make ``staff_ids`` the company's assigned staff (from the company's side)."""
        office_id = await self._manager(actor)
        wanted = set(staff_ids)
        async with self._staff.serialized(office_id):
            await self._require_companies(office_id, {company_id})
            await self._require_staff(office_id, wanted)
            current = await self._assignments.pairs(office_id, company_ids={company_id})
            target = {(staff_id, company_id) for staff_id in wanted}
            added, removed = target - current, current - target
            await self._assignments.add(added)
            await self._assignments.remove(removed)
        await self._after_assignment_change(actor, office_id, added, removed)

    async def bulk_assign(
        self, actor: Actor, company_ids: Iterable[int], staff_ids: Iterable[int]
    ) -> int:
        """Assign every given member to every given company (adds, never removes). Returns
        how many new assignments were made."""
        office_id = await self._manager(actor)
        companies, staff = set(company_ids), set(staff_ids)
        if not companies:
            raise ValidationError.single("companies", NO_COMPANY_CHOSEN)
        if not staff:
            raise ValidationError.single("staff", NO_STAFF_CHOSEN)
        async with self._staff.serialized(office_id):
            await self._require_companies(office_id, companies)
            await self._require_staff(office_id, staff)
            current = await self._assignments.pairs(
                office_id, staff_ids=staff, company_ids=companies
            )
            added = {(s, c) for s in staff for c in companies} - current
            await self._assignments.add(added)
        await self._after_assignment_change(actor, office_id, added, set())
        return len(added)

    # --- helpers ----------------------------------------------------------------------------

    async def _manager(self, actor: Actor) -> int:
        """The office of an administrator who may manage staff.

        The actor of an open page may be older than a demotion or deactivation, so the
        database is asked once more whether the actor is still an active administrator.
        """
        require(actor, Action.MANAGE_STAFF)
        if actor.office_id is None or not await self._staff.is_active_admin(
            actor.office_id, actor.user_id
        ):
            raise PermissionDenied()
        return actor.office_id

    def _staff_office(self, actor: Actor) -> int:
        """The office of any staff member (the dashboard right is what every staff has)."""
        require(actor, Action.VIEW_OFFICE_DASHBOARD)
        if actor.office_id is None:
            raise PermissionDenied()
        return actor.office_id

    async def _member(self, office_id: int, staff_id: int) -> StaffMember:
        member = await self._staff.get(office_id, staff_id)
        if member is None:
            raise NotFound()
        return member

    async def _visible_company(self, actor: Actor, company_id: int) -> CompanyRef:
        self._staff_office(actor)
        company = await self._assignments.company(company_id)
        if company is None:
            raise NotFound()
        require_on_company(actor, CompanyAction.VIEW, company)
        return company

    async def _require_companies(self, office_id: int, company_ids: set[int]) -> None:
        if company_ids and (
            await self._assignments.companies_in_office(office_id, company_ids) != company_ids
        ):
            raise NotFound()

    async def _require_staff(self, office_id: int, staff_ids: set[int]) -> None:
        known = {c.id for c in await self._staff.choices(office_id)}
        if not staff_ids <= known:
            raise NotFound()

    async def _keep_an_admin(self, office_id: int, field: str) -> None:
        """Refuse a change that would leave the office without an administrator who can log
        in (the member being changed is one of those counted)."""
        if await self._staff.count_admins_who_can_log_in(office_id) <= 1:
            raise ValidationError.single(field, LAST_ADMIN)

    async def _after_assignment_change(
        self,
        actor: Actor,
        office_id: int,
        added: set[tuple[int, int]],
        removed: set[tuple[int, int]],
    ) -> None:
        """One audit entry per member whose assignments changed, then the events."""
        if not added and not removed:
            return
        names = {c.id: c.name for c in await self._staff.choices(office_id)}
        changed_staff = sorted({s for s, _ in added | removed})
        changed_companies = sorted({c for _, c in added | removed})
        for staff_id in changed_staff:
            plus = sorted(c for s, c in added if s == staff_id)
            minus = sorted(c for s, c in removed if s == staff_id)
            touched = set(plus) | set(minus)
            await self._audit.record(
                actor,
                "assignment.changed",
                f"Przydział firm: {names.get(staff_id, staff_id)} "
                f"(dodane: {len(plus)}, usunięte: {len(minus)})",
                company_id=next(iter(touched)) if len(touched) == 1 else None,
                details={"staff_id": staff_id, "added": plus, "removed": minus},
            )
        await self._publish(
            *(StaffChanged(office_id, staff_id) for staff_id in changed_staff),
            *(CompanyChanged(office_id, company_id) for company_id in changed_companies),
        )

    async def _publish(self, *events: DomainEvent) -> None:
        for event in events:
            await self._events.publish(event)


def _parse_role(role: StaffRole | str) -> StaffRole:
    try:
        return StaffRole(role)
    except ValueError:
        raise ValidationError.single("role", ROLE_INVALID) from None


def _validated_invitation(
    first_name: str, last_name: str, email: str, role: StaffRole | str
) -> tuple[str, str, str, StaffRole]:
    """Trimmed values, or a ValidationError naming every wrong field at once."""
    errors: dict[str, str] = {}
    first, last = (first_name or "").strip(), (last_name or "").strip()
    address = (email or "").strip().lower()
    if not first:
        errors["first_name"] = FIRST_NAME_MISSING
    elif len(first) > NAME_MAX:
        errors["first_name"] = FIRST_NAME_TOO_LONG
    if not last:
        errors["last_name"] = LAST_NAME_MISSING
    elif len(last) > NAME_MAX:
        errors["last_name"] = LAST_NAME_TOO_LONG
    if not address:
        errors["email"] = EMAIL_MISSING
    elif len(address) > EMAIL_MAX or not EMAIL_PATTERN.match(address):
        errors["email"] = EMAIL_INVALID
    parsed_role: StaffRole | None = None
    try:
        parsed_role = StaffRole(role)
    except ValueError:
        errors["role"] = ROLE_INVALID
    if errors or parsed_role is None:
        raise ValidationError(errors)
    return first, last, address, parsed_role
