"""Companies and their client users through the real services and a real database."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from bootstrap import Services
from domain.actors import ActorKind
from domain.clock import FixedClock
from domain.companies.model import (
    BankAccountInput,
    ClientUserForm,
    CompanyForm,
    CompanyQuery,
    CompanySort,
    StatusFilter,
)
from domain.errors import Conflict, NotFound, ValidationError
from domain.events import CompanyChanged, DomainEvent
from domain.identifiers import expected_nrs, generate_valid_nip
from persistence.models import (
    AuditEvent,
    ClientUser,
    Company,
    CompanyBankAccount,
    CompanyStatusInterval,
    Membership,
    OutboxEmail,
    StaffAssignment,
)
from tests.support.companies import NIP_A1, World, company_form, make_world
from tests.support.services import make_settings, running_services


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
async def services(db_url: str, isolated_env: Path, clock: FixedClock) -> AsyncIterator[Services]:
    async with running_services(make_settings(isolated_env, db_url), clock) as running:
        yield running


@pytest.fixture
async def world(services: Services) -> World:
    return await make_world(services)


def names(page_rows: object) -> list[str]:
    return [row.name for row in page_rows]  # type: ignore[attr-defined]


# --- creating and validating ----------------------------------------------------------------


async def test_create_stores_normalized_values_and_audits(services: Services, world: World) -> None:
    events: list[DomainEvent] = []
    services.events.subscribe(events.append)
    nip = generate_valid_nip(6001)
    form = CompanyForm(
        name="  Delta   Handel ",
        prefix="DH",
        identifier=f"PL {nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
        regon="192598184",
        address="ul. Długa 5, 00-001 Warszawa",
        email=" Biuro@Delta.PL ",
        phone="600 100 200",
        tax_form="ryczalt",
        vat_period="quarterly",
        zus_payer="15",
        zus_account=expected_nrs(nip),
        bank_accounts=(
            BankAccountInput("PL61 1090 1014 0000 0712 1981 2874", "Główny"),
            BankAccountInput("", ""),
        ),
        invoice_module=True,
        internal_note="Klient od 2020.",
    )
    result = await services.companies.create(world.admin, form)
    assert result.warnings == {}
    details = await services.companies.get(world.admin, result.company_id)
    data = details.data
    assert (data.name, data.identifier, data.email, data.phone) == (
        "Delta Handel",
        nip,
        "biuro@delta.pl",
        "+48600100200",
    )
    assert data.zus_payer == 15 and data.tax_form == "ryczalt" and data.vat_period == "quarterly"
    assert [a.number for a in data.bank_accounts] == ["61109010140000071219812874"]
    assert details.active and len(details.history) == 1 and details.history[0].ended_at is None
    audit = await AuditEvent.get(kind="company.created", company_id=result.company_id)
    assert audit.office_id == world.office_a and audit.details["values"]["identifier"] == nip
    assert CompanyChanged(world.office_a, result.company_id) in events


async def test_nrs_of_another_nip_is_only_a_warning(services: Services, world: World) -> None:
    nip = generate_valid_nip(6002)
    result = await services.companies.create(
        world.admin, company_form("Epsilon", nip, zus_account=expected_nrs(NIP_A1))
    )
    assert "zus_account" in result.warnings
    assert (await Company.get(id=result.company_id)).zus_account == expected_nrs(NIP_A1)


@pytest.mark.parametrize(
    ("identifier_type", "identifier", "stored"),
    [
        ("nip", "PL 856-734-62-15", "8567346215"),
        ("pesel", "44051401359", "44051401359"),
        ("vat_ue", "de 136 695 976", "DE136695976"),
        ("regon", "123456785", "123456785"),
        ("regon", "12345678512347", "12345678512347"),
    ],
)
async def test_every_identifier_type_is_normalized(
    services: Services, world: World, identifier_type: str, identifier: str, stored: str
) -> None:
    form = company_form("Zeta", identifier, identifier_type=identifier_type)
    result = await services.companies.create(world.admin, form)
    row = await Company.get(id=result.company_id)
    assert (row.identifier_type, row.identifier) == (identifier_type, stored)
    if identifier_type == "regon":  # the REGON field takes the identifier when left empty
        assert row.regon == stored


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"identifier": "8567346216"}, "identifier", "sumę kontrolną"),
        ({"identifier": "856734621"}, "identifier", "10 cyfr"),
        ({"identifier_type": "pesel", "identifier": "44051401358"}, "identifier", "kontrolną"),
        ({"identifier_type": "pesel", "identifier": "02381307589"}, "identifier", "datę"),
        ({"identifier_type": "regon", "identifier": "192598185"}, "identifier", "kontrolną"),
        ({"identifier_type": "vat_ue", "identifier": "DE136695978"}, "identifier", "kontrolną"),
        ({"identifier_type": "vat_ue", "identifier": "136695976"}, "identifier", "kodu kraju"),
        ({"identifier_type": "xyz"}, "identifier_type", "rodzaj identyfikatora"),
        ({"identifier": ""}, "identifier", "Podaj NIP"),
        ({"regon": "192598185"}, "regon", "kontrolną"),
        ({"zus_account": "61 1090 1014 0000 0712 1981 2874"}, "zus_account", "ZUS"),
        ({"zus_account": "45 6000 0002 0260 0152 6104 0828"}, "zus_account", "kontrolne"),
        (
            {"bank_accounts": (BankAccountInput("61 1090 1014 0000 0712 1981 2875"),)},
            "bank_account_0",
            "kontrolne",
        ),
        ({"phone": "22 100 20 30"}, "phone", "komórkowy"),
        ({"email": "biuro(at)firma.pl"}, "email", "e-mail"),
        ({"prefix": "A" * 21}, "prefix", "20 znaków"),
        ({"prefix": "A$B"}, "prefix", "znaki"),
        ({"name": ""}, "name", "Podaj nazwę"),
        ({"name": "N" * 201}, "name", "200 znaków"),
        ({"address": "A" * 301}, "address", "300 znaków"),
        ({"internal_note": "x" * 2001}, "internal_note", "2000 znaków"),
        ({"tax_form": "vat"}, "tax_form", "formę opodatkowania"),
        ({"vat_period": "yearly"}, "vat_period", "okres"),
        ({"zus_payer": 10}, "zus_payer", "5., 15. albo 20."),
    ],
)
async def test_wrong_fields_give_field_errors_and_store_nothing(
    services: Services, world: World, values: dict[str, object], field: str, fragment: str
) -> None:
    before = await Company.all().count()
    form = replace(company_form("Eta", generate_valid_nip(6003)), **values)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as error:
        await services.companies.create(world.admin, form)
    assert field in error.value.errors, error.value.errors
    assert fragment in error.value.errors[field]
    assert await Company.all().count() == before


async def test_all_wrong_fields_are_reported_at_once(services: Services, world: World) -> None:
    form = CompanyForm(name="", identifier="123", email="x", internal_note="x" * 2001)
    with pytest.raises(ValidationError) as error:
        await services.companies.create(world.admin, form)
    assert set(error.value.errors) == {"name", "identifier", "email", "internal_note"}


async def test_duplicate_identifier_names_the_company_and_deleted_one_can_be_restored(
    services: Services, world: World
) -> None:
    with pytest.raises(ValidationError) as error:
        await services.companies.create(world.admin, company_form("Kopia", "PL 526 104 08 28"))
    assert error.value.errors["identifier"] == (
        "Firma z tym NIP-em już istnieje w biurze: Alfa Sp. z o.o."
    )
    # The same NIP in another office is fine.
    other = await services.companies.create(world.admin_b, company_form("Alfa w B", NIP_A1))
    assert other.company_id
    await services.companies.delete(world.admin, world.a1, "Alfa Sp. z o.o.")
    with pytest.raises(ValidationError) as deleted:
        await services.companies.create(world.admin, company_form("Kopia", NIP_A1))
    assert "możesz ją przywrócić" in deleted.value.errors["identifier"]
    # Editing A2 to A1's NIP is refused as well; keeping its own NIP is not a duplicate.
    a2 = await services.companies.get(world.admin, world.a2)
    with pytest.raises(ValidationError):
        await services.companies.update(
            world.admin, world.a2, replace(a2.to_form(), identifier=NIP_A1)
        )
    await services.companies.update(world.admin, world.a2, a2.to_form())


async def test_update_records_changes_and_replaces_accounts(
    services: Services, world: World
) -> None:
    details = await services.companies.get(world.admin, world.a2)
    form = replace(
        details.to_form(),
        name="Beta Usługi Sp. J.",
        bank_accounts=(BankAccountInput("61109010140000071219812874", "PKO"),),
    )
    await services.companies.update(world.admin, world.a2, form)
    audit = await AuditEvent.get(kind="company.updated", company_id=world.a2)
    assert audit.details["changes"]["name"] == ["Beta Usługi", "Beta Usługi Sp. J."]
    assert audit.details["changes"]["bank_accounts"] == [[], ["61109010140000071219812874 PKO"]]
    assert "tax_form" not in audit.details["changes"]
    # Saving without changes records nothing.
    again = await services.companies.get(world.admin, world.a2)
    await services.companies.update(world.admin, world.a2, again.to_form())
    assert await AuditEvent.filter(kind="company.updated", company_id=world.a2).count() == 1
    assert await CompanyBankAccount.filter(company_id=world.a2).count() == 1


# --- status history, delete, restore, purge --------------------------------------------------


async def test_status_changes_keep_interval_history(
    services: Services, world: World, clock: FixedClock
) -> None:
    created = clock.now()
    clock.advance(days=3)
    deactivated = clock.now()
    assert await services.companies.set_status(world.admin, world.a2, False) is True
    assert await services.companies.set_status(world.admin, world.a2, False) is False
    clock.advance(days=2)
    reactivated = clock.now()
    await services.companies.set_status(world.admin, world.a2, True)
    intervals = await CompanyStatusInterval.filter(company_id=world.a2).order_by("started_at")
    assert [(i.started_at, i.ended_at) for i in intervals] == [
        (created, deactivated),
        (reactivated, None),
    ]
    details = await AuditEvent.filter(company_id=world.a2, kind="company.status").order_by("id")
    assert [d.details for d in details] == [{"active": False}, {"active": True}]


async def test_inactive_company_is_created_without_interval_and_bulk_status(
    services: Services, world: World
) -> None:
    result = await services.companies.create(
        world.admin, company_form("Theta", generate_valid_nip(6004), active=False)
    )
    assert not await CompanyStatusInterval.filter(company_id=result.company_id).exists()
    changed = await services.companies.set_status_many(
        world.admin, [result.company_id, world.a1, world.a1], True
    )
    assert changed == 1  # A1 was already active
    with pytest.raises(NotFound):  # B1 is not ours: nothing at all is changed
        await services.companies.set_status_many(world.admin, [world.a1, world.b1], False)
    assert (await Company.get(id=world.a1)).active


async def test_delete_needs_the_typed_name_then_restore_and_purge(
    services: Services, world: World, clock: FixedClock
) -> None:
    with pytest.raises(ValidationError) as wrong:
        await services.companies.delete(world.admin, world.a2, "Beta")
    assert "confirmation" in wrong.value.errors
    assert (await Company.get(id=world.a2)).deleted_at is None

    clock.advance(hours=1)
    await services.companies.delete(world.admin, world.a2, " Beta  Usługi ")
    open_intervals = CompanyStatusInterval.filter(company_id=world.a2, ended_at__isnull=True)
    assert not await open_intervals.exists()
    with pytest.raises(NotFound):
        await services.companies.get(world.admin, world.a2)
    page = await services.companies.list_companies(world.admin)
    assert "Beta Usługi" not in names(page.rows)
    deleted = await services.companies.deleted_companies(world.admin)
    assert [d.name for d in deleted] == ["Beta Usługi"]

    clock.advance(days=29)
    await services.companies.restore(world.admin, world.a2)
    assert (await services.companies.get(world.admin, world.a2)).active
    assert await open_intervals.exists()
    with pytest.raises(Conflict):
        await services.companies.restore(world.admin, world.a2)

    await services.companies.delete(world.admin, world.a2, "Beta Usługi")
    clock.advance(days=30, minutes=1)
    with pytest.raises(Conflict):
        await services.companies.restore(world.admin, world.a2)
    assert await services.companies.deleted_companies(world.admin) == []
    assert await services.companies.purge_deleted() == 1
    assert await services.companies.purge_deleted() == 0  # idempotent
    assert not await Company.filter(id=world.a2).exists()
    assert not await CompanyStatusInterval.filter(company_id=world.a2).exists()
    assert await Company.filter(id=world.a1).exists()


async def test_purge_keeps_companies_deleted_less_than_30_days_ago(
    services: Services, world: World, clock: FixedClock
) -> None:
    await services.companies.delete(world.admin, world.a2, "Beta Usługi")
    assert await services.companies.purge_deleted(clock.now() + timedelta(days=29)) == 0
    assert await services.companies.purge_deleted(clock.now() + timedelta(days=31)) == 1


async def test_purge_is_registered_as_periodic_work(services: Services) -> None:
    periodic = {p.name: p for p in services.periodic}
    assert periodic["purge_deleted_companies"].cron == {"minute": 17}
    await periodic["purge_deleted_companies"].function()


# --- the list --------------------------------------------------------------------------------


async def test_search_by_nip_in_any_format_prefix_and_person(
    services: Services, world: World
) -> None:
    await services.companies.update(
        world.admin,
        world.a2,
        replace((await services.companies.get(world.admin, world.a2)).to_form(), prefix="BTU"),
    )
    await services.client_users.add_user(
        world.admin,
        world.a2,
        ClientUserForm(first_name="Grzegorz", last_name="Brzęczyszczykiewicz", email="g@b.test"),
    )

    async def search(term: str) -> list[str]:
        page = await services.companies.list_companies(world.admin, CompanyQuery(search=term))
        return names(page.rows)

    for term in ("5261040828", "526-104-08-28", "PL5261040828", "526 104"):
        assert await search(term) == ["Alfa Sp. z o.o."], term
    assert await search("btu") == ["Beta Usługi"]
    assert await search("brzęczyszczykiewicz") == ["Beta Usługi"]
    assert await search("Grzegorz") == ["Beta Usługi"]
    assert await search("alfa") == ["Alfa Sp. z o.o."]
    assert await search("nic takiego") == []
    # Office B's company of the same person is not found from office A.
    assert await search("Gamma") == []


async def test_paging_sorting_and_filters(services: Services, world: World) -> None:
    for index in range(7):
        await services.companies.create(
            world.admin,
            company_form(
                f"Firma {index:02d}",
                generate_valid_nip(7000 + index),
                prefix=f"P{6 - index}",
                active=index % 3 != 0,
            ),
        )
    query = CompanyQuery(per_page=4, sort=CompanySort.NAME)
    first = await services.companies.list_companies(world.admin, query)
    assert first.total == 9 and first.show_prefix
    assert names(first.rows) == ["Alfa Sp. z o.o.", "Beta Usługi", "Firma 00", "Firma 01"]
    third = await services.companies.list_companies(world.admin, replace(query, page=3))
    assert names(third.rows) == ["Firma 06"]
    by_prefix = await services.companies.list_companies(
        world.admin, CompanyQuery(sort=CompanySort.PREFIX, descending=True, per_page=3)
    )
    assert [r.prefix for r in by_prefix.rows] == ["P6", "P5", "P4"]
    inactive = await services.companies.list_companies(
        world.admin, CompanyQuery(status=StatusFilter.INACTIVE)
    )
    assert names(inactive.rows) == ["Firma 00", "Firma 03", "Firma 06"]
    by_status = await services.companies.list_companies(
        world.admin, CompanyQuery(sort=CompanySort.STATUS, per_page=100)
    )
    assert [r.active for r in by_status.rows] == [True] * 6 + [False] * 3
    by_nip = await services.companies.list_companies(
        world.admin, CompanyQuery(sort=CompanySort.IDENTIFIER, per_page=100)
    )
    identifiers = [r.identifier for r in by_nip.rows]
    assert identifiers == sorted(identifiers)
    # Silly paging values are clamped, never an error.
    clamped = await services.companies.list_companies(
        world.admin, CompanyQuery(page=0, per_page=10_000)
    )
    assert clamped.page == 1 and clamped.per_page == 100


async def test_employee_filter_channels_and_user_counts(services: Services, world: World) -> None:
    restricted_id = world.restricted.user_id
    staff = await services.companies.staff_choices(world.admin)
    assert restricted_id in {s.id for s in staff}
    assert await services.companies.staff_choices(world.restricted) == []
    page = await services.companies.list_companies(
        world.admin, CompanyQuery(staff_id=restricted_id)
    )
    assert names(page.rows) == ["Alfa Sp. z o.o."]
    await services.client_users.add_user(
        world.admin,
        world.a2,
        ClientUserForm(first_name="Ola", last_name="Bez Maila", email="o@b.test", use_email=False),
    )
    rows = {r.name: r for r in (await services.companies.list_companies(world.admin)).rows}
    assert (rows["Alfa Sp. z o.o."].users, rows["Alfa Sp. z o.o."].email_channel) == (1, True)
    assert (rows["Beta Usługi"].users, rows["Beta Usługi"].email_channel) == (1, False)
    assert rows["Beta Usługi"].waiting == 0 and not rows["Beta Usługi"].sms_channel


async def test_restricted_employee_sees_only_assigned_companies(
    services: Services, world: World
) -> None:
    page = await services.companies.list_companies(world.restricted)
    assert names(page.rows) == ["Alfa Sp. z o.o."] and page.total == 1
    assert names((await services.companies.list_companies(world.employee)).rows) == [
        "Alfa Sp. z o.o.",
        "Beta Usługi",
    ]
    with pytest.raises(NotFound):
        await services.companies.get(world.restricted, world.a2)
    # A company the restricted employee creates is assigned to them, or they would lose it.
    created = await services.companies.create(
        world.restricted, company_form("Iota", generate_valid_nip(6005))
    )
    assert await StaffAssignment.filter(
        staff_user_id=world.restricted.user_id, company_id=created.company_id
    ).exists()


async def test_company_of_another_office_is_not_found(services: Services, world: World) -> None:
    with pytest.raises(NotFound):
        await services.companies.get(world.admin, world.b1)
    with pytest.raises(NotFound):
        await services.companies.get(world.admin, 999_999)
    page = await services.companies.list_companies(world.admin_b)
    assert names(page.rows) == ["Gamma B"]


@contextmanager
def counted_queries() -> Iterator[list[str]]:
    """Every SQL statement tortoise sends while the block runs."""
    statements: list[str] = []

    class Counter(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            statements.append(record.getMessage())

    logger = logging.getLogger("tortoise.db_client")
    handler, level = Counter(level=logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_list_page_runs_a_constant_number_of_queries(
    services: Services, world: World
) -> None:
    query = CompanyQuery(search="a", per_page=25)
    await services.jobs.idle()  # activation e-mails of the world, delivered in the background
    with counted_queries() as small:
        await services.companies.list_companies(world.admin, query)
    for index in range(20):
        created = await services.companies.create(
            world.admin, company_form(f"Firma a{index}", generate_valid_nip(8000 + index))
        )
        await services.client_users.add_user(
            world.admin,
            created.company_id,
            ClientUserForm(first_name="A", last_name=f"Osoba {index}", email=f"p{index}@x.test"),
        )
    await services.jobs.idle()
    with counted_queries() as large:
        page = await services.companies.list_companies(world.admin, query)
    assert len(page.rows) == 22
    assert len(small) == len(large) == 6, large


# --- client users ----------------------------------------------------------------------------


async def test_add_user_sends_activation_and_existing_email_joins_second_company(
    services: Services, world: World
) -> None:
    form = ClientUserForm(
        first_name="Ewa",
        last_name="Nowak",
        email=" Ewa@Nowak.test ",
        phone="+48 600-100-200",
        role="wspolnik",
        can_edit_company=False,
    )
    first = await services.client_users.add_user(world.admin, world.a1, form)
    assert not first.existing_account and first.activation_sent
    await services.jobs.idle()
    assert await OutboxEmail.filter(to_address="ewa@nowak.test", status="sent").count() == 1
    person = await ClientUser.get(email="ewa@nowak.test")
    assert person.phone == "+48600100200"

    second = await services.client_users.add_user(
        world.admin, world.a2, replace(form, first_name="Inna", role="firma")
    )
    assert second.existing_account and second.user_id == first.user_id
    assert await ClientUser.filter(email="ewa@nowak.test").count() == 1
    assert (await ClientUser.get(id=person.id)).first_name == "Ewa"  # not overwritten
    assert await Membership.filter(client_user_id=person.id).count() == 2
    # ... and from another office too (one e-mail, one account across offices).
    third = await services.client_users.add_user(world.admin_b, world.b1, form)
    assert third.user_id == first.user_id

    with pytest.raises(ValidationError) as twice:
        await services.client_users.add_user(world.admin, world.a1, form)
    assert twice.value.errors["email"] == "Ta osoba jest już użytkownikiem tej firmy."
    rows = await services.client_users.list_users(world.admin, world.a1)
    ewa = next(r for r in rows if r.email == "ewa@nowak.test")
    assert ewa.role == "wspolnik" and not ewa.activated and ewa.active
    assert await AuditEvent.filter(kind="user.invited").count() == 3


async def test_add_user_validation_and_staff_email(services: Services, world: World) -> None:
    with pytest.raises(ValidationError) as error:
        await services.client_users.add_user(
            world.admin, world.a1, ClientUserForm(email="zly", phone="123", role="szef")
        )
    assert set(error.value.errors) == {"first_name", "last_name", "email", "phone", "role"}
    with pytest.raises(ValidationError) as staff:
        await services.client_users.add_user(
            world.admin,
            world.a1,
            ClientUserForm(first_name="A", last_name="B", email="pracownik@a.test"),
        )
    assert "pracownika biura" in staff.value.errors["email"]
    assert not await ClientUser.filter(email="zly").exists()


async def test_resend_activation_deactivate_and_remove(services: Services, world: World) -> None:
    added = await services.client_users.add_user(
        world.admin,
        world.a1,
        ClientUserForm(first_name="Jan", last_name="Nowy", email="jan@nowy.test"),
    )
    await services.client_users.add_user(
        world.admin,
        world.a2,
        ClientUserForm(first_name="Jan", last_name="Nowy", email="jan@nowy.test"),
    )
    await services.client_users.resend_activation(world.admin, world.a1, added.user_id)
    await services.jobs.idle()
    assert await OutboxEmail.filter(to_address="jan@nowy.test", status="sent").count() == 3
    assert await AuditEvent.filter(kind="user.activation_resent").count() == 1

    account = await services.auth._repos.accounts.get(ActorKind.CLIENT, added.user_id)
    assert account is not None and account.active_company_ids == {world.a1, world.a2}
    await services.client_users.deactivate(world.admin, world.a1, added.user_id)
    account = await services.auth._repos.accounts.get(ActorKind.CLIENT, added.user_id)
    assert account is not None and account.active_company_ids == {world.a2}
    rows = await services.client_users.list_users(world.admin, world.a1)
    assert not next(r for r in rows if r.user_id == added.user_id).active
    await services.client_users.reactivate(world.admin, world.a1, added.user_id)

    await services.client_users.remove(world.admin, world.a1, added.user_id)
    assert not await Membership.filter(company_id=world.a1, client_user_id=added.user_id).exists()
    assert await ClientUser.filter(id=added.user_id).exists()  # still in A2
    with pytest.raises(NotFound):
        await services.client_users.remove(world.admin, world.a1, added.user_id)
    kinds = set(await AuditEvent.filter(company_id=world.a1).values_list("kind", flat=True))
    assert {"user.deactivated", "user.reactivated", "user.removed"} <= kinds


async def test_resend_to_activated_account_is_refused(services: Services, world: World) -> None:
    client_a_id = world.client_a.user_id
    await ClientUser.filter(id=client_a_id).update(
        password_hash="x", activated_at=FixedClock().now()
    )
    with pytest.raises(Conflict):
        await services.client_users.resend_activation(world.admin, world.a1, client_a_id)
    # An activated account added elsewhere gets no new activation e-mail.
    result = await services.client_users.add_user(
        world.admin,
        world.a2,
        ClientUserForm(first_name="K", last_name="A", email="klient@a.test"),
    )
    assert result.existing_account and not result.activation_sent
