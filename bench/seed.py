"""Bulk seeding for benchmarks: offices with many companies, users and status history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.identifiers import generate_valid_nip
from persistence.models import (
    ClientUser,
    Company,
    CompanyStatusInterval,
    Membership,
    Office,
    StaffAssignment,
    StaffUser,
)

SURNAMES = [
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
]
TRADES = [
    "Usługi Remontowe",
    "Piekarnia",
    "Transport",
    "Sklep",
    "Kancelaria",
    "Studio",
    "Warsztat",
    "Hurtownia",
    "Apteka",
    "Biuro Podróży",
    "Drukarnia",
    "Kwiaciarnia",
]


async def seed_office(name: str, nip_seed: int, companies: int) -> tuple[int, int]:
    """An office with ``companies`` companies, two client users each, a status history each,
    one admin and one employee assigned to every tenth company. Returns (office id, admin id)."""
    office = await Office.create(name=name, nip=generate_valid_nip(nip_seed))
    admin = await StaffUser.create(
        office=office,
        email=f"admin-{office.id}@bench.test",
        first_name="Admin",
        last_name="Bench",
        role="admin",
    )
    employee = await StaffUser.create(
        office=office,
        email=f"emp-{office.id}@bench.test",
        first_name="Emp",
        last_name="Bench",
        role="employee",
    )
    now = datetime.now(UTC)
    rows = [
        Company(
            office=office,
            name=f"{TRADES[i % len(TRADES)]} {SURNAMES[i % len(SURNAMES)]} {i}",
            prefix=f"P{i % 97}" if i % 3 == 0 else "",
            identifier=generate_valid_nip(nip_seed * 100_000 + i + 1),
            active=i % 11 != 0,
        )
        for i in range(companies)
    ]
    await Company.bulk_create(rows, batch_size=1000)
    ids = [c.id for c in await Company.filter(office=office).order_by("id").only("id")]
    await CompanyStatusInterval.bulk_create(
        [
            CompanyStatusInterval(
                company_id=cid,
                started_at=now - timedelta(days=400),
                ended_at=now - timedelta(days=30 + n % 60),
            )
            for n, cid in enumerate(ids)
        ]
        + [
            CompanyStatusInterval(company_id=cid, started_at=now - timedelta(days=20))
            for n, cid in enumerate(ids)
            if n % 11 != 0
        ],
        batch_size=2000,
    )
    users = [
        ClientUser(
            email=f"u{office.id}-{n}-{k}@bench.test",
            first_name=f"Imię{k}",
            last_name=SURNAMES[(n + k) % len(SURNAMES)],
        )
        for n in range(len(ids))
        for k in range(2)
    ]
    await ClientUser.bulk_create(users, batch_size=2000)
    user_ids = [
        u.id
        for u in await ClientUser.filter(email__startswith=f"u{office.id}-")
        .order_by("id")
        .only("id")
    ]
    await Membership.bulk_create(
        [
            Membership(
                client_user_id=user_ids[2 * n + k],
                company_id=cid,
                role="firma" if k == 0 else "wspolnik",
            )
            for n, cid in enumerate(ids)
            for k in range(2)
        ],
        batch_size=2000,
    )
    await StaffAssignment.bulk_create(
        [StaffAssignment(staff_user=employee, company_id=cid) for cid in ids[::10]],
        batch_size=2000,
    )
    return office.id, admin.id
