"""Channel resolution: built-in and office defaults, company override, the user's own choice,
then the constraints (e-mail flag, phone, consent, SMS gateway, inactive company); and who may
change which layer. An in-memory repository stands in for the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.actors import Actor, ActorKind, ClientRole, Membership, StaffRole
from domain.channels import Channel, EventType, Recipient
from domain.clock import FixedClock
from domain.companies.model import ClientUserRow, CompanyHead
from domain.errors import NotFound, PermissionDenied, ValidationError
from domain.identifiers import IdentifierType
from domain.notify_layers import Key, Source, StoredPreference
from domain.notify_prefs import ChannelPreferenceService, SmsContact

OFFICE = 1
COMPANY = 11
OTHER_COMPANY = 12
USER = 101
ALL = frozenset(Channel)
PORTAL_EMAIL = frozenset({Channel.PORTAL, Channel.EMAIL})
ZUS = EventType.ZUS_SENT


class MemoryPrefs:
    def __init__(self) -> None:
        self.rows: dict[tuple[int, int, int, Key], bool] = {}
        self.sms_on = True
        self.contacts: dict[int, SmsContact] = {USER: SmsContact("", None)}
        self.queries = 0

    def _all(self) -> list[StoredPreference]:
        return [StoredPreference(o, c, u, k[0], k[1], v) for (o, c, u, k), v in self.rows.items()]

    async def office_rows(self, office_id: int, event: EventType | None) -> list[StoredPreference]:
        self.queries += 1
        return [
            r
            for r in self._all()
            if r.office_id == office_id and not r.client_user_id and event in (None, r.event)
        ]

    async def member_choices(self, office_id: int, event: EventType) -> list[StoredPreference]:
        self.queries += 1
        return [r for r in self._all() if r.client_user_id and r.event is event]

    async def user_rows(self, client_user_id: int) -> list[StoredPreference]:
        return [r for r in self._all() if r.client_user_id == client_user_id]

    async def save(self, row: StoredPreference) -> None:
        key = (row.event, row.channel)
        self.rows[(row.office_id, row.company_id, row.client_user_id, key)] = row.enabled

    async def remove(self, office_id: int, company_id: int, client_user_id: int, key: Key) -> None:
        self.rows.pop((office_id, company_id, client_user_id, key), None)

    async def sms_enabled(self, office_id: int) -> bool:
        self.queries += 1
        return self.sms_on

    async def members(self, company_id: int) -> list[tuple[ClientUserRow, bool]]:
        return []

    async def sms_contact(self, client_user_id: int) -> SmsContact | None:
        return self.contacts.get(client_user_id)

    async def set_sms_consent(self, client_user_id: int, at: datetime | None) -> None:
        self.contacts[client_user_id] = SmsContact(self.contacts[client_user_id].phone, at)


class Companies:
    async def head(
        self, office_id: int, company_id: int, include_deleted: bool = False
    ) -> CompanyHead | None:
        if office_id != OFFICE or company_id not in (COMPANY, OTHER_COMPANY):
            return None
        return CompanyHead(company_id, OFFICE, "Alfa", True, IdentifierType.NIP, "5261040828")


ADMIN = Actor(ActorKind.STAFF, 1, OFFICE, StaffRole.ADMIN)
EMPLOYEE = Actor(ActorKind.STAFF, 2, OFFICE, StaffRole.EMPLOYEE)
RESTRICTED = Actor(ActorKind.STAFF, 3, OFFICE, StaffRole.EMPLOYEE, restricted=True)
FOREIGN_ADMIN = Actor(ActorKind.STAFF, 4, 2, StaffRole.ADMIN)
CLIENT = Actor(
    ActorKind.CLIENT,
    USER,
    memberships=(Membership(COMPANY, OFFICE, ClientRole.FIRMA),),
    company_id=COMPANY,
)


def person(**changes: object) -> Recipient:
    values: dict[str, object] = {
        "client_user_id": USER,
        "company_id": COMPANY,
        "email": "klient@a.test",
        "phone": "+48601234567",
        "use_email": True,
        "sms_consent": True,
        "company_active": True,
    }
    values.update(changes)
    return Recipient(**values)  # type: ignore[arg-type]


@pytest.fixture
def repo() -> MemoryPrefs:
    return MemoryPrefs()


@pytest.fixture
def prefs(repo: MemoryPrefs) -> ChannelPreferenceService:
    clock = FixedClock(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    return ChannelPreferenceService(repo, Companies(), clock)  # type: ignore[arg-type]


async def channels(
    prefs: ChannelPreferenceService, who: Recipient, event: EventType = ZUS
) -> frozenset[Channel]:
    found = await prefs.channels_for(OFFICE, event, [who])
    return found[(who.company_id, who.client_user_id)]


async def test_built_in_defaults_are_portal_and_email(prefs: ChannelPreferenceService) -> None:
    assert await channels(prefs, person()) == PORTAL_EMAIL


async def test_office_default_then_company_override_then_the_users_choice(
    prefs: ChannelPreferenceService,
) -> None:
    await prefs.set_office_defaults(ADMIN, {(ZUS, Channel.SMS): True, (ZUS, Channel.EMAIL): False})
    assert await channels(prefs, person()) == {Channel.PORTAL, Channel.SMS}
    assert await channels(prefs, person(), EventType.TAX_SENT) == PORTAL_EMAIL
    await prefs.set_company_override(EMPLOYEE, COMPANY, (ZUS, Channel.EMAIL), True)
    assert await channels(prefs, person()) == ALL
    assert await channels(prefs, person(company_id=OTHER_COMPANY)) == {
        Channel.PORTAL,
        Channel.SMS,
    }
    await prefs.set_my_choice(CLIENT, (ZUS, Channel.PORTAL), False)
    await prefs.set_my_choice(CLIENT, (ZUS, Channel.SMS), False)
    assert await channels(prefs, person()) == {Channel.EMAIL}
    # The user's choice follows them into every company.
    assert await channels(prefs, person(company_id=OTHER_COMPANY)) == frozenset()
    await prefs.set_my_choice(CLIENT, (ZUS, Channel.SMS), None)
    await prefs.set_company_override(EMPLOYEE, COMPANY, (ZUS, Channel.EMAIL), None)
    assert await channels(prefs, person()) == {Channel.SMS}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"use_email": False}, {Channel.PORTAL, Channel.SMS}),
        ({"email": " "}, {Channel.PORTAL, Channel.SMS}),
        ({"phone": ""}, PORTAL_EMAIL),
        ({"phone": "+48221234567"}, PORTAL_EMAIL),  # a landline cannot get a text
        ({"sms_consent": False}, PORTAL_EMAIL),
        ({"company_active": False}, {Channel.EMAIL}),
        ({"company_active": False, "use_email": False}, set()),
    ],
)
async def test_constraints_no_setting_can_overrule(
    prefs: ChannelPreferenceService, changes: dict[str, object], expected: set[Channel]
) -> None:
    await prefs.set_office_defaults(ADMIN, {(ZUS, Channel.SMS): True})
    assert await channels(prefs, person()) == ALL
    assert await channels(prefs, person(**changes)) == expected


async def test_no_sms_when_the_office_has_no_gateway(
    prefs: ChannelPreferenceService, repo: MemoryPrefs
) -> None:
    await prefs.set_my_choice(CLIENT, (ZUS, Channel.SMS), True)
    assert await channels(prefs, person()) == ALL
    repo.sms_on = False
    assert await channels(prefs, person()) == PORTAL_EMAIL


async def test_a_fixed_number_of_queries_for_any_number_of_people(
    prefs: ChannelPreferenceService, repo: MemoryPrefs
) -> None:
    await prefs.channels_for(OFFICE, ZUS, [person()])
    one = repo.queries
    repo.queries = 0
    many = [person(client_user_id=i, company_id=1000 + i // 2) for i in range(5000)]
    found = await prefs.channels_for(OFFICE, ZUS, many)
    assert repo.queries == one
    assert len(found) == 5000 and set(found.values()) == {PORTAL_EMAIL}


async def test_who_may_change_which_layer(prefs: ChannelPreferenceService) -> None:
    with pytest.raises(PermissionDenied):
        await prefs.set_office_defaults(EMPLOYEE, {(ZUS, Channel.SMS): True})
    with pytest.raises(PermissionDenied):
        await prefs.office_defaults(CLIENT)
    with pytest.raises(NotFound):
        await prefs.company_overrides(FOREIGN_ADMIN, COMPANY)
    with pytest.raises(NotFound):
        await prefs.company_overrides(RESTRICTED, COMPANY)  # not assigned
    with pytest.raises(NotFound):
        await prefs.set_company_override(CLIENT, COMPANY, (ZUS, Channel.SMS), True)
    with pytest.raises(PermissionDenied):
        await prefs.set_my_choice(ADMIN, (ZUS, Channel.SMS), True)


async def test_cells_say_where_each_value_comes_from(prefs: ChannelPreferenceService) -> None:
    await prefs.set_office_defaults(ADMIN, {(ZUS, Channel.SMS): True})
    await prefs.set_company_override(ADMIN, COMPANY, (ZUS, Channel.EMAIL), False)
    await prefs.set_my_choice(CLIENT, (ZUS, Channel.PORTAL), False)
    office = {(c.event, c.channel): c for c in await prefs.office_defaults(ADMIN)}
    assert office[(ZUS, Channel.SMS)].source is Source.OFFICE
    assert office[(ZUS, Channel.EMAIL)].source is Source.BUILTIN
    company = {(c.event, c.channel): c for c in await prefs.company_overrides(ADMIN, COMPANY)}
    assert company[(ZUS, Channel.EMAIL)].source is Source.COMPANY
    assert not company[(ZUS, Channel.EMAIL)].enabled
    assert company[(ZUS, Channel.SMS)].source is Source.OFFICE
    mine = {(c.event, c.channel): c for c in await prefs.my_choices(CLIENT)}
    assert mine[(ZUS, Channel.PORTAL)].source is Source.USER
    assert mine[(ZUS, Channel.EMAIL)].source is Source.COMPANY
    assert mine[(ZUS, Channel.SMS)] == office[(ZUS, Channel.SMS)]


async def test_sms_consent_needs_a_phone_and_keeps_the_first_time(
    prefs: ChannelPreferenceService, repo: MemoryPrefs
) -> None:
    with pytest.raises(ValidationError) as error:
        await prefs.set_sms_consent(CLIENT, True)
    assert "numer telefonu" in error.value.errors["sms_consent"]
    repo.contacts[USER] = SmsContact("+48601234567", None)
    given = await prefs.set_sms_consent(CLIENT, True)
    assert given.consent_at == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert (await prefs.set_sms_consent(CLIENT, True)).consent_at == given.consent_at
    assert (await prefs.set_sms_consent(CLIENT, False)).consent_at is None
    assert (await prefs.sms_contact(CLIENT)).consent_at is None
    with pytest.raises(PermissionDenied):
        await prefs.set_sms_consent(ADMIN, True)
