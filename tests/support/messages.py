"""Helpers for the messages tests: tiny files of real types, audiences, a client user."""

from __future__ import annotations

from bootstrap import Services
from domain.actors import Actor, ActorKind, ClientRole, Membership
from domain.messages.model import Audience, AudienceKind, Draft
from persistence.models import ClientUser, Company
from persistence.models import Membership as MembershipRow

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + b"\0" * 64


def one(company_id: int) -> Audience:
    return Audience(AudienceKind.ONE, (company_id,))


async def send(services: Services, actor: Actor, draft: Draft) -> int:
    """Send and wait for the delivery job (and the e-mails it queued)."""
    message_id = await services.messages.send(actor, draft)
    for _ in range(3):
        await services.jobs.idle()
    return message_id


async def add_client(
    company_id: int, email: str, role: str = "firma", office_id: int | None = None
) -> Actor:
    """A client user of the company (active membership) and their actor."""
    company = await Company.get(id=company_id)
    user = await ClientUser.create(email=email, first_name="Klient", last_name=email.split("@")[0])
    await MembershipRow.create(client_user=user, company_id=company_id, role=role)
    return Actor(
        kind=ActorKind.CLIENT,
        user_id=user.id,
        memberships=(Membership(company_id, office_id or company.office_id, ClientRole(role)),),
        company_id=company_id,
        name=f"Klient {email.split('@')[0]}",
        email=email,
    )
