"""Notification channels on a real database: ``channels_for`` for thousands of people in a fixed
number of queries, and the "sent" notifications and payment reminders going through the one
dispatcher (bell rows, e-mail to a real SMTP server, SMS handed to the SMS service)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from tortoise import connections

from bootstrap import Services
from domain.actors import Actor, ClientRole, Membership
from domain.channels import Channel, EventType, Recipient
from domain.clock import FixedClock
from domain.entries.approval import DataType
from domain.errors import PermissionDenied, ValidationError
from domain.notify_prefs import SmsContact
from persistence.models import AuditEvent, ClientUser, Company, Notification, Office, OutboxEmail
from persistence.models import Membership as MembershipRow
from tests.support.companies import World
from tests.support.fakes import RecordingSms
from tests.support.smtp import SmtpServer

ZUS = {"social": "1000", "health": "400", "labour_fund": "100", "total": "1500"}
VAT_OCTOBER = {"kind": "vat", "period": "2026-10", "amount": "2300"}  # due Wed 25.11.2026
PHONE = "+48601234567"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 18, 7, 0, tzinfo=UTC))


@pytest.fixture
def sms(services: Services) -> RecordingSms:
    recorder = RecordingSms()
    services.dispatcher.use_sms(recorder)
    return recorder


async def enable_sms(world: World, consent: bool = True) -> None:
    await Office.filter(id=world.office_a).update(sms_enabled=True)
    await ClientUser.filter(id=world.client_a.user_id).update(
        phone=PHONE, sms_consent_at=datetime(2026, 11, 1, tzinfo=UTC) if consent else None
    )


class QueryCounter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        connection = connections.get("default")
        for name in ("execute_query", "execute_query_dict", "execute_insert"):
            monkeypatch.setattr(connection, name, self._counted(getattr(connection, name)))

    def _counted(self, method: Any) -> Any:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await method(*args, **kwargs)

        return wrapper


async def many_people(office_id: int, companies: int) -> list[Recipient]:
    """``companies`` companies with two members each, inserted in bulk."""
    office = await Office.get(id=office_id)
    await Company.bulk_create(
        [
            Company(office=office, name=f"Firma {i}", identifier=f"{i:010d}")
            for i in range(companies)
        ]
    )
    company_ids = await Company.filter(name__startswith="Firma ").values_list("id", flat=True)
    await ClientUser.bulk_create(
        [
            ClientUser(email=f"osoba{i}@x.test", first_name="Osoba", last_name=str(i))
            for i in range(2 * companies)
        ]
    )
    users = (
        await ClientUser.filter(email__startswith="osoba")
        .order_by("id")
        .values_list("id", flat=True)
    )
    pairs = [(int(company_ids[i // 2]), int(user)) for i, user in enumerate(users)]
    await MembershipRow.bulk_create(
        [MembershipRow(company_id=c, client_user_id=u, role="firma") for c, u in pairs]
    )
    return [Recipient(u, c, f"osoba{u}@x.test", PHONE, True, u % 3 == 0, True) for c, u in pairs]


def client_actor(world: World, user_id: int, company_id: int) -> Actor:
    membership = Membership(company_id, world.office_a, ClientRole.FIRMA)
    return Actor(world.client_a.kind, user_id, memberships=(membership,), company_id=company_id)


async def test_channels_for_thousands_in_a_fixed_number_of_queries(
    services: Services, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = await many_people(world.office_a, 1500)
    prefs = services.channel_prefs
    await Office.filter(id=world.office_a).update(sms_enabled=True)
    event = EventType.NEW_MESSAGE
    await prefs.set_office_defaults(world.admin, {(event, Channel.SMS): True})
    [audit] = await AuditEvent.filter(kind="settings.changed").values("summary", "details")
    assert audit["details"] == {"after": {"new_message.sms": True}}
    await prefs.set_office_defaults(world.admin, {(event, Channel.SMS): True})  # no change
    assert await AuditEvent.filter(kind="settings.changed").count() == 1
    overridden = people[0].company_id
    await prefs.set_company_override(world.admin, overridden, (event, Channel.EMAIL), False)
    chooser = people[-1]
    actor = client_actor(world, chooser.client_user_id, chooser.company_id)
    await prefs.set_my_choice(actor, (event, Channel.PORTAL), False)
    await prefs.set_my_choice(client_actor(world, 999_999, 1), (event, Channel.PORTAL), False)

    counter = QueryCounter(monkeypatch)
    few = await prefs.channels_for(world.office_a, event, people[:3])
    queries_for_three = counter.count
    found = await prefs.channels_for(world.office_a, event, people)
    assert 1 <= queries_for_three <= 3
    assert counter.count - queries_for_three == queries_for_three
    assert len(found) == len(people) == 3000 and len(few) == 3

    def channels_of(person: Recipient) -> frozenset[Channel]:
        return found[(person.company_id, person.client_user_id)]

    texted = {p.client_user_id for p in people if Channel.SMS in channels_of(p)}
    assert texted == {p.client_user_id for p in people if p.sms_consent}
    assert Channel.EMAIL not in channels_of(people[0]) and Channel.EMAIL in channels_of(people[2])
    assert Channel.PORTAL not in channels_of(chooser)
    assert Channel.PORTAL in channels_of(people[-2])


async def test_sent_items_reach_the_bell_the_mailbox_and_the_phone(
    services: Services, world: World, smtp: SmtpServer, sms: RecordingSms
) -> None:
    await enable_sms(world)
    await services.channel_prefs.set_company_override(
        world.admin, world.a1, (EventType.TAX_SENT, Channel.SMS), True
    )
    entry = await services.entries.add(world.admin, world.a1, DataType.TAXES, VAT_OCTOBER)
    await services.approval.send(world.admin, [entry])
    await services.jobs.idle()
    await services.jobs.idle()
    [row] = await Notification.filter(recipient_kind="client").values()
    assert row["recipient_id"] == world.client_a.user_id and row["event_type"] == "tax_sent"
    assert row["link"] == "/klient/platnosci" and "Alfa Sp. z o.o." in row["title"]
    assert "VAT 2026-10" in row["body"]
    [mail] = smtp.inbox.messages
    assert mail["To"] == "klient@a.test"
    assert "VAT 2026-10" in mail.get_body(("plain",)).get_content()
    [(office_id, to, text, extra)] = sms.sent
    assert (office_id, to) == (world.office_a, PHONE) and "VAT 2026-10" in text
    assert extra == {"company_id": world.a1, "client_user_id": world.client_a.user_id,
                     "event": "tax_sent"}  # fmt: skip
    assert await services.notifications.unread_count(world.client_a) == 1


async def test_the_users_own_choice_turns_the_email_off_but_keeps_the_bell(
    services: Services, world: World, smtp: SmtpServer, sms: RecordingSms
) -> None:
    await enable_sms(world, consent=False)
    await services.channel_prefs.set_my_choice(
        world.client_a, (EventType.ZUS_SENT, Channel.EMAIL), False
    )
    await services.channel_prefs.set_my_choice(
        world.client_a, (EventType.ZUS_SENT, Channel.SMS), True
    )
    zus = await services.entries.add(
        world.admin, world.a1, DataType.ZUS, {**ZUS, "period": "2026-10"}
    )
    tax = await services.entries.add(world.admin, world.a1, DataType.TAXES, VAT_OCTOBER)
    await services.approval.send(world.admin, [zus, tax])
    await services.jobs.idle()
    await services.jobs.idle()
    # The e-mail carries only the tax (ZUS by e-mail is off); the bell both; no consent, no SMS.
    [mail] = smtp.inbox.messages
    body = mail.get_body(("plain",)).get_content()
    assert "VAT 2026-10" in body and "Składki ZUS" not in body
    [bell] = await Notification.filter(recipient_kind="client").values("body")
    assert "VAT 2026-10" in bell["body"] and "Składki ZUS" in bell["body"]
    assert sms.sent == []


async def test_reminders_go_to_the_bell_even_without_the_email_flag(
    services: Services, world: World, smtp: SmtpServer, clock: FixedClock, sms: RecordingSms
) -> None:
    await enable_sms(world)
    await services.channel_prefs.set_office_defaults(
        world.admin, {(EventType.PAYMENT_REMINDER, Channel.SMS): True}
    )
    entry = await services.entries.add(world.admin, world.a1, DataType.TAXES, VAT_OCTOBER)
    await services.approval.send(world.admin, [entry])
    await services.jobs.idle()
    await MembershipRow.filter(company_id=world.a1).update(use_email=False)
    await Notification.all().delete()
    clock.current = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    assert await services.reminders.run() == 0  # no e-mail queued
    await services.jobs.idle()
    [row] = await Notification.filter(recipient_kind="client").values()
    assert row["event_type"] == "payment_reminder" and row["link"] == "/klient/platnosci"
    assert row["title"] == "Płatność do 25.11.2026: Alfa Sp. z o.o."
    assert await OutboxEmail.filter(template="payment_reminder").count() == 0
    [(_office, to, text, extra)] = sms.sent
    assert to == PHONE and "termin 25.11.2026" in text and extra["event"] == "payment_reminder"
    # The office's log names the channels it went out on (e-mail is off for this person).
    [logged] = await services.reminders.log(world.admin, world.a1)
    assert logged.channels == frozenset({Channel.PORTAL, Channel.SMS})
    # The same day again: claimed once, nothing repeated on any channel.
    assert await services.reminders.run() == 0
    assert await Notification.filter(recipient_kind="client").count() == 1
    assert len(sms.sent) == 1


async def test_a_client_changes_their_own_number_and_an_empty_one_withdraws_consent(
    services: Services, world: World
) -> None:
    await enable_sms(world)
    prefs = services.channel_prefs
    with pytest.raises(ValidationError) as refused:
        await prefs.set_my_phone(world.client_a, "22 123 45 67")
    assert set(refused.value.errors) == {"phone"}
    assert (await ClientUser.get(id=world.client_a.user_id)).phone == PHONE  # nothing written
    changed = await prefs.set_my_phone(world.client_a, "0048 602 100 200")
    assert changed == SmsContact("+48602100200", datetime(2026, 11, 1, tzinfo=UTC))
    removed = await prefs.set_my_phone(world.client_a, "  ")
    assert removed == SmsContact("", None)
    row = await ClientUser.get(id=world.client_a.user_id)
    assert (row.phone, row.sms_consent_at) == ("", None)
    with pytest.raises(PermissionDenied):
        await prefs.set_my_phone(world.admin, "601 200 300")
