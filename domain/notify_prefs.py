"""Which channels carry which event to whom: office defaults, company overrides, users' choices.

Three layers, the most specific winning: the client user's own choice (it applies to all their
companies, in every office), else the company's override, else the office default, else the
built-in default (portal and e-mail on, SMS off). Then what no setting can overrule: e-mail
only with the membership's e-mail flag and an address, SMS only with a valid mobile number,
the user's consent and the office's gateway switched on, and an inactive company gets e-mail
only (PRODUCT.md).

``channels_for`` is asked about thousands of people at once (bulk messages), so it reads the
office's rows for the event, the users' choices and the gateway switch in three queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.actors import Actor, CompanyRef
from domain.audit import AuditLog
from domain.channels import Channel, EventType, Recipient
from domain.companies.model import ClientUserRow
from domain.companies.service import CompanyRepository
from domain.errors import NotFound, PermissionDenied, ValidationError
from domain.identifiers import normalize_phone
from domain.notify_layers import (
    BUILTIN,
    Key,
    PreferenceCell,
    StoredPreference,
    allowed,
    layered,
    recipient_of,
    valid_phone,
)
from domain.office_settings import SETTINGS_CHANGED
from domain.policies import Action, CompanyAction, require, require_on_company, scope_office
from domain.ports import Clock

CLIENT_EVENTS = tuple(EventType)
PHONE_NEEDED = "Aby otrzymywać SMS-y, podaj najpierw numer telefonu komórkowego."


@dataclass(frozen=True)
class Addressee:
    """A member of a company as senders filter it (role, name) and as channels see it."""

    member: ClientUserRow
    recipient: Recipient


@dataclass(frozen=True)
class SmsContact:
    phone: str
    consent_at: datetime | None


class PreferenceRepository(Protocol):
    async def office_rows(self, office_id: int, event: EventType | None) -> list[StoredPreference]:
        """Office defaults and company overrides (all companies), optionally of one event."""

    async def member_choices(self, office_id: int, event: EventType) -> list[StoredPreference]:
        """Own choices of the users who belong to a company of the office, for one event."""

    async def user_rows(self, client_user_id: int) -> list[StoredPreference]: ...

    async def save(self, row: StoredPreference) -> None: ...

    async def remove(
        self, office_id: int, company_id: int, client_user_id: int, key: Key
    ) -> None: ...

    async def sms_enabled(self, office_id: int) -> bool: ...

    async def members(self, company_id: int) -> list[tuple[ClientUserRow, bool]]:
        """Active members with an active account, each with "has consented to SMS"."""

    async def sms_contact(self, client_user_id: int) -> SmsContact | None: ...

    async def set_sms_consent(self, client_user_id: int, at: datetime | None) -> None: ...

    async def set_phone(self, client_user_id: int, phone: str, consent_at: datetime | None) -> None:
        """Store the mobile number (``""``: none) together with the consent that goes with it."""


class ChannelPreferenceService:
    """The ``ChannelResolver`` of every sender, and the three places where people choose."""

    def __init__(
        self,
        repo: PreferenceRepository,
        companies: CompanyRepository,
        clock: Clock,
        audit: AuditLog | None = None,
    ) -> None:
        self._repo = repo
        self._companies = companies
        self._clock = clock
        self._audit = audit

    async def channels_for(
        self, office_id: int, event: EventType, recipients: list[Recipient]
    ) -> dict[tuple[int, int], frozenset[Channel]]:
        if not recipients:
            return {}
        sms_enabled = await self._repo.sms_enabled(office_id)
        office = await self._repo.office_rows(office_id, event)
        defaults = {r.channel: r.enabled for r in office if not r.company_id}
        overrides = {(r.company_id, r.channel): r.enabled for r in office if r.company_id}
        own = {
            (r.client_user_id, r.channel): r.enabled
            for r in await self._repo.member_choices(office_id, event)
        }
        result: dict[tuple[int, int], frozenset[Channel]] = {}
        for person in recipients:
            wanted = {
                channel
                for channel in Channel
                if own.get(
                    (person.client_user_id, channel),
                    overrides.get(
                        (person.company_id, channel), defaults.get(channel, BUILTIN[channel])
                    ),
                )
            }
            key = (person.company_id, person.client_user_id)
            result[key] = frozenset(wanted) & allowed(person, sms_enabled)
        return result

    async def addressees(self, company_id: int, company_active: bool) -> list[Addressee]:
        """The company's active members as senders need them (one query)."""
        return [
            Addressee(member, recipient_of(member, company_id, company_active, consent))
            for member, consent in await self._repo.members(company_id)
        ]

    # --- the office's defaults (admin) --------------------------------------------------------

    async def office_defaults(self, actor: Actor) -> list[PreferenceCell]:
        office_id = _admin_office(actor)
        rows = await self._repo.office_rows(office_id, None)
        return list(layered(rows, 0, 0).values())

    async def set_office_defaults(self, actor: Actor, values: dict[Key, bool]) -> None:
        """Store the cells that differ from what applies now; the change is audited."""
        office_id = _admin_office(actor)
        before = layered(await self._repo.office_rows(office_id, None), 0, 0)
        changed = {key: on for key, on in values.items() if before[key].enabled != on}
        for (event, channel), enabled in changed.items():
            await self._repo.save(StoredPreference(office_id, 0, 0, event, channel, enabled))
        if changed and self._audit is not None:
            await self._audit.record(
                actor,
                SETTINGS_CHANGED,
                "Zmieniono domyślne kanały powiadomień",
                details={"after": {f"{e.value}.{c.value}": on for (e, c), on in changed.items()}},
            )

    async def sms_enabled(self, office_id: int) -> bool:
        return await self._repo.sms_enabled(office_id)

    # --- one company's override (staff who see the company) ----------------------------------

    async def company_overrides(self, actor: Actor, company_id: int) -> list[PreferenceCell]:
        office_id = await self._staff_company(actor, company_id)
        rows = await self._repo.office_rows(office_id, None)
        return list(layered(rows, company_id, 0).values())

    async def set_company_override(
        self, actor: Actor, company_id: int, key: Key, enabled: bool | None
    ) -> None:
        """``None`` removes the override ("jak w biurze")."""
        office_id = await self._staff_company(actor, company_id)
        if enabled is None:
            await self._repo.remove(office_id, company_id, 0, key)
        else:
            row = StoredPreference(office_id, company_id, 0, key[0], key[1], enabled)
            await self._repo.save(row)

    async def _staff_company(self, actor: Actor, company_id: int) -> int:
        office_id = actor.office_id if actor.is_staff else None
        head = None if office_id is None else await self._companies.head(office_id, company_id)
        if head is None:
            raise NotFound()
        require_on_company(
            actor, CompanyAction.VIEW, CompanyRef(head.id, head.office_id, head.active)
        )
        return head.office_id

    # --- the client user's own choices ------------------------------------------------------

    async def my_choices(self, actor: Actor) -> list[PreferenceCell]:
        """The user's cells as they apply in the currently selected company."""
        _require_client(actor)
        company_id = actor.company_id or 0
        office_id = scope_office(actor, company_id) if company_id else None
        rows = list(await self._repo.user_rows(actor.user_id))
        if office_id is not None:
            rows += await self._repo.office_rows(office_id, None)
        return list(layered(rows, company_id, actor.user_id).values())

    async def set_my_choice(self, actor: Actor, key: Key, enabled: bool | None) -> None:
        _require_client(actor)
        if enabled is None:
            await self._repo.remove(0, 0, actor.user_id, key)
        else:
            await self._repo.save(StoredPreference(0, 0, actor.user_id, key[0], key[1], enabled))

    async def sms_contact(self, actor: Actor) -> SmsContact:
        _require_client(actor)
        contact = await self._repo.sms_contact(actor.user_id)
        if contact is None:
            raise NotFound()
        return contact

    async def set_sms_consent(self, actor: Actor, consent: bool) -> SmsContact:
        """Store the time of consent (or withdraw it); consent needs a valid mobile number."""
        contact = await self.sms_contact(actor)
        if consent and not valid_phone(contact.phone):
            raise ValidationError.single("sms_consent", PHONE_NEEDED)
        if consent and contact.consent_at is not None:
            return contact  # the first consent's time is kept
        at = self._clock.now() if consent else None
        await self._repo.set_sms_consent(actor.user_id, at)
        return SmsContact(contact.phone, at)

    async def set_my_phone(self, actor: Actor, phone: str) -> SmsContact:
        """The client's own mobile number, normalised to +48 and 9 digits; an empty one
        removes the number and, as SMS needs it, withdraws the consent. A new valid number
        keeps the consent: it was given by the person, not for one number."""
        contact = await self.sms_contact(actor)
        number = normalize_phone(phone) if phone.strip() else ""
        consent_at = contact.consent_at if number else None
        await self._repo.set_phone(actor.user_id, number, consent_at)
        return SmsContact(number, consent_at)


def _admin_office(actor: Actor) -> int:
    require(actor, Action.MANAGE_OFFICE_SETTINGS)
    if actor.office_id is None:
        raise NotFound()
    return actor.office_id


def _require_client(actor: Actor) -> None:
    if not actor.is_client:
        raise PermissionDenied()
