"""Who may do what with companies and client users, asked THROUGH THE SERVICES.

``tests/unit/test_policies.py`` checks the policy functions; this matrix checks that every
service method asks them (and scopes its queries), so a forgotten check fails here. The
expected outcomes are a literal table. Actors (see ``tests/support/companies.py``): admin of
office A, an employee restricted to A1, an unrestricted employee, a client of A1, a client of
B1 (office B), and the admin of office B. A denied call must leave no trace: no audit entry,
no event.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from bootstrap import Services
from domain.actors import Actor
from domain.clock import FixedClock
from domain.companies.model import ClientUserForm, CompanyForm
from domain.errors import NotFound, PermissionDenied
from domain.events import DomainEvent
from domain.identifiers import generate_valid_nip
from persistence.models import AuditEvent
from tests.support.companies import World, company_form, make_world
from tests.support.services import make_settings, running_services

OK = "ok"
ACTORS = ("admin", "restricted", "employee", "client_a", "client_b", "admin_b")

# Every company-level action, on A1 and on A2 (the restricted employee is assigned to A1 only).
# NotFound: the actor may not even know the company exists; PermissionDenied: it may see the
# company (a client of its own company) but not manage it in the office panel.
ON_COMPANY: dict[str, tuple[object, object]] = {
    "admin": (OK, OK),
    "restricted": (OK, NotFound),
    "employee": (OK, OK),
    "client_a": (PermissionDenied, NotFound),
    "client_b": (NotFound, NotFound),
    "admin_b": (NotFound, NotFound),
}


@dataclass(frozen=True)
class Operation:
    """The actor's call, and the admin's set-up it needs (kept out of the trace)."""

    call: Callable[[Services, Actor, int, Any], Awaitable[Any]]
    setup: Callable[[Services, World, int], Awaitable[Any]] | None = None


async def _admin_adds_user(services: Services, world: World, company_id: int) -> int:
    result = await services.client_users.add_user(
        world.admin,
        company_id,
        ClientUserForm(
            first_name="Osoba",
            last_name=f"Firmy {company_id}",
            email=f"osoba{company_id}@matrix.test",
            send_activation=False,
        ),
    )
    return result.user_id


async def _admin_adds_inactive_user(services: Services, world: World, company_id: int) -> int:
    user_id = await _admin_adds_user(services, world, company_id)
    await services.client_users.deactivate(world.admin, company_id, user_id)
    return user_id


async def _edited_form(services: Services, world: World, company_id: int) -> CompanyForm:
    form = (await services.companies.get(world.admin, company_id)).to_form()
    return replace(form, address="ul. Nowa 1")


async def _name(services: Services, world: World, company_id: int) -> str:
    return (await services.companies.get(world.admin, company_id)).name


async def _admin_deletes(services: Services, world: World, company_id: int) -> None:
    await services.companies.delete(
        world.admin, company_id, await _name(services, world, company_id)
    )


NEW_USER = ClientUserForm(first_name="Nowa", last_name="Osoba", email="nowa@matrix.test")

OPERATIONS: dict[str, Operation] = {
    "get": Operation(lambda s, a, c, _: s.companies.get(a, c)),
    "update": Operation(lambda s, a, c, form: s.companies.update(a, c, form), _edited_form),
    "set_status": Operation(lambda s, a, c, _: s.companies.set_status(a, c, False)),
    "set_status_many": Operation(lambda s, a, c, _: s.companies.set_status_many(a, [c], False)),
    "delete": Operation(lambda s, a, c, name: s.companies.delete(a, c, name), _name),
    "restore": Operation(lambda s, a, c, _: s.companies.restore(a, c), _admin_deletes),
    "list_users": Operation(lambda s, a, c, _: s.client_users.list_users(a, c)),
    "add_user": Operation(lambda s, a, c, _: s.client_users.add_user(a, c, NEW_USER)),
    "resend_activation": Operation(
        lambda s, a, c, uid: s.client_users.resend_activation(a, c, uid), _admin_adds_user
    ),
    "deactivate": Operation(
        lambda s, a, c, uid: s.client_users.deactivate(a, c, uid), _admin_adds_user
    ),
    "reactivate": Operation(
        lambda s, a, c, uid: s.client_users.reactivate(a, c, uid), _admin_adds_inactive_user
    ),
    "remove": Operation(lambda s, a, c, uid: s.client_users.remove(a, c, uid), _admin_adds_user),
}


@pytest.fixture
async def services(db_url: str, isolated_env: Path) -> AsyncIterator[Services]:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings, FixedClock()) as running:
        yield running


@pytest.fixture
async def world(services: Services) -> World:
    return await make_world(services)


async def _outcome(
    services: Services, world: World, actor: Actor, company_id: int, operation: Operation
) -> object:
    context = await operation.setup(services, world, company_id) if operation.setup else None
    # The setup may queue an e-mail whose delivery publishes an event: let it land first, so
    # only events of the call under test are observed.
    await services.jobs.idle()  # type: ignore[union-attr]
    events: list[DomainEvent] = []
    unsubscribe = services.events.subscribe(events.append)
    audit_before = await AuditEvent.all().count()
    try:
        await operation.call(services, actor, company_id, context)
    except (NotFound, PermissionDenied) as error:
        assert not events, "a denied call published an event"
        assert await AuditEvent.all().count() == audit_before, "a denied call was audited"
        return type(error)
    finally:
        unsubscribe()
    return OK


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("who", ACTORS)
async def test_company_actions(services: Services, world: World, who: str, operation: str) -> None:
    actor = world.all_actors[who]
    outcomes = tuple(
        [
            await _outcome(services, world, actor, company_id, OPERATIONS[operation])
            for company_id in (world.a1, world.a2)
        ]
    )
    assert outcomes == ON_COMPANY[who]


# --- office-wide actions -----------------------------------------------------------------------


async def _visible_names(services: Services, actor: Actor) -> set[str]:
    return {row.name for row in (await services.companies.list_companies(actor)).rows}


async def _deleted_names(services: Services, actor: Actor) -> set[str]:
    return {row.name for row in await services.companies.deleted_companies(actor)}


LIST: dict[str, object] = {
    "admin": {"Alfa Sp. z o.o.", "Beta Usługi"},
    "restricted": {"Alfa Sp. z o.o."},
    "employee": {"Alfa Sp. z o.o.", "Beta Usługi"},
    "client_a": PermissionDenied,
    "client_b": PermissionDenied,
    "admin_b": {"Gamma B"},
}
CREATE: dict[str, object] = {
    "admin": OK,
    "restricted": OK,
    "employee": OK,
    "client_a": PermissionDenied,
    "client_b": PermissionDenied,
    "admin_b": OK,
}
STAFF_CHOICES: dict[str, object] = {
    "admin": {"admin", "employee", "restricted"},
    "restricted": set(),
    "employee": {"admin", "employee", "restricted"},
    "client_a": PermissionDenied,
    "client_b": PermissionDenied,
    "admin_b": {"admin_b"},
}


async def _result(call: Callable[[], Awaitable[Any]]) -> object:
    try:
        return await call()
    except (NotFound, PermissionDenied) as error:
        return type(error)


@pytest.mark.parametrize("who", ACTORS)
async def test_list_companies(services: Services, world: World, who: str) -> None:
    actor = world.all_actors[who]
    assert await _result(lambda: _visible_names(services, actor)) == LIST[who]


@pytest.mark.parametrize("who", ACTORS)
async def test_deleted_companies(services: Services, world: World, who: str) -> None:
    for company_id in (world.a1, world.a2):
        await _admin_deletes(services, world, company_id)
    await services.companies.delete(world.admin_b, world.b1, "Gamma B")
    actor = world.all_actors[who]
    assert await _result(lambda: _deleted_names(services, actor)) == LIST[who]


@pytest.mark.parametrize("who", ACTORS)
async def test_create_company(services: Services, world: World, who: str) -> None:
    actor = world.all_actors[who]
    form = company_form("Nowa Firma", generate_valid_nip(9001))
    outcome = await _result(lambda: services.companies.create(actor, form))
    assert (OK if hasattr(outcome, "company_id") else outcome) == CREATE[who]
    if CREATE[who] is OK:
        # The new company lands in the actor's own office and the actor sees it.
        assert "Nowa Firma" in await _visible_names(services, _refreshed(actor, outcome))


def _refreshed(actor: Actor, outcome: object) -> Actor:
    """The actor as the next request would load it (a restricted employee gets assigned)."""
    if not actor.restricted:
        return actor
    company_id: int = outcome.company_id  # type: ignore[attr-defined]
    return replace(actor, assigned_company_ids=actor.assigned_company_ids | {company_id})


@pytest.mark.parametrize("who", ACTORS)
async def test_staff_choices(services: Services, world: World, who: str) -> None:
    actor = world.all_actors[who]
    staff = {world.all_actors[name].user_id: name for name in ("admin", "employee", "restricted")}
    staff[world.admin_b.user_id] = "admin_b"

    async def names() -> set[str]:
        return {staff[choice.id] for choice in await services.companies.staff_choices(actor)}

    assert await _result(names) == STAFF_CHOICES[who]
