"""The client's "Dane firmy" (simulated users): edit and save, field errors, bank accounts,
the read-only banner naming who may edit, and the office's company page updating live."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from nicegui import ui
from nicegui.testing import User

from domain.identifiers import format_account
from tests.ui.helpers import app_services, eventually, log_in

CLIENT = "klient@demo.biurko.pl"
ADMIN = "admin@demo.biurko.pl"
PAGE = "/klient/ustawienia"
NRB = "61 1090 1014 0000 0712 1981 2874"


async def _admin():  # type: ignore[no-untyped-def]
    from domain.accounts.service import actor_from
    from persistence.repositories.accounts import AccountRepo

    account = await AccountRepo().find_by_email(ADMIN)
    assert account is not None
    return actor_from(account, None)


async def _firma_company() -> int:
    """The demo client's company as Firma with the right to edit (the current one at login)."""
    from persistence.models import Membership

    membership = await Membership.get(client_user__email=CLIENT, role="firma")
    return int(membership.company_id)  # type: ignore[attr-defined]


async def _stored(company_id: int):  # type: ignore[no-untyped-def]
    return (await app_services().companies.get(await _admin(), company_id)).data


def _field(user: User, name: str) -> Any:
    (element,) = user.find(marker=f"field-{name}").elements
    return element


def _has_marker(user: User, marker: str) -> bool:
    return any(marker in e._markers for e in user.client.elements.values())


async def _open(user: User, email: str = CLIENT) -> None:
    await log_in(user, email)
    await user.open(PAGE)
    await user.should_see("Dane firmy")


async def test_client_edits_and_saves_with_field_errors(user: User) -> None:
    company_id = await _firma_company()
    await _open(user)
    await user.should_see("Podatki i ZUS")
    await user.should_see("Zmień hasło")

    _field(user, "identifier").value = "526-104-08-29"
    _field(user, "email").value = "nie-mail"
    user.find(marker="company-save").click()
    await eventually(lambda: _field(user, "identifier").error)
    assert "sumę kontrolną" in _field(user, "identifier").error
    assert _field(user, "email").error
    assert _field(user, "email").value == "nie-mail"  # what was typed stays

    before = await _stored(company_id)
    _field(user, "identifier").value = before.identifier
    _field(user, "email").value = "Faktury@Firma-Demo.PL"
    _field(user, "phone").value = "601 222 333"
    _field(user, "address").value = "ul. Nowa 1, 00-001 Warszawa"
    user.find(marker="company-save").click()
    await user.should_see("Zmiany zapisane.")
    after = await _stored(company_id)
    assert (after.email, after.phone, after.address) == (
        "faktury@firma-demo.pl",
        "+48601222333",
        "ul. Nowa 1, 00-001 Warszawa",
    )
    assert (after.name, after.tax_form, after.internal_note) == (
        before.name,
        before.tax_form,
        before.internal_note,
    )
    assert _field(user, "email").value == "faktury@firma-demo.pl"  # the stored form
    assert _field(user, "phone").value == "+48 601 222 333"
    assert not _field(user, "identifier").error


async def test_firma_adds_and_removes_a_bank_account(user: User) -> None:
    company_id = await _firma_company()
    count = len((await _stored(company_id)).bank_accounts)
    await _open(user)
    user.find(marker="add-account").click()
    await eventually(lambda: _has_marker(user, "account-form"))
    user.find(marker="account-number").type("DE89 3704 0044 0532 0130 01")
    user.find(marker="account-save").click()
    number = user.find(marker="account-number").elements.pop()
    await eventually(lambda: number.error)

    number.value = NRB
    user.find(marker="account-label").type("Firmowy")
    user.find(marker="account-save").click()
    await user.should_see("Dodano rachunek.")
    await user.should_see(format_account(NRB))
    accounts = (await _stored(company_id)).bank_accounts
    assert len(accounts) == count + 1 and accounts[-1].label == "Firmowy"

    assert len(user.find(marker="remove-account").elements) == count + 1
    user.find(marker="remove-61109010140000071219812874").click()
    await user.should_see("Usunąć rachunek")
    user.find(marker="account-remove-confirm").click()
    await user.should_see("Usunięto rachunek.")
    assert len((await _stored(company_id)).bank_accounts) == count


async def test_read_only_banner_names_who_may_edit(user: User) -> None:
    from domain.accounts.passwords import hash_password
    from persistence.demo import DEMO_PASSWORD
    from persistence.models import ClientUser, Membership

    company_id = await _firma_company()
    password_hash = await asyncio.to_thread(hash_password, DEMO_PASSWORD)
    partner = await ClientUser.create(
        email="wspolnik@example.com",
        first_name="Ewa",
        last_name="Wspólniczka",
        password_hash=password_hash,
        activated_at=datetime.now(UTC),
    )
    await Membership.create(
        client_user=partner, company_id=company_id, role="wspolnik", can_edit_company=False
    )
    await _open(user, "wspolnik@example.com")
    await user.should_see("Dane może zmieniać: Jan Kowalski")
    await user.should_see((await _stored(company_id)).name)
    assert not _has_marker(user, "company-save")
    assert not _has_marker(user, "add-account")
    assert not _has_marker(user, "field-email")

    # Nobody of the company may edit: the office does it.
    await Membership.filter(company_id=company_id).update(can_edit_company=False)
    await user.open(PAGE)
    await user.should_see("Dane zmienia biuro.")


async def test_office_company_page_shows_the_client_change_live(
    create_user: Callable[[], User],
) -> None:
    company_id = await _firma_company()
    admin = create_user()
    await log_in(admin, ADMIN)
    await admin.open(f"/biuro/firmy/{company_id}")
    await admin.should_see("Dane firmy")

    client = create_user()
    await _open(client)
    _field(client, "phone").value = "602 333 444"
    client.find(marker="company-save").click()
    await client.should_see("Zmiany zapisane.")
    await admin.should_see("+48 602 333 444", retries=30)
    assert _has_marker(admin, "company-data")
    assert isinstance(admin.find(marker="company-name").elements.pop(), ui.label)
