"""Staff management against a real database: invitations, roles, the last-admin guard,
deactivation, deletion, the restriction switch and assignments from every side."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tortoise import connections

from bootstrap import Services
from domain.accounts.service import actor_from
from domain.accounts.tokens import TokenState
from domain.actors import Actor, CompanyRef, StaffRole
from domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from domain.events import CompanyChanged, DomainEvent, StaffChanged
from domain.policies import can_see_company
from domain.staff import service as staff_rules
from persistence.demo import DEMO_PASSWORD
from persistence.models import (
    AuditEvent,
    Company,
    Office,
    OutboxEmail,
    StaffAssignment,
    StaffUser,
    UserSession,
)
from persistence.repositories.accounts import AccountRepo
from tests.support.services import make_settings, running_services

LINK = re.compile(r"http://biurko\.test/haslo/ustaw\?token=([\w-]+)")
ADMIN = "admin@demo.biurko.pl"
EMPLOYEE = "pracownik@demo.biurko.pl"


@asynccontextmanager
async def staff_services(db_url: str, data_dir: Path) -> AsyncIterator[Services]:
    async with running_services(make_settings(data_dir, db_url)) as services:
        yield services


async def actor_for(email: str) -> Actor:
    """A fresh actor straight from the database, as the session middleware builds it."""
    account = await AccountRepo().find_by_email(email)
    assert account is not None
    return actor_from(account, None)


async def staff_id(email: str) -> int:
    return (await StaffUser.get(email=email)).id


async def demo_companies() -> list[int]:
    """The first four companies of the demo office (the demo data may grow)."""
    office = await Office.get(name="Biuro Rachunkowe Demo")
    return [c.id for c in await Company.filter(office=office).order_by("id").limit(4)]


def collect(services: Services) -> list[DomainEvent]:
    """Staff and company events published from now on (e-mail events left out)."""
    seen: list[DomainEvent] = []

    def keep(event: DomainEvent) -> None:
        if isinstance(event, (StaffChanged, CompanyChanged)):
            seen.append(event)

    services.events.subscribe(keep)
    return seen


async def without_assignments() -> None:
    """The demo office restricts employees and assigns some companies: start from neither."""
    await StaffAssignment.all().delete()
    await Office.all().update(restrict_employees=False)


async def audit_kinds() -> list[str]:
    return [e.kind for e in await AuditEvent.all().order_by("id")]


async def add_admin(email: str, first: str = "Beata", last: str = "Druga") -> int:
    office = await Office.get(name="Biuro Rachunkowe Demo")
    row = await StaffUser.create(
        office=office,
        email=email,
        first_name=first,
        last_name=last,
        role=StaffRole.ADMIN.value,
        password_hash="x",
        activated_at=datetime.now(UTC),
    )
    return row.id


async def test_invite_sends_set_password_link_and_the_employee_can_log_in(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        events = collect(services)
        admin = await actor_for(ADMIN)
        new_id = await services.staff.invite(
            admin, " Ewa ", "Nowak", " Ewa.Nowak@Example.com ", StaffRole.EMPLOYEE
        )
        row = await StaffUser.get(id=new_id)
        assert (row.email, row.first_name, row.office_id) == (
            "ewa.nowak@example.com",
            "Ewa",
            admin.office_id,
        )
        assert row.password_hash is None and row.active
        with pytest.raises(ValidationError, match="nie jest jeszcze aktywne"):
            await services.auth.login("ewa.nowak@example.com", "cokolwiek-123", "10.9.0.1")

        listed = {m.email: m for m in await services.staff.list_staff(admin)}
        invited = listed["ewa.nowak@example.com"]
        assert invited.role is StaffRole.EMPLOYEE and invited.active and not invited.activated

        await services.jobs.idle()
        email = await OutboxEmail.get(to_address="ewa.nowak@example.com")
        assert email.status == "sent" and email.office_id == admin.office_id
        match = LINK.search(email.text_body)
        assert match is not None
        assert list((isolated_env / "emails").glob("*.eml"))
        await services.auth.set_password_with_link(
            match.group(1), "Pogodny-Wtorek-2026", "Pogodny-Wtorek-2026"
        )
        ticket = await services.auth.login("ewa.nowak@example.com", "Pogodny-Wtorek-2026", "ip")
        session = await services.auth.redeem_login_ticket(ticket)
        actor = await services.auth.actor_for_session(session.sid)
        assert actor is not None and actor.is_staff and not actor.is_admin
        listed = {m.email: m for m in await services.staff.list_staff(admin)}
        assert listed["ewa.nowak@example.com"].activated

        assert "staff.invited" in await audit_kinds()
        entry = await AuditEvent.get(kind="staff.invited")
        assert entry.details == {
            "staff_id": new_id,
            "email": "ewa.nowak@example.com",
            "role": "employee",
        }
        assert StaffChanged(admin.office_id, new_id) in events


async def test_invite_validates_fields_and_refuses_used_emails(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        admin = await actor_for(ADMIN)
        with pytest.raises(ValidationError) as empty:
            await services.staff.invite(admin, " ", "", "", "boss")
        assert empty.value.errors == {
            "first_name": staff_rules.FIRST_NAME_MISSING,
            "last_name": staff_rules.LAST_NAME_MISSING,
            "email": staff_rules.EMAIL_MISSING,
            "role": staff_rules.ROLE_INVALID,
        }
        for wrong in ("jan", "jan@", "jan kowalski@firma.pl", "jan@firma"):
            with pytest.raises(ValidationError) as bad:
                await services.staff.invite(admin, "Jan", "Nowy", wrong, "employee")
            assert bad.value.errors == {"email": staff_rules.EMAIL_INVALID}
        with pytest.raises(ValidationError) as long_name:
            await services.staff.invite(admin, "J" * 101, "Nowy", "jan@firma.pl", "employee")
        assert long_name.value.errors == {"first_name": staff_rules.FIRST_NAME_TOO_LONG}
        # Staff and client users share one address space: the login finds either.
        for used in (" Pracownik@Demo.Biurko.pl", "klient@demo.biurko.pl"):
            with pytest.raises(ValidationError) as taken:
                await services.staff.invite(admin, "Jan", "Nowy", used, "employee")
            assert taken.value.errors == {"email": staff_rules.EMAIL_TAKEN}
        assert await StaffUser.filter(first_name="Jan").count() == 0
        assert await OutboxEmail.all().count() == 0


async def test_role_change_is_audited_with_before_and_after(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        events = collect(services)
        admin = await actor_for(ADMIN)
        employee_id = await staff_id(EMPLOYEE)
        await services.staff.set_role(admin, employee_id, StaffRole.ADMIN)
        assert (await actor_for(EMPLOYEE)).is_admin
        await services.staff.set_role(admin, employee_id, "admin")  # no change, no entry
        await services.staff.set_role(admin, employee_id, "employee")
        entries = await AuditEvent.filter(kind="staff.role_changed").order_by("id")
        assert [e.details for e in entries] == [
            {"staff_id": employee_id, "before": "employee", "after": "admin"},
            {"staff_id": employee_id, "before": "admin", "after": "employee"},
        ]
        assert "Administrator → Pracownik" in entries[1].summary
        assert events.count(StaffChanged(admin.office_id, employee_id)) == 2
        with pytest.raises(ValidationError) as wrong:
            await services.staff.set_role(admin, employee_id, "szef")
        assert wrong.value.errors == {"role": staff_rules.ROLE_INVALID}


async def test_the_last_admin_who_can_log_in_cannot_be_demoted(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        admin = await actor_for(ADMIN)
        # An invited administrator who has not set a password yet does not count.
        await services.staff.invite(admin, "Nowa", "Szefowa", "nowa@example.com", "admin")
        with pytest.raises(ValidationError) as last:
            await services.staff.set_role(admin, admin.user_id, StaffRole.EMPLOYEE)
        assert last.value.errors == {"role": staff_rules.LAST_ADMIN}
        assert (await StaffUser.get(id=admin.user_id)).role == "admin"
        # With a second administrator who can log in, stepping down is fine.
        await add_admin("beata@example.com")
        await services.staff.set_role(admin, admin.user_id, StaffRole.EMPLOYEE)
        assert not (await actor_for(ADMIN)).is_admin
        with pytest.raises(PermissionDenied):  # the old actor is stale: asked again
            await services.staff.list_staff(admin)


@pytest.mark.parametrize("operation", ["deactivate", "delete", "set_role"])
async def test_two_admins_removing_each_other_at_once_leave_one(
    db_url: str, isolated_env: Path, operation: str
) -> None:
    """Both pass the permission check before either changes anything; the office lock makes
    the second see the first one's change and refuse with the last-admin message."""
    async with staff_services(db_url, isolated_env) as services:
        first = await actor_for(ADMIN)
        second_id = await add_admin("beata@example.com")
        second = await actor_for("beata@example.com")
        repo = services.staff._staff  # the real repository, wrapped to line both calls up
        original = repo.is_active_admin
        arrived = 0
        both_checked = asyncio.Event()

        async def checked_together(office_id: int, user_id: int) -> bool:
            nonlocal arrived
            result = await original(office_id, user_id)
            arrived += 1
            if arrived == 2:
                both_checked.set()
            await both_checked.wait()
            return result

        repo.is_active_admin = checked_together  # type: ignore[method-assign]

        def call(actor: Actor, target: int) -> Any:
            if operation == "set_role":
                return services.staff.set_role(actor, target, StaffRole.EMPLOYEE)
            return getattr(services.staff, operation)(actor, target)

        results = await asyncio.gather(
            call(first, second_id), call(second, first.user_id), return_exceptions=True
        )
        repo.is_active_admin = original  # type: ignore[method-assign]
        errors = [r for r in results if isinstance(r, BaseException)]
        assert len(errors) == 1, results
        assert isinstance(errors[0], ValidationError)
        assert staff_rules.LAST_ADMIN in errors[0].errors.values()
        admins = await StaffUser.filter(role="admin", active=True).count()
        assert admins == 1


async def test_nobody_deactivates_or_deletes_themselves(db_url: str, isolated_env: Path) -> None:
    async with staff_services(db_url, isolated_env) as services:
        await add_admin("beata@example.com")
        admin = await actor_for(ADMIN)
        with pytest.raises(ValidationError) as deactivate:
            await services.staff.deactivate(admin, admin.user_id)
        assert deactivate.value.errors == {"staff": staff_rules.SELF_DEACTIVATE}
        with pytest.raises(ValidationError) as delete:
            await services.staff.delete(admin, admin.user_id)
        assert delete.value.errors == {"staff": staff_rules.SELF_DELETE}
        assert await StaffUser.filter(id=admin.user_id, active=True).exists()


async def test_deactivation_ends_sessions_and_reactivation_lets_back_in(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        admin = await actor_for(ADMIN)
        employee_id = await staff_id(EMPLOYEE)
        sids = [
            (
                await services.auth.redeem_login_ticket(
                    await services.auth.login(EMPLOYEE, DEMO_PASSWORD, f"10.4.0.{n}")
                )
            ).sid
            for n in (1, 2)
        ]
        for sid in sids:
            assert await services.auth.actor_for_session(sid) is not None

        await services.staff.deactivate(admin, employee_id)
        for sid in sids:
            assert await services.auth.actor_for_session(sid) is None
        assert not await UserSession.filter(user_kind="staff", user_id=employee_id).exists()
        with pytest.raises(ValidationError, match="wyłączone"):
            await services.auth.login(EMPLOYEE, DEMO_PASSWORD, "10.4.0.3")
        member = next(m for m in await services.staff.list_staff(admin) if m.id == employee_id)
        assert not member.active and member.activated
        await services.staff.deactivate(admin, employee_id)  # idempotent, one entry
        assert (await audit_kinds()).count("staff.deactivated") == 1

        await services.staff.reactivate(admin, employee_id)
        assert await services.auth.login(EMPLOYEE, DEMO_PASSWORD, "10.4.0.4")
        assert "staff.reactivated" in await audit_kinds()


async def test_resend_invitation_replaces_the_link(db_url: str, isolated_env: Path) -> None:
    async with staff_services(db_url, isolated_env) as services:
        admin = await actor_for(ADMIN)
        new_id = await services.staff.invite(admin, "Olga", "Nowa", "olga@example.com", "employee")
        await services.staff.resend_invitation(admin, new_id)
        await services.jobs.idle()
        emails = await OutboxEmail.filter(to_address="olga@example.com").order_by("id")
        assert len(emails) == 2
        old, new = (LINK.search(e.text_body).group(1) for e in emails)  # type: ignore[union-attr]
        with pytest.raises(ValidationError, match="wygasł"):
            await services.auth.set_password_with_link(
                old, "Długie-Hasło-2026", "Długie-Hasło-2026"
            )
        await services.auth.set_password_with_link(new, "Długie-Hasło-2026", "Długie-Hasło-2026")
        with pytest.raises(ValidationError) as activated:
            await services.staff.resend_invitation(admin, new_id)
        assert activated.value.errors == {"staff": staff_rules.ALREADY_ACTIVATED}
        other_id = await services.staff.invite(admin, "Iga", "Nowa", "iga@example.com", "employee")
        await services.staff.deactivate(admin, other_id)
        with pytest.raises(ValidationError) as inactive:
            await services.staff.resend_invitation(admin, other_id)
        assert inactive.value.errors == {"staff": staff_rules.INVITE_DEACTIVATED}
        assert (await audit_kinds()).count("staff.invitation_resent") == 1


async def test_delete_removes_the_user_assignments_and_links(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        events = collect(services)
        admin = await actor_for(ADMIN)
        employee_id = await staff_id(EMPLOYEE)
        c1, c2, *_ = await demo_companies()
        await services.staff.set_assignments(admin, employee_id, [c1, c2])
        invited = await services.staff.invite(admin, "Ola", "Nowa", "ola@example.com", "employee")
        await services.jobs.idle()
        link = LINK.search((await OutboxEmail.get(to_address="ola@example.com")).text_body)
        assert link is not None
        events.clear()

        await services.staff.delete(admin, employee_id)
        await services.staff.delete(admin, invited)
        assert not await StaffUser.filter(id__in=[employee_id, invited]).exists()
        assert not await StaffAssignment.filter(staff_user_id=employee_id).exists()
        assert await services.auth.link_state(link.group(1)) is TokenState.UNKNOWN
        with pytest.raises(ValidationError, match="Nieprawidłowy"):
            await services.auth.login(EMPLOYEE, DEMO_PASSWORD, "10.5.0.1")
        entries = await AuditEvent.filter(kind="staff.deleted").order_by("id")
        assert [e.details["company_ids"] for e in entries] == [sorted([c1, c2]), []]
        assert {CompanyChanged(admin.office_id, c1), CompanyChanged(admin.office_id, c2)} <= set(
            events
        )
        with pytest.raises(NotFound):
            await services.staff.set_role(admin, employee_id, "admin")
        assert [m.email for m in await services.staff.list_staff(admin)] == [ADMIN]


async def test_restriction_switch_scopes_a_fresh_employee_actor(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        await without_assignments()
        events = collect(services)
        admin = await actor_for(ADMIN)
        employee_id = await staff_id(EMPLOYEE)
        c1, c2, c3, _ = await demo_companies()
        assert not await services.staff.restriction(admin)
        await services.staff.set_assignments(admin, employee_id, [c1, c3])
        await services.staff.set_restriction(admin, True)
        await services.staff.set_restriction(admin, True)  # no change, no second entry
        assert await services.staff.restriction(admin)
        assert await services.staff.restriction(await actor_for(EMPLOYEE))
        entries = await AuditEvent.filter(kind="settings.restriction_changed")
        assert [e.details for e in entries] == [{"before": False, "after": True}]
        assert StaffChanged(admin.office_id, None) in events

        sid = (
            await services.auth.redeem_login_ticket(
                await services.auth.login(EMPLOYEE, DEMO_PASSWORD, "10.6.0.1")
            )
        ).sid
        employee = await services.auth.actor_for_session(sid)
        assert employee is not None
        assert employee.restricted and employee.assigned_company_ids == {c1, c3}
        office = employee.office_id
        assert office is not None
        assert can_see_company(employee, CompanyRef(c1, office))
        assert not can_see_company(employee, CompanyRef(c2, office))
        assert can_see_company(await actor_for(ADMIN), CompanyRef(c2, office))
        with pytest.raises(NotFound):  # the company's staff list is behind the same scope
            await services.staff.staff_of_company(employee, c2)
        assert await services.staff.staff_of_company(employee, c1) == {employee_id}

        await services.staff.set_restriction(admin, False)
        employee = await services.auth.actor_for_session(sid)
        assert employee is not None and not employee.restricted
        assert can_see_company(employee, CompanyRef(c2, office))


async def test_assignments_from_the_employee_the_company_and_in_bulk(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        await without_assignments()
        events = collect(services)
        admin = await actor_for(ADMIN)
        office = admin.office_id
        employee_id = await staff_id(EMPLOYEE)
        second = await services.staff.invite(admin, "Ola", "Nowa", "ola@example.com", "employee")
        c1, c2, c3, c4 = await demo_companies()
        events.clear()

        await services.staff.set_assignments(admin, employee_id, [c1, c2])
        assert await services.staff.assignments_of(admin, employee_id) == {c1, c2}
        employee = await actor_for(EMPLOYEE)
        assert await services.staff.assignments_of(employee, employee_id) == {c1, c2}
        assert await services.staff.staff_of_company(admin, c1) == {employee_id}
        assert set(events) == {
            StaffChanged(office, employee_id),
            CompanyChanged(office, c1),
            CompanyChanged(office, c2),
        }

        events.clear()
        await services.staff.set_assignments(admin, employee_id, [c2, c3])
        assert set(events) == {
            StaffChanged(office, employee_id),
            CompanyChanged(office, c1),
            CompanyChanged(office, c3),
        }
        latest = await AuditEvent.filter(kind="assignment.changed").order_by("-id").first()
        assert latest is not None
        assert latest.details == {"staff_id": employee_id, "added": [c3], "removed": [c1]}

        events.clear()
        await services.staff.set_assignments(admin, employee_id, [c3, c2])  # same set
        assert events == []

        await services.staff.set_company_staff(admin, c2, [second])
        assert await services.staff.staff_of_company(admin, c2) == {second}
        assert await services.staff.assignments_of(admin, employee_id) == {c3}
        assert [c.name for c in await services.staff.assigned_staff(admin, c2)] == ["Ola Nowa"]

        events.clear()
        made = await services.staff.bulk_assign(admin, [c3, c4], [employee_id, second])
        assert made == 3  # employee had c3 already
        assert await services.staff.assignments_of(admin, employee_id) == {c3, c4}
        assert await services.staff.assignments_of(admin, second) == {c2, c3, c4}
        assert CompanyChanged(office, c2) not in events
        assert {CompanyChanged(office, c3), CompanyChanged(office, c4)} <= set(events)
        assert await services.staff.bulk_assign(admin, [c3], [employee_id]) == 0

        counts = {m.id: m.assigned_company_count for m in await services.staff.list_staff(admin)}
        assert counts[employee_id] == 2 and counts[second] == 3
        # A deleted company disappears from counts, choices and the accepted ids.
        await Company.filter(id=c4).update(deleted_at=datetime.now(UTC))
        counts = {m.id: m.assigned_company_count for m in await services.staff.list_staff(admin)}
        assert counts[employee_id] == 1
        assert c4 not in dict(await services.staff.company_choices(admin))
        with pytest.raises(NotFound):
            await services.staff.set_assignments(admin, employee_id, [c4])

        with pytest.raises(ValidationError) as nothing:
            await services.staff.bulk_assign(admin, [c1], [])
        assert nothing.value.errors == {"staff": staff_rules.NO_STAFF_CHOSEN}
        kinds = await audit_kinds()
        assert kinds.count("assignment.changed") >= 5


async def test_ids_of_another_office_fail_and_change_nothing(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        admin = await actor_for(ADMIN)
        employee_id = await staff_id(EMPLOYEE)
        c1, *_ = await demo_companies()
        other = await Office.create(name="Inne Biuro")
        foreign_company = await Company.create(office=other, name="Obca", identifier="1234567890")
        foreign_staff = await StaffUser.create(
            office=other, email="obcy@example.com", first_name="O", last_name="B", role="employee"
        )
        await services.staff.set_assignments(admin, employee_id, [c1])

        attempts: list[Callable[[], Any]] = [
            lambda: services.staff.set_assignments(admin, employee_id, [c1, foreign_company.id]),
            lambda: services.staff.set_assignments(admin, foreign_staff.id, [c1]),
            lambda: services.staff.set_company_staff(admin, foreign_company.id, [employee_id]),
            lambda: services.staff.set_company_staff(admin, c1, [foreign_staff.id]),
            lambda: services.staff.bulk_assign(admin, [c1, foreign_company.id], [employee_id]),
            lambda: services.staff.bulk_assign(admin, [c1], [employee_id, foreign_staff.id]),
            lambda: services.staff.assignments_of(admin, foreign_staff.id),
            lambda: services.staff.staff_of_company(admin, foreign_company.id),
            lambda: services.staff.set_role(admin, foreign_staff.id, "admin"),
            lambda: services.staff.deactivate(admin, foreign_staff.id),
            lambda: services.staff.delete(admin, foreign_staff.id),
            lambda: services.staff.resend_invitation(admin, foreign_staff.id),
            lambda: services.staff.set_assignments(admin, employee_id, [999_999]),
        ]
        for attempt in attempts:
            with pytest.raises(NotFound):
                await attempt()
        pairs = await StaffAssignment.all().values_list("staff_user_id", "company_id")
        assert [tuple(p) for p in pairs] == [(employee_id, c1)]
        foreign = await StaffUser.get(id=foreign_staff.id)
        assert foreign.role == "employee" and foreign.active


async def test_staff_list_takes_the_same_number_of_queries_for_any_size(
    db_url: str, isolated_env: Path
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        admin = await actor_for(ADMIN)
        companies = await demo_companies()
        employee_id = await staff_id(EMPLOYEE)
        await services.staff.set_assignments(admin, employee_id, companies)

        async def queries_for_list() -> tuple[int, int]:
            with count_queries() as counter:
                members = await services.staff.list_staff(admin)
            return counter["n"], len(members)

        small, small_size = await queries_for_list()
        office = await Office.get(id=admin.office_id)
        for n in range(12):
            row = await StaffUser.create(
                office=office,
                email=f"p{n}@example.com",
                first_name="P",
                last_name=f"N{n}",
                role="employee",
            )
            await StaffAssignment.create(staff_user=row, company_id=companies[n % 4])
        large, large_size = await queries_for_list()
        assert (small_size, large_size) == (2, 14)
        assert small == large


async def test_polish_names_sort_in_polish_order(db_url: str, isolated_env: Path) -> None:
    async with staff_services(db_url, isolated_env) as services:
        admin = await actor_for(ADMIN)
        for last in ("Łukowska", "Zając", "Lis"):
            await services.staff.invite(admin, "Ala", last, f"{last[:3]}@example.com", "employee")
        names = [m.last_name for m in await services.staff.list_staff(admin)]
        assert names.index("Lis") < names.index("Łukowska") < names.index("Zając")


async def test_delete_reports_a_conflict_when_data_still_points_at_the_user(
    db_url: str, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with staff_services(db_url, isolated_env) as services:
        admin = await actor_for(ADMIN)
        employee_id = await staff_id(EMPLOYEE)

        async def referenced(office_id: int, staff_id: int) -> None:
            raise Conflict("referenced")

        monkeypatch.setattr(services.staff._staff, "delete", referenced)
        with pytest.raises(Conflict) as conflict:
            await services.staff.delete(admin, employee_id)
        assert conflict.value.message == staff_rules.STILL_REFERENCED
        assert await StaffUser.filter(id=employee_id).exists()


class count_queries:
    """Counts SQL statements sent through the default connection's client class."""

    def __init__(self) -> None:
        self.counter = {"n": 0}
        self._patched: list[tuple[type, str, Any]] = []

    def __enter__(self) -> dict[str, int]:
        client_class = type(connections.get("default"))
        for name in ("execute_query", "execute_query_dict"):
            original = getattr(client_class, name)

            def wrapper(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
                self.counter["n"] += 1
                return _original(*args, **kwargs)

            self._patched.append((client_class, name, original))
            setattr(client_class, name, wrapper)
        return self.counter

    def __exit__(self, *exc: object) -> None:
        for client_class, name, original in self._patched:
            setattr(client_class, name, original)
