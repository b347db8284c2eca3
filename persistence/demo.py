"""Demo data for a first start: one office, its staff, ~25 client companies and client users.

Idempotent: it runs only on a database without offices and creates everything in one
transaction, so a crash halfway leaves nothing behind. The story it tells: the office restricts
employees to their companies (the demo employee has some, not all), one company is inactive,
one has a patchy status history that makes billing interesting, and the demo client belongs to
two companies.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from domain.accounts.passwords import hash_password
from domain.actors import ClientRole, StaffRole
from domain.identifiers import expected_nrs, generate_valid_nip
from persistence.demo_entries import create_demo_entries
from persistence.models import (
    ClientUser,
    Company,
    CompanyBankAccount,
    CompanyStatusInterval,
    Membership,
    Office,
    StaffAssignment,
    StaffUser,
)

DEMO_PASSWORD = "demo-biurko-2026"  # noqa: S105 - published demo password, also in the README
DEMO_LOGINS = [
    ("admin@demo.biurko.pl", "Administrator biura"),
    ("pracownik@demo.biurko.pl", "Pracownik biura"),
    ("klient@demo.biurko.pl", "Klient (Firma w dwóch firmach)"),
]
OFFICE_NIP = "5261040828"


@dataclass(frozen=True)
class DemoCompany:
    name: str
    prefix: str
    tax_form: str
    vat_period: str
    zus_payer: int
    owner: tuple[str, str]


COMPANIES = [
    DemoCompany("Piekarnia Złoty Kłos sp. z o.o.", "PZK", "cit", "monthly", 15, ("Marek", "Kłos")),
    DemoCompany(
        "Jan Kowalski Usługi Remontowe", "JK", "liniowy", "monthly", 20, ("Jan", "Kowalski")
    ),
    DemoCompany("Zielony Ogród Anna Nowak", "", "ryczalt", "none", 20, ("Anna", "Nowak")),
    DemoCompany(
        "Auto-Serwis Wiśniewski s.c.", "ASW", "skala", "quarterly", 15, ("Tomasz", "Wiśniewski")
    ),
    DemoCompany(
        "Kancelaria Prawna Lewandowska", "KPL", "liniowy", "monthly", 20, ("Ewa", "Lewandowska")
    ),
    DemoCompany("Studio Fryzur Wójcik", "", "karta", "none", 20, ("Agata", "Wójcik")),
    DemoCompany("Transport Kamiński i Syn", "TKS", "skala", "monthly", 20, ("Paweł", "Kamiński")),
    DemoCompany(
        "Bistro Pod Lipą Zielińska", "BPL", "ryczalt", "monthly", 20, ("Joanna", "Zielińska")
    ),
    DemoCompany(
        "IT Consulting Szymański", "ITC", "liniowy", "monthly", 20, ("Michał", "Szymański")
    ),
    DemoCompany("Sklep Rowerowy Woźniak", "", "skala", "quarterly", 20, ("Adam", "Woźniak")),
    DemoCompany(
        "Biuro Podróży Dąbrowska sp. z o.o.", "BPD", "cit", "monthly", 15, ("Marta", "Dąbrowska")
    ),
    DemoCompany(
        "Gabinet Stomatologiczny Kozłowski",
        "GSK",
        "liniowy",
        "none",
        20,
        ("Krzysztof", "Kozłowski"),
    ),
    DemoCompany("Pracownia Ceramiki Jankowska", "", "ryczalt", "none", 20, ("Zofia", "Jankowska")),
    DemoCompany("Elektro-Instal Mazur", "EIM", "skala", "monthly", 20, ("Piotr", "Mazur")),
    DemoCompany(
        "Agencja Reklamowa Krawczyk", "ARK", "ryczalt", "monthly", 20, ("Natalia", "Krawczyk")
    ),
    DemoCompany(
        "Hurtownia Owoców Piotrowski sp. j.",
        "HOP",
        "skala",
        "monthly",
        15,
        ("Łukasz", "Piotrowski"),
    ),
    DemoCompany(
        "Przedszkole Słoneczko Grabowska", "", "ryczalt", "none", 20, ("Katarzyna", "Grabowska")
    ),
    DemoCompany(
        "Warsztat Stolarski Nowakowski", "WSN", "karta", "none", 20, ("Stanisław", "Nowakowski")
    ),
    DemoCompany("Fundacja Zdrowe Miasto", "FZM", "cit", "none", 5, ("Alicja", "Pawłowska")),
    DemoCompany(
        "Drukarnia Michalski sp. z o.o.", "DM", "cit", "monthly", 15, ("Robert", "Michalski")
    ),
    DemoCompany("Fotografia Ślubna Król", "", "skala", "none", 20, ("Oliwia", "Król")),
    DemoCompany(
        "Sprzątanie Biur Wieczorek", "SBW", "ryczalt", "quarterly", 20, ("Dariusz", "Wieczorek")
    ),
    DemoCompany(
        "Apteka Pod Orłem Jabłońska", "APO", "liniowy", "monthly", 20, ("Beata", "Jabłońska")
    ),
    DemoCompany("Szkoła Językowa Wróbel", "SJW", "skala", "monthly", 20, ("Igor", "Wróbel")),
    DemoCompany("Kwiaciarnia Róża Majewska", "", "ryczalt", "none", 20, ("Iwona", "Majewska")),
]
INACTIVE_INDEX = 5  # Studio Fryzur Wójcik: suspended
PATCHY_HISTORY_INDEX = 9  # Sklep Rowerowy Woźniak: seasonal, on and off
SECOND_CLIENT_COMPANY_INDEX = 8  # the demo client is also a Wspólnik here
EMPLOYEE_COMPANY_INDEXES = (0, 1, 2, 3, 4, 8, 12)


async def load_demo_data() -> bool:
    """Create the demo office unless any office exists; True when it was created."""
    if await Office.exists():
        return False
    password_hash = await asyncio.to_thread(hash_password, DEMO_PASSWORD)
    now = datetime.now(UTC)
    async with in_transaction():
        office = await Office.create(
            name="Biuro Rachunkowe Demo",
            nip=OFFICE_NIP,
            email="biuro@demo.biurko.pl",
            phone="+48 22 100 20 30",
            address="ul. Marszałkowska 1, 00-001 Warszawa",
            website="https://demo.biurko.pl",
            restrict_employees=True,
        )
        await StaffUser.create(
            office=office,
            email="admin@demo.biurko.pl",
            first_name="Anna",
            last_name="Administratorska",
            role=StaffRole.ADMIN.value,
            password_hash=password_hash,
            activated_at=now,
        )
        employee = await StaffUser.create(
            office=office,
            email="pracownik@demo.biurko.pl",
            first_name="Piotr",
            last_name="Pracowity",
            role=StaffRole.EMPLOYEE.value,
            password_hash=password_hash,
            activated_at=now,
        )
        companies = [
            await _create_company(office, index, spec, now) for index, spec in enumerate(COMPANIES)
        ]
        for index in EMPLOYEE_COMPANY_INDEXES:
            await StaffAssignment.create(staff_user=employee, company=companies[index])
        await _create_client_users(companies, password_hash, now)
        await create_demo_entries(
            companies,
            now,
            (SECOND_CLIENT_COMPANY_INDEX, "Jan Kowalski"),
            {1, SECOND_CLIENT_COMPANY_INDEX},
        )
    return True


async def _create_company(office: Office, index: int, spec: DemoCompany, now: datetime) -> Company:
    nip = generate_valid_nip(1000 + index)
    company = await Company.create(
        office=office,
        name=spec.name,
        prefix=spec.prefix,
        identifier=nip,
        tax_form=spec.tax_form,
        vat_period=spec.vat_period,
        zus_payer=spec.zus_payer,
        zus_account=expected_nrs(nip),
        active=index != INACTIVE_INDEX,
        address=f"ul. Przykładowa {index + 1}, 00-{100 + index:03d} Warszawa",
        email=f"firma{index + 1}@demo.biurko.pl",
        invoice_module=index % 3 == 0,
    )
    if index % 2 == 0:
        await CompanyBankAccount.create(
            company=company, number=_demo_account(index), label="Rachunek firmowy"
        )
    for start, end in _history(index, now):
        await CompanyStatusInterval.create(company=company, started_at=start, ended_at=end)
    return company


def _history(index: int, now: datetime) -> list[tuple[datetime, datetime | None]]:
    """Active intervals: most companies since 14 months ago; some stories for billing."""
    since = now - timedelta(days=420)
    if index == INACTIVE_INDEX:
        return [(since, now - timedelta(days=40))]
    if index == PATCHY_HISTORY_INDEX:
        # Active a few hours at a time (not billed), then a whole season (billed).
        return [
            (since, since + timedelta(hours=20)),
            (since + timedelta(days=3), since + timedelta(days=3, hours=3)),
            (now - timedelta(days=200), now - timedelta(days=110)),
            (now - timedelta(days=30), None),
        ]
    return [(since + timedelta(days=index * 9), None)]


def _demo_account(index: int) -> str:
    """A valid NRB (mod 97) in a demo bank: checksum computed, not invented."""
    bban = f"10901014{index:016d}"
    check = 98 - int(bban + "252100") % 97
    return f"{check:02d}{bban}"


async def _create_client_users(companies: list[Company], password_hash: str, now: datetime) -> None:
    client = await ClientUser.create(
        email="klient@demo.biurko.pl",
        first_name="Jan",
        last_name="Kowalski",
        phone="+48600100200",
        password_hash=password_hash,
        activated_at=now,
    )
    await Membership.create(
        client_user=client, company=companies[1], role=ClientRole.FIRMA.value, can_edit_company=True
    )
    await Membership.create(
        client_user=client,
        company=companies[SECOND_CLIENT_COMPANY_INDEX],
        role=ClientRole.WSPOLNIK.value,
        can_edit_company=False,
    )
    for index, company in enumerate(companies):
        if index == 1:
            continue
        first, last = COMPANIES[index].owner
        user = await ClientUser.create(
            email=f"wlasciciel{index + 1}@demo.biurko.pl",
            first_name=first,
            last_name=last,
            password_hash=password_hash if index % 4 else None,
            activated_at=now if index % 4 else None,
        )
        await Membership.create(
            client_user=user, company=company, role=ClientRole.FIRMA.value, can_edit_company=True
        )
