"""Payment reminders: N days before and on the due day, once per entry, user and day, only to
those who see the item and want e-mails, never for paid, superseded or inactive companies'
items; the office's setting and the log on the company page."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from bootstrap import Services
from domain.clock import FixedClock
from domain.entries.approval import DataType
from domain.errors import NotFound, PermissionDenied, ValidationError
from domain.portal.reminders import ReminderKind
from persistence.models import AuditEvent, ClientUser, Notification, OutboxEmail, Reminder
from persistence.models import Membership as MembershipRow
from tests.support.companies import World
from tests.support.smtp import SmtpServer

ZUS = {"social": "1000", "health": "400", "labour_fund": "100", "total": "1500"}
VAT_OCTOBER = {"kind": "vat", "period": "2026-10", "amount": "2300"}  # due Wed 25.11.2026


def warsaw(day: date, hour: int = 8) -> datetime:
    """``hour`` o'clock in Warsaw on ``day`` (November: UTC+1)."""
    return datetime(day.year, day.month, day.day, hour - 1, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(warsaw(date(2026, 11, 18)))


async def sent(
    services: Services, world: World, data_type: DataType, form: dict, company: int = 0
) -> int:
    entry_id = await services.entries.add(world.admin, company or world.a1, data_type, form)
    await services.approval.send(world.admin, [entry_id])
    return entry_id


async def run_on(services: Services, clock: FixedClock, moment: datetime) -> int:
    clock.current = moment
    queued = await services.reminders.run()
    await services.jobs.idle()
    await services.jobs.idle()
    return queued


async def reminders() -> list[tuple[int, int, date, str]]:
    rows = (
        await Reminder.all().order_by("id").values_list("entry_id", "client_user_id", "day", "kind")
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def reminder_mails(smtp: SmtpServer) -> list:
    subjects = ("przypomnienie o płatności", "dziś mija termin płatności")
    return [m for m in smtp.inbox.messages if any(s in str(m["Subject"]) for s in subjects)]


async def test_before_and_on_the_due_day_with_account_and_title(
    services: Services, world: World, clock: FixedClock, smtp: SmtpServer
) -> None:
    entry_id = await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    user = world.client_a.user_id
    assert await run_on(services, clock, warsaw(date(2026, 11, 21))) == 0  # four days before
    assert await run_on(services, clock, warsaw(date(2026, 11, 22))) == 1
    assert await reminders() == [(entry_id, user, date(2026, 11, 22), "before")]
    [mail] = reminder_mails(smtp)
    assert mail["To"] == "klient@a.test"
    assert mail["Subject"] == (
        "Biuro Testowe A: przypomnienie o płatności do 25.11.2026 (Alfa Sp. z o.o.)"
    )
    body = mail.get_body(("plain",)).get_content()
    assert "VAT za październik 2026" in body and "2\u00a0300,00\u00a0zł" in body
    assert "za 3 dni" in body and "16 1010 0071 2222 5261 0408 2800" in body
    assert "http://biurko.test/klient/platnosci" in body
    assert await run_on(services, clock, warsaw(date(2026, 11, 23))) == 0
    assert await run_on(services, clock, warsaw(date(2026, 11, 25), hour=9)) == 1
    assert [r[2:] for r in await reminders()] == [
        (date(2026, 11, 22), "before"),
        (date(2026, 11, 25), "due"),
    ]
    assert "dziś mija termin płatności" in str(reminder_mails(smtp)[-1]["Subject"])
    assert await run_on(services, clock, warsaw(date(2026, 11, 26))) == 0  # overdue: no more


async def test_a_second_run_and_concurrent_runs_send_once(
    services: Services, world: World, clock: FixedClock, smtp: SmtpServer
) -> None:
    await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    clock.current = warsaw(date(2026, 11, 22))
    results = await asyncio.gather(services.reminders.run(), services.reminders.run())
    assert sorted(results) == [0, 1]
    assert await run_on(services, clock, warsaw(date(2026, 11, 22), hour=20)) == 0
    assert len(await reminders()) == 1
    assert await OutboxEmail.filter(template="payment_reminder").count() == 1
    assert len(reminder_mails(smtp)) == 1


async def test_nothing_before_seven_but_a_missed_slot_is_caught_up_that_day(
    services: Services, world: World, clock: FixedClock
) -> None:
    await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    assert await run_on(services, clock, warsaw(date(2026, 11, 22), hour=6)) == 0
    assert await run_on(services, clock, warsaw(date(2026, 11, 22), hour=16)) == 1


async def test_a_weekend_due_date_is_reminded_by_the_moved_date(
    services: Services, world: World, clock: FixedClock
) -> None:
    # VAT for September 2026 is due on Sunday 25.10.2026, so on Monday 26.10.
    clock.current = warsaw(date(2026, 10, 20))
    entry_id = await sent(services, world, DataType.TAXES, {**VAT_OCTOBER, "period": "2026-09"})
    october = datetime(2026, 10, 22, 6, 0, tzinfo=UTC)  # 08:00 Warsaw (summer time)
    assert await run_on(services, clock, october) == 0  # three days before the 25th
    assert await run_on(services, clock, october.replace(day=23)) == 1
    assert await run_on(services, clock, october.replace(day=25)) == 0
    assert await run_on(services, clock, october.replace(day=26)) == 1
    assert [r[0] for r in await reminders()] == [entry_id, entry_id]


async def test_paid_superseded_and_foreign_items_are_not_reminded(
    services: Services, world: World, clock: FixedClock
) -> None:
    paid = await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    await services.portal.mark_paid(world.client_a, world.a1, paid, date(2026, 11, 18))
    # A correction replaces its declaration: only the correction is to be paid.
    await sent(
        services, world, DataType.ZUS, {**ZUS, "period": "2026-10", "due_date": "2026-11-25"}
    )
    correction = await sent(
        services,
        world,
        DataType.ZUS,
        {**ZUS, "period": "2026-10", "settlement": "K", "total": "1600", "due_date": "2026-11-25"},
    )
    waiting = await services.entries.add(
        world.admin, world.a1, DataType.TAXES, {**VAT_OCTOBER, "kind": "cit"}
    )
    assert await run_on(services, clock, warsaw(date(2026, 11, 22))) == 1
    assert [r[0] for r in await reminders()] == [correction]
    assert waiting not in [r[0] for r in await reminders()]


async def test_inactive_and_deleted_companies_get_nothing(
    services: Services, world: World, clock: FixedClock
) -> None:
    await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    await sent(services, world, DataType.TAXES, VAT_OCTOBER, company=world.a2)
    await services.companies.set_status(world.admin, world.a1, False)
    await services.companies.delete(world.admin, world.a2, "Beta Usługi")
    assert await run_on(services, clock, warsaw(date(2026, 11, 22))) == 0
    assert await reminders() == []


async def test_wspolnik_gets_only_own_zus_and_the_email_flag_is_respected(
    services: Services, world: World, clock: FixedClock, smtp: SmtpServer
) -> None:
    partner = await ClientUser.create(email="jan@a.test", first_name="Jan", last_name="Nowak")
    await MembershipRow.create(client_user=partner, company_id=world.a1, role="wspolnik")
    due = {"due_date": "2026-11-25", "period": "2026-10"}
    own = await sent(services, world, DataType.ZUS, {**ZUS, **due, "person": "Jan  Nowak"})
    other = await sent(services, world, DataType.ZUS, {**ZUS, **due, "person": "Ewa Kowalska"})
    assert await run_on(services, clock, warsaw(date(2026, 11, 22))) == 2
    got = {(entry, user) for entry, user, _day, _kind in await reminders()}
    assert got == {
        (own, partner.id),
        (own, world.client_a.user_id),
        (other, world.client_a.user_id),
    }
    [to_partner] = [m for m in reminder_mails(smtp) if m["To"] == "jan@a.test"]
    body = to_partner.get_body(("plain",)).get_content()
    assert "Jan  Nowak" in body or "Jan Nowak" in body
    assert "Ewa Kowalska" not in body
    # The e-mail channel off (or an inactive membership): nothing on the due day either.
    await MembershipRow.filter(client_user_id=partner.id).update(use_email=False)
    await MembershipRow.filter(client_user_id=world.client_a.user_id).update(active=False)
    assert await run_on(services, clock, warsaw(date(2026, 11, 25))) == 0


async def test_the_office_changes_n_and_the_change_is_audited(
    services: Services, world: World, clock: FixedClock
) -> None:
    assert await services.reminders.days(world.admin) == 3
    with pytest.raises(ValidationError) as error:
        await services.reminders.set_days(world.admin, 15)
    assert error.value.errors == {"reminder_days": "Podaj liczbę dni od 0 do 14."}
    with pytest.raises(ValidationError):
        await services.reminders.set_days(world.admin, -1)
    with pytest.raises(PermissionDenied):
        await services.reminders.set_days(world.employee, 5)
    assert await services.reminders.set_days(world.admin, 5) == 5
    assert await services.reminders.days(world.admin) == 5
    assert await services.reminders.days(world.admin_b) == 3  # another office keeps its own
    [audit] = await AuditEvent.filter(kind="settings.changed", office_id=world.office_a)
    assert audit.details == {"before": {"reminder_days": 3}, "after": {"reminder_days": 5}}
    entry_id = await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    assert await run_on(services, clock, warsaw(date(2026, 11, 22))) == 0  # three days: no more
    assert await run_on(services, clock, warsaw(date(2026, 11, 20))) == 1
    assert await reminders() == [
        (entry_id, world.client_a.user_id, date(2026, 11, 20), ReminderKind.BEFORE.value)
    ]
    await services.reminders.set_days(world.admin, 0)  # only on the due day
    assert await run_on(services, clock, warsaw(date(2026, 11, 25))) == 1


async def test_the_log_lists_what_was_sent_newest_first_to_those_who_see_the_company(
    services: Services, world: World, clock: FixedClock
) -> None:
    await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    await run_on(services, clock, warsaw(date(2026, 11, 22)))
    await run_on(services, clock, warsaw(date(2026, 11, 25)))
    log = await services.reminders.log(world.admin, world.a1)
    assert [(e.kind, e.day) for e in log] == [
        (ReminderKind.DUE, date(2026, 11, 25)),
        (ReminderKind.BEFORE, date(2026, 11, 22)),
    ]
    first = log[0]
    assert first.label == "VAT za październik 2026" and str(first.amount) == "2300.00"
    assert first.due_date == date(2026, 11, 25)
    assert first.user_email == "klient@a.test" and first.user_name == "Klient klient"
    assert await services.reminders.log(world.employee, world.a1) == log
    assert await services.reminders.log(world.admin, world.a2) == []
    for outsider in (world.admin_b, world.client_a):
        with pytest.raises(NotFound):
            await services.reminders.log(outsider, world.a1)
    with pytest.raises(NotFound):
        await services.reminders.log(world.restricted, world.a2)


async def test_the_job_is_registered_as_periodic_work(
    services: Services, world: World, clock: FixedClock
) -> None:
    periodic = {p.name: p for p in services.periodic}["send_payment_reminders"]
    assert periodic.every_seconds <= 600 and periodic.cron == {"minute": {5, 35}}
    await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    clock.current = warsaw(date(2026, 11, 22))
    await periodic.function()
    await periodic.function()
    # Let the queued e-mails go out before the services stop (no job in flight at teardown).
    await services.jobs.idle()
    await services.jobs.idle()
    assert len(await reminders()) == 1


async def test_the_reminder_also_rings_the_bell_and_the_client_can_turn_the_email_off(
    services: Services, world: World, clock: FixedClock, smtp: SmtpServer
) -> None:
    from domain.channels import Channel, EventType

    await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    await services.jobs.idle()  # the "sent" notification first, then only reminders
    await Notification.all().delete()
    assert await run_on(services, clock, warsaw(date(2026, 11, 22))) == 1
    [bell] = await Notification.filter(recipient_kind="client").values()
    assert bell["recipient_id"] == world.client_a.user_id
    assert (bell["event_type"], bell["link"]) == ("payment_reminder", "/klient/platnosci")
    assert "VAT za październik 2026" in bell["body"] and "za 3 dni" in bell["body"]
    await services.channel_prefs.set_my_choice(
        world.client_a, (EventType.PAYMENT_REMINDER, Channel.EMAIL), False
    )
    assert await run_on(services, clock, warsaw(date(2026, 11, 25))) == 0
    assert len(reminder_mails(smtp)) == 1
    assert await Notification.filter(recipient_kind="client").count() == 2
