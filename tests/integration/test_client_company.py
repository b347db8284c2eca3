"""The client's "Dane firmy" through the real services and a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bootstrap import Services
from domain.actors import Actor, ActorKind, ClientRole, Membership
from domain.clock import FixedClock
from domain.companies.client_edit import ClientCompanyForm
from domain.companies.model import BankAccount, BankAccountInput, CompanyForm
from domain.errors import NotFound, PermissionDenied, ValidationError
from domain.events import CompanyChanged, DomainEvent
from domain.identifiers import generate_valid_nip
from persistence.models import AuditEvent, ClientUser
from persistence.models import Membership as MembershipRow
from tests.support.companies import NIP_A1, NIP_A2, World, make_world
from tests.support.services import make_settings, running_services

NRB = "61 1090 1014 0000 0712 1981 2874"
IBAN_DE = "DE89 3704 0044 0532 0130 00"
REGON = "192598184"


@pytest.fixture
async def services(db_url: str, isolated_env: Path) -> AsyncIterator[Services]:
    async with running_services(make_settings(isolated_env, db_url), FixedClock()) as running:
        yield running


@pytest.fixture
async def world(services: Services) -> World:
    return await make_world(services)


async def member(
    world: World, email: str, role: ClientRole, can_edit: bool, name: str = "Anna Nowak"
) -> Actor:
    """Another client user of A1 with the given role and flag."""
    first, last = name.split(" ")
    user = await ClientUser.create(email=email, first_name=first, last_name=last)
    await MembershipRow.create(
        client_user=user, company_id=world.a1, role=role.value, can_edit_company=can_edit
    )
    return Actor(
        kind=ActorKind.CLIENT,
        user_id=user.id,
        memberships=(Membership(world.a1, world.office_a, role, can_edit_company=can_edit),),
        company_id=world.a1,
        name=name,
        email=email,
    )


def edited(**values: object) -> ClientCompanyForm:
    base = ClientCompanyForm(
        identifier=NIP_A1,
        regon=REGON,
        address="ul. Polna 3, 00-950 Warszawa",
        email="Kontakt@Alfa.PL",
        phone="600 700 800",
    )
    return replace(base, **values)  # type: ignore[arg-type]


# --- reading --------------------------------------------------------------------------------


async def test_view_shows_the_data_rights_and_editors(services: Services, world: World) -> None:
    await member(world, "wspolnik@a.test", ClientRole.WSPOLNIK, False, "Zofia Wspólna")
    await member(world, "edytor@a.test", ClientRole.WSPOLNIK, True, "Anna Nowak")
    view = await services.client_company.view(world.client_a, world.a1)
    assert view.name == "Alfa Sp. z o.o." and view.identifier == NIP_A1
    assert view.can_edit and view.can_manage_accounts
    assert set(view.editors) == {"Klient klient", "Anna Nowak"}
    assert not hasattr(view, "internal_note") and not hasattr(view, "prefix")


async def test_view_for_a_member_without_the_flag(services: Services, world: World) -> None:
    partner = await member(world, "wspolnik@a.test", ClientRole.WSPOLNIK, False)
    view = await services.client_company.view(partner, world.a1)
    assert not view.can_edit and not view.can_manage_accounts
    assert view.editors == ("Klient klient",)


async def test_foreign_company_is_not_found(services: Services, world: World) -> None:
    for company_id in (world.b1, world.a2, 999_999):
        with pytest.raises(NotFound):
            await services.client_company.view(world.client_a, company_id)
        with pytest.raises(NotFound):
            await services.client_company.update(world.client_a, company_id, edited())


async def test_staff_may_not_use_the_client_page(services: Services, world: World) -> None:
    with pytest.raises(PermissionDenied):
        await services.client_company.view(world.admin, world.a1)


# --- changing -------------------------------------------------------------------------------


async def test_client_edits_contact_data_audited_and_announced(
    services: Services, world: World
) -> None:
    events: list[DomainEvent] = []
    services.events.subscribe(events.append)
    result = await services.client_company.update(world.client_a, world.a1, edited())
    assert result.warnings == {}
    data = (await services.companies.get(world.admin, world.a1)).data
    assert data.email == "kontakt@alfa.pl"
    assert data.phone == "+48600700800"
    assert data.address == "ul. Polna 3, 00-950 Warszawa"
    assert data.regon == REGON
    assert CompanyChanged(world.office_a, world.a1) in events
    audit = await AuditEvent.get(kind="company.updated_by_client", company_id=world.a1)
    assert audit.office_id == world.office_a
    assert audit.actor_kind == "client" and audit.actor_id == world.client_a.user_id
    assert audit.details["changes"]["email"] == ["", "kontakt@alfa.pl"]
    assert set(audit.details["changes"]) == {"email", "phone", "address", "regon"}


async def test_unchanged_form_records_nothing(services: Services, world: World) -> None:
    view = await services.client_company.view(world.client_a, world.a1)
    events: list[DomainEvent] = []
    services.events.subscribe(events.append)
    await services.client_company.update(world.client_a, world.a1, view.to_form())
    assert not await AuditEvent.filter(kind="company.updated_by_client").exists()
    assert events == []


async def test_client_changes_the_identifier(services: Services, world: World) -> None:
    nip = generate_valid_nip(7001)
    await services.client_company.update(world.client_a, world.a1, edited(identifier=nip))
    assert (await services.client_company.view(world.client_a, world.a1)).identifier == nip
    await services.client_company.update(
        world.client_a, world.a1, edited(identifier_type="regon", identifier=REGON, regon="")
    )
    view = await services.client_company.view(world.client_a, world.a1)
    assert (view.identifier_type.value, view.identifier, view.regon) == ("regon", REGON, REGON)


async def test_wrong_values_give_field_errors_and_store_nothing(
    services: Services, world: World
) -> None:
    form = edited(
        identifier="526-104-08-29",
        regon="192598185",
        email="nie-mail",
        phone="12",
        bank_accounts=(BankAccountInput(NRB), BankAccountInput("DE89 3704 0044 0532 0130 01")),
    )
    with pytest.raises(ValidationError) as error:
        await services.client_company.update(world.client_a, world.a1, form)
    assert {"identifier", "regon", "email", "phone", "bank_account_1"} <= error.value.errors.keys()
    assert "bank_account_0" not in error.value.errors
    assert "sumę kontrolną" in error.value.errors["identifier"]
    data = (await services.companies.get(world.admin, world.a1)).data
    assert data.identifier == NIP_A1 and data.email == "" and data.bank_accounts == ()


async def test_identifier_of_another_company_is_refused_without_naming_it(
    services: Services, world: World
) -> None:
    with pytest.raises(ValidationError) as error:
        await services.client_company.update(world.client_a, world.a1, edited(identifier=NIP_A2))
    message = error.value.errors["identifier"]
    assert "Beta" not in message and "ten identyfikator" in message


async def test_office_only_fields_never_change(services: Services, world: World) -> None:
    await services.companies.update(
        world.admin,
        world.a1,
        CompanyForm(
            name="Alfa Sp. z o.o.",
            prefix="ALF",
            identifier=NIP_A1,
            tax_form="liniowy",
            internal_note="Tylko dla biura",
        ),
    )
    before = (await services.companies.get(world.admin, world.a1)).data
    sneaky = CompanyForm(
        name="Przejęta",
        prefix="XXX",
        identifier=NIP_A1,
        email="nowy@alfa.pl",
        tax_form="cit",
        vat_period="none",
        zus_payer=5,
        zus_account="",
        invoice_module=True,
        internal_note="",
        active=False,
    )
    await services.client_company.update(world.client_a, world.a1, sneaky)
    details = await services.companies.get(world.admin, world.a1)
    assert details.data.email == "nowy@alfa.pl"
    assert replace(details.data, email="") == replace(before, email="")
    assert details.active


async def test_firma_adds_and_removes_bank_accounts(services: Services, world: World) -> None:
    accounts = (BankAccountInput(NRB, "Główny"), BankAccountInput(IBAN_DE, "EUR"))
    await services.client_company.update(world.client_a, world.a1, edited(bank_accounts=accounts))
    view = await services.client_company.view(world.client_a, world.a1)
    assert view.bank_accounts == (
        BankAccount("61109010140000071219812874", "Główny"),
        BankAccount("DE89370400440532013000", "EUR"),
    )
    # ``None`` keeps the stored accounts while the data changes.
    await services.client_company.update(world.client_a, world.a1, edited(phone=""))
    assert (await services.client_company.view(world.client_a, world.a1)).bank_accounts == (
        view.bank_accounts
    )
    await services.client_company.update(
        world.client_a, world.a1, edited(bank_accounts=accounts[1:])
    )
    view = await services.client_company.view(world.client_a, world.a1)
    assert [a.label for a in view.bank_accounts] == ["EUR"]
    audit = await AuditEvent.filter(kind="company.updated_by_client").order_by("-id").first()
    assert audit is not None
    assert audit.details["changes"]["bank_accounts"][1] == ["DE89370400440532013000 EUR"]


# --- refused --------------------------------------------------------------------------------


async def test_wspolnik_without_flag_is_refused(services: Services, world: World) -> None:
    partner = await member(world, "wspolnik@a.test", ClientRole.WSPOLNIK, False)
    for form in (edited(), edited(bank_accounts=(BankAccountInput(NRB),))):
        with pytest.raises(PermissionDenied):
            await services.client_company.update(partner, world.a1, form)
    assert (await services.companies.get(world.admin, world.a1)).data.email == ""


async def test_wspolnik_with_flag_edits_data_but_not_bank_accounts(
    services: Services, world: World
) -> None:
    partner = await member(world, "wspolnik@a.test", ClientRole.WSPOLNIK, True)
    view = await services.client_company.view(partner, world.a1)
    assert view.can_edit and not view.can_manage_accounts
    await services.client_company.update(partner, world.a1, edited(email="w@alfa.pl"))
    with pytest.raises(PermissionDenied):
        await services.client_company.update(
            partner, world.a1, edited(bank_accounts=(BankAccountInput(NRB),))
        )
    data = (await services.companies.get(world.admin, world.a1)).data
    assert data.email == "w@alfa.pl" and data.bank_accounts == ()


async def test_firma_without_flag_is_refused(services: Services, world: World) -> None:
    firma = await member(world, "firma2@a.test", ClientRole.FIRMA, False)
    with pytest.raises(PermissionDenied):
        await services.client_company.update(firma, world.a1, edited())


async def test_stored_membership_wins_over_a_stale_session(
    services: Services, world: World
) -> None:
    """The office took the right away after the client's page was opened."""
    await MembershipRow.filter(client_user_id=world.client_a.user_id).update(can_edit_company=False)
    with pytest.raises(PermissionDenied):
        await services.client_company.update(world.client_a, world.a1, edited())
    await MembershipRow.filter(client_user_id=world.client_a.user_id).update(active=False)
    with pytest.raises(NotFound):
        await services.client_company.view(world.client_a, world.a1)
