"""The companies list and the company page as office staff see them (simulated users).

The table runs in server mode, so its rows live in the element's ``rows`` prop, not in text the
simulated user can read: the tests look at the rows and trigger the table's own events
(``request`` for paging, ``rowClick``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.testing import User

from domain.companies.model import ClientUserForm
from domain.identifiers import generate_valid_nip
from tests.support.companies import company_form
from tests.ui.helpers import app_services, eventually, log_in

ADMIN = "admin@demo.biurko.pl"
EMPLOYEE = "pracownik@demo.biurko.pl"


async def _actor(email: str):  # type: ignore[no-untyped-def]
    from domain.accounts.service import actor_from
    from persistence.repositories.accounts import AccountRepo

    account = await AccountRepo().find_by_email(email)
    assert account is not None
    return actor_from(account, None)


def _table(user: User) -> ui.table:
    tables = [
        e
        for e in user.client.elements.values()
        if isinstance(e, ui.table) and "companies-table" in e._markers
    ]
    assert len(tables) == 1
    return tables[0]


def _names(user: User) -> list[str]:
    return [row["name"] for row in _table(user).rows]


def _field(user: User, name: str) -> Any:
    (element,) = user.find(marker=f"field-{name}").elements
    return element


async def _company(name: str, seed: int, **values: Any) -> int:
    admin = await _actor(ADMIN)
    result = await app_services().companies.create(
        admin, company_form(name, generate_valid_nip(seed), **values)
    )
    return int(result.company_id)


async def test_list_pages_sorts_and_searches_on_the_server(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/firmy")
    await user.should_see("Dodaj firmę")
    table = _table(user)
    total = table.pagination["rowsNumber"]
    assert total >= 20 and len(table.rows) == min(total, 25)
    assert "prefix" in [c["name"] for c in table.columns]  # demo companies have prefixes
    first = table.rows[0]
    assert {"name", "identifier", "status", "waiting", "invoices", "email"} <= first.keys()
    assert first["identifier"].count("-") == 3  # NIP shown as 526-104-08-28

    user.find(marker="companies-table").trigger(
        "request",
        {"pagination": {"page": 2, "rowsPerPage": 10, "sortBy": "name", "descending": True}},
    )
    await eventually(lambda: table.pagination["page"] == 2 and len(table.rows) == 10)
    assert table.pagination["rowsNumber"] == total  # echoed back, or QTable ignores the page
    names = [row["name"] for row in table.rows]
    assert names == sorted(names, reverse=True)

    user.find(marker="companies-search").type("Piekarnia")
    await eventually(lambda: _names(user) == ["Piekarnia Złoty Kłos sp. z o.o."])
    assert table.pagination["page"] == 1
    search = user.find(marker="companies-search").elements.pop()
    nip = table.rows[0]["identifier"]
    search.value = "PL" + nip.replace("-", "")
    await eventually(lambda: _names(user) == ["Piekarnia Złoty Kłos sp. z o.o."])
    search.value = "Kowalski"  # the demo client's last name: his companies
    await eventually(lambda: "Jan Kowalski Usługi Remontowe" in _names(user))
    search.value = "nie ma takiej firmy"
    await eventually(lambda: _names(user) == [])
    await user.should_see("Dodaj firmę")  # no results is not the empty state

    user.find(marker="companies-table").trigger("rowClick", [{}, {"id": first["id"]}, 0])
    await user.should_see(first["name"])
    await user.should_see("Dane firmy")


async def test_add_company_dialog_shows_field_error_then_adds(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/firmy")
    user.find(kind=ui.button, marker="add-company").click()
    await user.should_see("Rachunki bankowe firmy")
    _field(user, "name").value = "Nowa Kwiaciarnia Testowa"
    _field(user, "identifier").value = "526-104-08-29"
    user.find(kind=ui.button, marker="company-form-save").click()
    await user.should_see("Ten NIP ma błędną sumę kontrolną. Sprawdź cyfry.")
    assert _field(user, "name").value == "Nowa Kwiaciarnia Testowa"  # what was typed stays

    nip = generate_valid_nip(4242)
    _field(user, "identifier").value = nip
    _field(user, "identifier").error = None
    _field(user, "phone").value = "600 100 200"
    user.find(marker="field-phone").trigger("keydown.enter")  # Enter submits
    await eventually(lambda: "Nowa Kwiaciarnia Testowa" in _names(user))
    assert any("Dodano firmę Nowa Kwiaciarnia Testowa." in m for m in user.notify.messages)


async def test_status_change_asks_naming_the_company(user: User) -> None:
    company_id = await _company("Status Testowy", 4301)
    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{company_id}")
    await user.should_see("Aktywna")
    user.find(kind=ui.button, marker="company-status").click()
    await user.should_see("Ustawić firmę „Status Testowy” jako nieaktywną?")
    user.find(kind=ui.button, marker="confirm").click()
    await user.should_see("Nieaktywna")
    details = await app_services().companies.get(await _actor(ADMIN), company_id)
    assert not details.active


async def test_delete_needs_the_typed_name_and_can_be_restored(user: User) -> None:
    company_id = await _company("Do Usunięcia", 4302)
    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{company_id}")
    user.find(kind=ui.button, marker="company-delete").click()
    await user.should_see("Usunąć firmę „Do Usunięcia”?")
    user.find(marker="delete-confirmation").type("Do usuniecia")
    user.find(kind=ui.button, marker="confirm-delete").click()
    await user.should_see("Wpisz dokładnie nazwę firmy, aby potwierdzić usunięcie.")
    confirmation = user.find(marker="delete-confirmation").elements.pop()
    confirmation.value = "Do Usunięcia"
    user.find(kind=ui.button, marker="confirm-delete").click()
    await user.should_see("Dodaj firmę")  # back on the list
    await eventually(lambda: "Do Usunięcia" not in _names(user))

    await user.open("/biuro/firmy/usuniete")
    await user.should_see("Do Usunięcia")
    user.find(kind=ui.button, marker=f"restore-{company_id}").click()
    await user.should_see("Nie ma usuniętych firm.")
    await user.open(f"/biuro/firmy/{company_id}")
    await user.should_see("Dane firmy")


async def test_company_page_tabs_and_users(user: User, isolated_env: Any) -> None:
    company_id = await _company("Zakładki Testowe", 4303, prefix="ZT", invoice_module=True)
    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{company_id}")
    for text in ("Zakładki Testowe", "Dane firmy", "Rozliczenia", "Historia statusu", "ZT"):
        await user.should_see(text)
    user.find(kind=ui.tab, content="Składki ZUS").click()
    await user.should_see("Tu pojawią się składki ZUS firmy.")
    user.find(kind=ui.tab, content="Wiadomości").click()
    await user.should_see("Tu pojawi się korespondencja z firmą.")
    user.find(kind=ui.tab, content="Użytkownicy").click()
    await user.should_see("Ta firma nie ma jeszcze użytkowników.")

    user.find(kind=ui.button, marker="add-user").click()
    await user.should_see("Nowy użytkownik firmy Zakładki Testowe")
    user.find(kind=ui.input, content="Imię").type("Halina")
    user.find(kind=ui.input, content="Nazwisko").type("Testowa")
    user.find(kind=ui.button, marker="add-user-save").click()
    await user.should_see("Podaj adres e-mail.")
    user.find(kind=ui.input, content="E-mail").type("halina@testowa.pl")
    user.find(kind=ui.button, marker="add-user-save").click()
    await user.should_see("Halina Testowa")
    await user.should_see("Oczekuje na aktywację")
    await eventually(
        lambda: (
            any((isolated_env / "emails").glob("*.eml"))
            if (isolated_env / "emails").exists()
            else False
        )
    )


async def test_foreign_and_unassigned_companies_answer_not_found(user: User) -> None:
    from persistence.models import Company, Office

    other = await Office.create(name="Inne Biuro")
    foreign = await Company.create(office=other, name="Tajna Firma", identifier="5261040828")
    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{foreign.id}")
    await user.should_see("Nie znaleziono firmy.")
    await user.should_not_see("Tajna Firma")

    employee = await _actor(EMPLOYEE)
    assert employee.restricted  # the demo office limits employees to their companies
    hidden = await Company.filter(office_id=employee.office_id).exclude(
        id__in=sorted(employee.assigned_company_ids)
    )
    await log_in(user, EMPLOYEE)
    await user.open(f"/biuro/firmy/{hidden[0].id}")
    await user.should_see("Nie znaleziono firmy.")
    await user.should_not_see(hidden[0].name)
    await user.open("/biuro/firmy")
    await eventually(lambda: len(_table(user).rows) == len(employee.assigned_company_ids))


async def test_new_company_appears_live_in_another_users_list(
    create_user: Callable[[], User],
) -> None:
    from persistence.models import Office

    await Office.filter(name="Biuro Rachunkowe Demo").update(restrict_employees=False)
    employee = create_user()
    await log_in(employee, EMPLOYEE)
    await employee.open("/biuro/firmy")
    await employee.should_see("Dodaj firmę")
    employee.find(marker="companies-search").type("Na Żywo")
    await eventually(lambda: _names(employee) == [])

    admin = create_user()
    await log_in(admin, ADMIN)
    await admin.open("/biuro/firmy")
    admin.find(kind=ui.button, marker="add-company").click()
    await admin.should_see("Rachunki bankowe firmy")
    _field(admin, "name").value = "Firma Na Żywo"
    _field(admin, "identifier").value = generate_valid_nip(4304)
    admin.find(kind=ui.button, marker="company-form-save").click()
    await eventually(lambda: "Firma Na Żywo" in _names(admin))

    # The employee did nothing: the list re-read itself on the admin's CompanyChanged.
    await eventually(lambda: _names(employee) == ["Firma Na Żywo"])
    assert employee.find(marker="companies-search").elements.pop().value == "Na Żywo"


async def test_users_tab_lists_existing_members_with_their_state(user: User) -> None:
    company_id = await _company("Członkowie Testowi", 4305)
    admin = await _actor(ADMIN)
    await app_services().client_users.add_user(
        admin,
        company_id,
        ClientUserForm(first_name="Jan", last_name="Kowalski", email="klient@demo.biurko.pl"),
    )
    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{company_id}")
    user.find(kind=ui.tab, content="Użytkownicy").click()
    await user.should_see("Jan Kowalski")
    await user.should_see("Aktywny")  # the demo client set a password long ago


async def test_office_without_companies_shows_the_empty_state(user: User) -> None:
    from datetime import UTC, datetime

    from domain.accounts.passwords import hash_password
    from persistence.demo import DEMO_PASSWORD
    from persistence.models import Office, StaffUser

    office = await Office.create(name="Nowe Biuro")
    await StaffUser.create(
        office=office,
        email="szef@nowe-biuro.pl",
        first_name="Ewa",
        last_name="Szef",
        role="admin",
        password_hash=hash_password(DEMO_PASSWORD),
        activated_at=datetime.now(UTC),
    )
    await log_in(user, "szef@nowe-biuro.pl")
    await user.open("/biuro/firmy")
    await user.should_see("Nie masz jeszcze żadnej firmy.")
    await user.should_not_see(marker="companies-table")
