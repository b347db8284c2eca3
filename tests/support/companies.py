"""A small world for company tests: two offices of our own next to the demo data.

Office A has companies A1 and A2, an admin, an employee and a second employee restricted to A1
(the restriction is the office switch; the actor carries it as ``restricted``). Office B has
company B1 and its admin. Client users: one Firma in A1, one in B1.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from domain.actors import Actor, ActorKind, ClientRole, Membership, StaffRole
from domain.companies.model import CompanyForm
from domain.identifiers import generate_valid_nip
from persistence.models import ClientUser, Office, StaffAssignment, StaffUser
from persistence.models import Membership as MembershipRow

NIP_A1 = "5261040828"
NIP_A2 = generate_valid_nip(5001)
NIP_B1 = generate_valid_nip(5002)


@dataclass(frozen=True)
class World:
    office_a: int
    office_b: int
    a1: int
    a2: int
    b1: int
    admin: Actor
    employee: Actor
    restricted: Actor
    client_a: Actor
    client_b: Actor
    admin_b: Actor

    @property
    def all_actors(self) -> dict[str, Actor]:
        return {
            "admin": self.admin,
            "restricted": self.restricted,
            "employee": self.employee,
            "client_a": self.client_a,
            "client_b": self.client_b,
            "admin_b": self.admin_b,
        }


def company_form(name: str, nip: str, **values: object) -> CompanyForm:
    return replace(CompanyForm(name=name, identifier=nip), **values)  # type: ignore[arg-type]


async def _staff(office: Office, email: str, role: StaffRole) -> StaffUser:
    return await StaffUser.create(
        office=office, email=email, first_name="Test", last_name=email.split("@")[0], role=role
    )


def _staff_actor(row: StaffUser, office_id: int, **extra: object) -> Actor:
    return Actor(
        kind=ActorKind.STAFF,
        user_id=row.id,
        office_id=office_id,
        role=StaffRole(row.role),
        name=f"{row.first_name} {row.last_name}",
        email=row.email,
        **extra,  # type: ignore[arg-type]
    )


async def _client(email: str, company_id: int, office_id: int) -> Actor:
    user = await ClientUser.create(email=email, first_name="Klient", last_name=email.split("@")[0])
    await MembershipRow.create(
        client_user=user, company_id=company_id, role="firma", can_edit_company=True
    )
    return Actor(
        kind=ActorKind.CLIENT,
        user_id=user.id,
        memberships=(Membership(company_id, office_id, ClientRole.FIRMA, can_edit_company=True),),
        company_id=company_id,
        name=f"Klient {email}",
        email=email,
    )


async def make_world(services: object) -> World:
    """Offices A and B with their people; companies are created through the service."""
    from bootstrap import Services

    assert isinstance(services, Services)
    office_a = await Office.create(name="Biuro Testowe A", restrict_employees=True)
    office_b = await Office.create(name="Biuro Testowe B")
    admin_row = await _staff(office_a, "admin@a.test", StaffRole.ADMIN)
    admin = _staff_actor(admin_row, office_a.id)
    a1 = (
        await services.companies.create(admin, company_form("Alfa Sp. z o.o.", NIP_A1))
    ).company_id
    a2 = (await services.companies.create(admin, company_form("Beta Usługi", NIP_A2))).company_id
    admin_b_row = await _staff(office_b, "admin@b.test", StaffRole.ADMIN)
    admin_b = _staff_actor(admin_b_row, office_b.id)
    b1 = (await services.companies.create(admin_b, company_form("Gamma B", NIP_B1))).company_id
    employee_row = await _staff(office_a, "pracownik@a.test", StaffRole.EMPLOYEE)
    restricted_row = await _staff(office_a, "ograniczony@a.test", StaffRole.EMPLOYEE)
    await StaffAssignment.create(staff_user=restricted_row, company_id=a1)
    return World(
        office_a=office_a.id,
        office_b=office_b.id,
        a1=a1,
        a2=a2,
        b1=b1,
        admin=admin,
        employee=_staff_actor(employee_row, office_a.id),
        restricted=_staff_actor(
            restricted_row, office_a.id, restricted=True, assigned_company_ids=frozenset({a1})
        ),
        client_a=await _client("klient@a.test", a1, office_a.id),
        client_b=await _client("klient@b.test", b1, office_b.id),
        admin_b=admin_b,
    )
