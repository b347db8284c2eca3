"""Demo data for a first start: one office, its staff, client companies and client users.

Idempotent: it runs only on a database without offices and creates everything in one
transaction, so a crash halfway leaves nothing behind.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from domain.accounts.passwords import hash_password
from domain.actors import ClientRole, StaffRole
from domain.identifiers import generate_valid_nip
from persistence.models import ClientUser, Company, Membership, Office, StaffUser

DEMO_PASSWORD = "demo-biurko-2026"  # noqa: S105 - published demo password, also in the README
DEMO_LOGINS = [
    ("admin@demo.biurko.pl", "Administrator biura"),
    ("pracownik@demo.biurko.pl", "Pracownik biura"),
    ("klient@demo.biurko.pl", "Klient (Firma)"),
]
OFFICE_NIP = "5261040828"
COMPANIES = [
    ("Piekarnia Złoty Kłos sp. z o.o.", "PZK"),
    ("Jan Kowalski Usługi Remontowe", "JK"),
    ("Zielony Ogród Anna Nowak", ""),
    ("Auto-Serwis Wiśniewski s.c.", "ASW"),
]


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
        await StaffUser.create(
            office=office,
            email="pracownik@demo.biurko.pl",
            first_name="Piotr",
            last_name="Pracowity",
            role=StaffRole.EMPLOYEE.value,
            password_hash=password_hash,
            activated_at=now,
        )
        companies = [
            await Company.create(
                office=office, name=name, prefix=prefix, identifier=generate_valid_nip(1000 + index)
            )
            for index, (name, prefix) in enumerate(COMPANIES)
        ]
        client = await ClientUser.create(
            email="klient@demo.biurko.pl",
            first_name="Jan",
            last_name="Kowalski",
            phone="+48600100200",
            password_hash=password_hash,
            activated_at=now,
        )
        await Membership.create(
            client_user=client,
            company=companies[1],
            role=ClientRole.FIRMA.value,
            can_edit_company=True,
        )
        for index, company in enumerate(companies):
            if index == 1:
                continue
            user = await ClientUser.create(
                email=f"firma{index + 1}@demo.biurko.pl",
                first_name="Klient",
                last_name=f"Demo {index + 1}",
                password_hash=password_hash,
                activated_at=now,
            )
            await Membership.create(
                client_user=user,
                company=company,
                role=ClientRole.FIRMA.value,
                can_edit_company=True,
            )
    return True
