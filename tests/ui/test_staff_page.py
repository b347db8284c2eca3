"""Pracownicy as an administrator and an employee see it: inviting (with a field error first),
roles, the restriction switch, assignments, deactivation and deletion, and an invited employee
who sets a password from the e-mailed link and logs in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import Request
from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import app_services, eventually, link_from_eml, log_in

PAGE = "/biuro/pracownicy"
ADMIN = "admin@demo.biurko.pl"
EMPLOYEE = "pracownik@demo.biurko.pl"


def prop(user: User, marker: str, name: str) -> object:
    (element,) = user.find(marker=marker).elements
    return element.props.get(name)


def choose(user: User, marker: str, value: object) -> None:
    """Pick a radio option or a select's value, as a click in the browser would."""
    (element,) = user.find(marker=marker).elements
    element.value = value  # type: ignore[attr-defined]


async def staff_id(email: str) -> int:
    from persistence.models import StaffUser

    return (await StaffUser.get(email=email)).id


async def open_staff_page(user: User) -> None:
    await log_in(user, ADMIN)
    await user.should_see("Biuro Rachunkowe Demo")
    await user.open(PAGE)
    await user.should_see("Piotr Pracowity")


async def invite(user: User, first: str, last: str, email: str) -> None:
    user.find(marker="invite-open").click()
    user.find(marker="invite-first-name").type(first)
    user.find(marker="invite-last-name").type(last)
    user.find(marker="invite-email").type(email)
    user.find(marker="invite-submit").click()


async def test_admin_invites_an_employee_after_fixing_a_field_error(
    user: User, isolated_env: Path
) -> None:
    await open_staff_page(user)
    await user.should_see("Ogranicz dostęp pracowników do firm")
    await invite(user, "Ewa", "Nowak", "ewa.nowak@")
    message = "Ten adres e-mail wygląda na błędny. Sprawdź go, np. jan.kowalski@firma.pl."
    await eventually(lambda: prop(user, "invite-email", "error-message") == message)
    assert prop(user, "invite-email", "error") is True
    # Typed values stay; a field without a problem shows no error (NiceGUI clears it to None).
    assert prop(user, "invite-first-name", "error") in (None, False)
    assert user.find(marker="invite-first-name").elements.pop().value == "Ewa"

    user.find(marker="invite-email").clear().type("Ewa.Nowak@example.com")
    user.find(marker="invite-submit").click()
    await user.should_see("Zaproszenie wysłane na adres ewa.nowak@example.com.")
    await user.should_see("Ewa Nowak")
    await user.should_see("Czeka na aktywację")

    # The same address again: the error sits at the e-mail field.
    await invite(user, "Ewa", "Druga", "ewa.nowak@example.com")
    taken = "Ten adres e-mail ma już konto w Biurku. Podaj inny adres."
    await eventually(lambda: prop(user, "invite-email", "error-message") == taken)
    await eventually(
        lambda: (isolated_env / "emails").exists() and any((isolated_env / "emails").glob("*.eml"))
    )
    assert link_from_eml(isolated_env, "ewa.nowak@example.com").startswith("/haslo/ustaw?token=")


async def test_admin_changes_a_role(user: User) -> None:
    await open_staff_page(user)
    employee = await staff_id(EMPLOYEE)
    user.find(marker=f"staff-menu-{employee}").click()
    user.find(marker=f"staff-role-{employee}").click()
    choose(user, "role-choice", "admin")
    user.find(marker="role-submit").click()
    await user.should_see("Zapisano rolę: Piotr Pracowity.")
    from persistence.models import AuditEvent, StaffUser

    assert (await StaffUser.get(id=employee)).role == "admin"
    entry = await AuditEvent.get(kind="staff.role_changed")
    assert entry.details == {"staff_id": employee, "before": "employee", "after": "admin"}


async def test_the_last_admin_cannot_step_down(user: User) -> None:
    await open_staff_page(user)
    admin = await staff_id(ADMIN)
    await user.should_see("(Ty)")
    user.find(marker=f"staff-role-{admin}").click()
    choose(user, "role-choice", "employee")
    user.find(marker="role-submit").click()
    await user.should_see("To jedyny aktywny administrator biura.")
    # No deactivate or delete in one's own menu.
    assert not user._gather_elements(marker=f"staff-deactivate-{admin}")
    assert not user._gather_elements(marker=f"staff-delete-{admin}")


async def test_an_employee_cannot_open_the_page(user: User) -> None:
    await log_in(user, EMPLOYEE)
    await user.should_see("Dzień dobry, Piotr!")
    await user.open(PAGE)
    await user.should_see("Tę stronę widzi tylko administrator biura.")
    await user.should_not_see("Dodaj pracownika")
    await user.should_not_see("Ogranicz dostęp pracowników do firm")


async def test_restriction_switch(user: User) -> None:
    from persistence.models import Office

    await Office.all().update(restrict_employees=False)
    await open_staff_page(user)
    await user.should_see("Wyłączone: każdy pracownik widzi wszystkie firmy biura.")
    user.find(kind=ui.switch, marker="restriction-switch").click()
    await user.should_see("Ograniczenie dostępu włączone.")
    await user.should_see("Włączone: pracownik widzi tylko firmy, do których go przydzielisz.")
    assert (await Office.get(name="Biuro Rachunkowe Demo")).restrict_employees
    user.find(kind=ui.switch, marker="restriction-switch").click()
    await user.should_see("Ograniczenie dostępu wyłączone.")
    assert not (await Office.get(name="Biuro Rachunkowe Demo")).restrict_employees


async def test_assign_companies_then_deactivate_and_delete(user: User) -> None:
    from persistence.models import Company, StaffAssignment, StaffUser

    employee = await staff_id(EMPLOYEE)
    await StaffAssignment.all().delete()
    first = await Company.filter(office__name="Biuro Rachunkowe Demo").order_by("id").first()
    assert first is not None
    await open_staff_page(user)
    assert _text(user, f"staff-companies-{employee}") == "0"

    user.find(marker=f"staff-assign-{employee}").click()
    await user.should_see(marker="assign-companies")
    choose(user, "assign-companies", [first.id])
    user.find(marker="assign-submit").click()
    await user.should_see("Zapisano przydział firm: Piotr Pracowity.")
    await eventually(lambda: _text(user, f"staff-companies-{employee}") == "1")

    user.find(marker=f"staff-deactivate-{employee}").click()
    await user.should_see("Dezaktywować konto: Piotr Pracowity?")
    user.find(marker="confirm-action").click()
    await user.should_see("Konto dezaktywowane: Piotr Pracowity.")
    await user.should_see("Wyłączony")
    assert not (await StaffUser.get(id=employee)).active

    user.find(marker=f"staff-reactivate-{employee}").click()
    await user.should_see("Konto znów aktywne: Piotr Pracowity.")

    user.find(marker=f"staff-delete-{employee}").click()
    await user.should_see("Usunąć konto: Piotr Pracowity?")
    await user.should_see("Piotr Pracowity (pracownik@demo.biurko.pl) straci dostęp do Biurka")
    user.find(marker="confirm-action").click()
    await user.should_see("Usunięto konto: Piotr Pracowity.")
    await user.should_not_see(marker=f"staff-row-{employee}")
    assert not await StaffUser.filter(id=employee).exists()


async def test_invited_employee_sets_a_password_from_the_email_and_logs_in(
    create_user: Callable[[], User], isolated_env: Path
) -> None:
    admin = create_user()
    await open_staff_page(admin)
    await invite(admin, "Ola", "Nowicka", "ola.nowicka@example.com")
    await admin.should_see("Zaproszenie wysłane na adres ola.nowicka@example.com.")
    await eventually(
        lambda: (isolated_env / "emails").exists() and any((isolated_env / "emails").glob("*.eml"))
    )
    link = link_from_eml(isolated_env, "ola.nowicka@example.com")

    employee = create_user()
    await employee.open(link)
    employee.find("Nowe hasło").type("Wiosenny-Deszcz-2026")
    employee.find("Powtórz hasło").type("Wiosenny-Deszcz-2026")
    employee.find(kind=ui.button, content="Ustaw hasło").click()
    await employee.should_see("Hasło ustawione. Możesz się zalogować.", retries=30)
    await log_in(employee, "ola.nowicka@example.com", "Wiosenny-Deszcz-2026")
    await employee.should_see("Dzień dobry, Ola!")
    await employee.should_not_see("Pracownicy")  # employees have no staff navigation

    # The administrator's open table follows the activation live.
    new_id = await staff_id("ola.nowicka@example.com")
    await eventually(lambda: "Hasło ustawione" in _row_text(admin, new_id))


def _text(user: User, marker: str) -> str:
    (element,) = user.find(marker=marker).elements
    return str(getattr(element, "text", ""))


def _row_text(user: User, staff: int) -> str:
    elements = user._gather_elements(marker=f"staff-row-{staff}")
    if not elements:
        return ""
    (row,) = elements
    return " ".join(
        str(getattr(e, "text", "")) for e in row.descendants() if getattr(e, "text", "")
    )


async def test_company_side_components_assign_staff(user: User) -> None:
    """The two pieces the company pages embed: the card on a company and the bulk dialog."""
    from persistence.models import Company, StaffAssignment
    from ui.components.assign_staff import bulk_assign_dialog, company_staff_editor
    from ui.session import actor_of

    services = app_services()
    companies = await Company.filter(office__name="Biuro Rachunkowe Demo").order_by("id").limit(3)
    first, second, third = (c.id for c in companies)
    await StaffAssignment.all().delete()
    employee = await staff_id(EMPLOYEE)

    @ui.page("/biuro/test-przydzialy")
    async def host(request: Request) -> None:
        actor = actor_of(request)
        await company_staff_editor(services, actor, first)
        ui.button(
            "Masowo", on_click=lambda: bulk_assign_dialog(services, actor, [second, third])
        ).mark("bulk-open")

    await log_in(user, ADMIN)
    await user.should_see("Biuro Rachunkowe Demo")
    await user.open("/biuro/test-przydzialy")
    await user.should_see("Pracownicy firmy")
    await user.should_see("Nikt nie jest przydzielony do tej firmy.")
    choose(user, "company-staff-select", [employee])
    user.find(marker="company-staff-save").click()
    await user.should_see("Zapisano pracowników firmy.")
    await user.should_see(marker="company-staff-person")
    assert await StaffAssignment.filter(staff_user_id=employee, company_id=first).exists()

    user.find(marker="bulk-open").click()
    await user.should_see("Zaznaczone firmy: 2")
    user.find(marker="bulk-assign-submit").click()  # nobody chosen yet
    await eventually(
        lambda: (
            prop(user, "bulk-assign-staff", "error-message")
            == "Wybierz co najmniej jednego pracownika."
        )
    )
    choose(user, "bulk-assign-staff", [employee])
    user.find(marker="bulk-assign-submit").click()
    await user.should_see("Przydzielono pracowników. Nowych przydziałów: 2.")
    pairs = await StaffAssignment.filter(staff_user_id=employee).values_list(
        "company_id", flat=True
    )
    assert sorted(pairs) == sorted([first, second, third])
