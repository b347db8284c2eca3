"""Who may call which staff-service method: admin, employee, client, the sync agent and an
administrator of another office, through the real service and database.

Every method of ``StaffService`` is in the matrix (a test fails when a public method is
added without a row). "ok" for the other office's administrator means the call works on their
own office only: the demo office's data stays unseen and unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from domain.accounts.service import actor_from
from domain.actors import Actor, ActorKind, StaffRole
from domain.errors import NotFound, PermissionDenied
from domain.staff.service import StaffService
from persistence.models import Company, Office, StaffAssignment, StaffUser
from persistence.repositories.accounts import AccountRepo
from tests.support.services import make_settings, running_services

OK = "ok"
DENIED = PermissionDenied
HIDDEN = NotFound
ACTORS = ("admin", "employee", "client", "sync", "other_admin")

# method -> expected outcome for (admin, employee, client, sync, other office's admin)
MATRIX: dict[str, tuple[Any, ...]] = {
    "list_staff": (OK, DENIED, DENIED, DENIED, OK),
    "assignable_staff": (OK, OK, DENIED, DENIED, OK),
    "company_choices": (OK, DENIED, DENIED, DENIED, OK),
    "invite": (OK, DENIED, DENIED, DENIED, OK),
    "resend_invitation": (OK, DENIED, DENIED, DENIED, HIDDEN),
    "set_role": (OK, DENIED, DENIED, DENIED, HIDDEN),
    "deactivate": (OK, DENIED, DENIED, DENIED, HIDDEN),
    "reactivate": (OK, DENIED, DENIED, DENIED, HIDDEN),
    "delete": (OK, DENIED, DENIED, DENIED, HIDDEN),
    "restriction": (OK, OK, DENIED, DENIED, OK),
    "set_restriction": (OK, DENIED, DENIED, DENIED, OK),
    "assignments_of": (OK, DENIED, DENIED, DENIED, HIDDEN),
    "assignments_of_self": (OK, OK, DENIED, DENIED, OK),
    "set_assignments": (OK, DENIED, DENIED, DENIED, HIDDEN),
    "staff_of_company": (OK, OK, DENIED, DENIED, HIDDEN),
    "staff_of_unassigned_company_when_restricted": (OK, HIDDEN, DENIED, DENIED, HIDDEN),
    "assigned_staff": (OK, OK, DENIED, DENIED, HIDDEN),
    "set_company_staff": (OK, DENIED, DENIED, DENIED, HIDDEN),
    "bulk_assign": (OK, DENIED, DENIED, DENIED, HIDDEN),
}
# Rows that exercise one method in a particular situation.
VARIANTS = {
    "assignments_of_self": "assignments_of",
    "staff_of_unassigned_company_when_restricted": "staff_of_company",
}


@dataclass
class World:
    """The demo office plus targets for every destructive call, and another office."""

    staff: StaffService
    demo_office: int
    employee_id: int
    targets: dict[str, int]
    assigned_company: int
    unassigned_company: int
    other_office: int


async def build_world(staff: StaffService) -> World:
    office = await Office.get(name="Biuro Rachunkowe Demo")
    employee = await StaffUser.get(email="pracownik@demo.biurko.pl")
    companies = [c.id for c in await Company.filter(office=office).order_by("id").limit(2)]
    await StaffAssignment.all().delete()
    await StaffAssignment.create(staff_user=employee, company_id=companies[0])
    await Office.filter(id=office.id).update(restrict_employees=False)
    targets = {}
    for name in ("resend_invitation", "set_role", "deactivate", "reactivate", "delete"):
        row = await StaffUser.create(
            office=office,
            email=f"{name}@example.com",
            first_name="Cel",
            last_name=name,
            role=StaffRole.EMPLOYEE.value,
            active=name != "reactivate",
        )
        targets[name] = row.id
    other = await Office.create(name="Inne Biuro")
    await StaffUser.create(
        office=other,
        email="szef@inne.example.com",
        first_name="Szef",
        last_name="Inny",
        role=StaffRole.ADMIN.value,
        password_hash="x",
        activated_at=datetime.now(UTC),
    )
    await Company.create(office=other, name="Firma Innego Biura", identifier="1234563218")
    return World(staff, office.id, employee.id, targets, companies[0], companies[1], other.id)


async def actor_named(name: str, world: World) -> Actor:
    emails = {
        "admin": "admin@demo.biurko.pl",
        "employee": "pracownik@demo.biurko.pl",
        "client": "klient@demo.biurko.pl",
        "other_admin": "szef@inne.example.com",
    }
    if name == "sync":
        return Actor(kind=ActorKind.SYNC, user_id=0, office_id=world.demo_office)
    account = await AccountRepo().find_by_email(emails[name])
    assert account is not None
    return actor_from(account, None)


def call_for(row: str, actor: Actor, w: World) -> Callable[[], Awaitable[Any]]:
    s, t = w.staff, w.targets
    calls: dict[str, Callable[[], Awaitable[Any]]] = {
        "list_staff": lambda: s.list_staff(actor),
        "assignable_staff": lambda: s.assignable_staff(actor),
        "company_choices": lambda: s.company_choices(actor),
        "invite": lambda: s.invite(
            actor, "Nowy", "Ktoś", f"nowy-{actor.user_id}@ex.pl", "employee"
        ),
        "resend_invitation": lambda: s.resend_invitation(actor, t["resend_invitation"]),
        "set_role": lambda: s.set_role(actor, t["set_role"], StaffRole.ADMIN),
        "deactivate": lambda: s.deactivate(actor, t["deactivate"]),
        "reactivate": lambda: s.reactivate(actor, t["reactivate"]),
        "delete": lambda: s.delete(actor, t["delete"]),
        "restriction": lambda: s.restriction(actor),
        "set_restriction": lambda: s.set_restriction(actor, True),
        "assignments_of": lambda: s.assignments_of(actor, t["set_role"]),
        "assignments_of_self": lambda: s.assignments_of(actor, actor.user_id),
        "set_assignments": lambda: s.set_assignments(actor, w.employee_id, [w.unassigned_company]),
        "staff_of_company": lambda: s.staff_of_company(actor, w.assigned_company),
        "staff_of_unassigned_company_when_restricted": lambda: restricted_read(actor, w),
        "assigned_staff": lambda: s.assigned_staff(actor, w.assigned_company),
        "set_company_staff": lambda: s.set_company_staff(
            actor, w.assigned_company, [w.employee_id]
        ),
        "bulk_assign": lambda: s.bulk_assign(actor, [w.unassigned_company], [w.employee_id]),
    }
    return calls[row]


async def restricted_read(actor: Actor, w: World) -> set[int]:
    await Office.filter(id=w.demo_office).update(restrict_employees=True)
    try:
        fresh = await actor_named_again(actor)
        return await w.staff.staff_of_company(fresh, w.unassigned_company)
    finally:
        await Office.filter(id=w.demo_office).update(restrict_employees=False)


async def actor_named_again(actor: Actor) -> Actor:
    """The same person as a fresh actor (the restriction flag is read at login)."""
    if actor.kind is ActorKind.SYNC:
        return actor
    account = await AccountRepo().get(actor.kind, actor.user_id)
    assert account is not None
    return actor_from(account, None)


def test_matrix_covers_every_public_method() -> None:
    public = {
        name
        for name, member in inspect.getmembers(StaffService, inspect.iscoroutinefunction)
        if not name.startswith("_")
    }
    covered = {VARIANTS.get(row, row) for row in MATRIX}
    assert public == covered


@pytest.mark.parametrize("who", ACTORS)
async def test_staff_service_authorization(db_url: str, isolated_env: Path, who: str) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        world = await build_world(services.staff)
        actor = await actor_named(who, world)
        demo_staff_before = await staff_snapshot(world.demo_office)
        mismatches = []
        for row, expected_row in MATRIX.items():
            expected = expected_row[ACTORS.index(who)]
            try:
                await call_for(row, actor, world)()
                outcome: Any = OK
            except (PermissionDenied, NotFound) as error:
                outcome = type(error)
            if outcome is not expected and outcome != expected:
                mismatches.append(f"{row}: expected {expected}, got {outcome}")
        assert not mismatches, "\n".join(mismatches)

        if who in ("employee", "client", "sync", "other_admin"):
            # Nobody but the demo office's admin changed anything in the demo office.
            assert await staff_snapshot(world.demo_office) == demo_staff_before
        if who == "other_admin":
            await assert_other_admin_stayed_home(services.staff, actor, world)


async def staff_snapshot(office_id: int) -> tuple[Any, ...]:
    rows = (
        await StaffUser.filter(office_id=office_id)
        .order_by("id")
        .values_list("id", "email", "role", "active")
    )
    pairs = (
        await StaffAssignment.filter(staff_user__office_id=office_id)
        .order_by("staff_user_id", "company_id")
        .values_list("staff_user_id", "company_id")
    )
    office = await Office.get(id=office_id)
    return tuple(map(tuple, rows)), tuple(map(tuple, pairs)), office.restrict_employees


async def assert_other_admin_stayed_home(staff: StaffService, actor: Actor, w: World) -> None:
    listed = await staff.list_staff(actor)
    assert {m.email for m in listed} == {"szef@inne.example.com", f"nowy-{actor.user_id}@ex.pl"}
    assert [name for _, name in await staff.company_choices(actor)] == ["Firma Innego Biura"]
    assert {name for _, name in await staff.assignable_staff(actor)} == {
        "Szef Inny",
        "Nowy Ktoś",
    }
    assert await staff.restriction(actor)  # their own office's switch was turned on
    invited = await StaffUser.get(email=f"nowy-{actor.user_id}@ex.pl")
    assert invited.office_id == w.other_office
