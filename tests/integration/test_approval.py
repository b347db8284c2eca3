"""Approval and sending: manual, on every sync, on a schedule; what clients see; the e-mail."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest

from bootstrap import Services
from domain.actors import Actor, ClientRole, Membership
from domain.clock import FixedClock
from domain.entries.approval import ApprovalMode, ApprovalRule, DataType
from domain.entries.model import TaxValues, ZusValues
from domain.errors import NotFound, ValidationError
from persistence.models import ClientUser, Entry, Notification, OutboxEmail
from persistence.models import Membership as MembershipRow
from tests.support.companies import NIP_A1, NIP_A2, World
from tests.support.smtp import SmtpServer
from tests.support.sync import api_client, batch, push, tax, zus

ZUS_FORM = {"period": "2026-10", "social": "1000", "health": "400", "labour_fund": "100"}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 2, 7, 0, tzinfo=UTC))


@pytest.fixture
async def client(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(services) as http:
        yield http


async def sync(
    services: Services, client: httpx.AsyncClient, world: World, **sections: list
) -> None:
    token = (await services.sync_tokens.create(world.admin, "t")).token
    response = await push(client, token, batch(**sections))
    assert response.status_code == 202
    await services.jobs.idle()
    await services.jobs.idle()  # notification jobs queued by the ingestion, then e-mails


async def client_sees(
    services: Services, actor: Actor, company_id: int, data_type: DataType
) -> list:
    return [
        values
        for _, values in await services.entries.visible_to_client(actor, company_id, data_type)
    ]


# --- manual ---------------------------------------------------------------------------------


async def test_manual_approval_hides_entries_until_sent(
    services: Services, client: httpx.AsyncClient, world: World, smtp: SmtpServer
) -> None:
    await sync(services, client, world, zus=[zus(NIP_A1)], taxes=[tax(NIP_A1)])
    assert await client_sees(services, world.client_a, world.a1, DataType.ZUS) == []
    groups = await services.approval.queue(world.admin)
    assert [(g.period, g.data_type, g.count) for g in groups] == [
        ("2026-10", DataType.ZUS, 1),
        ("2026-10", DataType.TAXES, 1),
    ]
    assert await services.approval.waiting_total(world.admin) == 2
    assert await services.approval.waiting_total(world.admin_b) == 0
    sent = await services.approval.send_group(world.admin, "2026-10", DataType.ZUS)
    assert sent == 1
    assert await services.approval.waiting_total(world.admin) == 1
    [visible] = await client_sees(services, world.client_a, world.a1, DataType.ZUS)
    assert isinstance(visible, ZusValues) and str(visible.total) == "1500.00"
    assert await client_sees(services, world.client_a, world.a1, DataType.TAXES) == []
    [entry] = await Entry.filter(data_type="zus")
    assert entry.sent_by_name == world.admin.name and entry.sent_by_id == world.admin.user_id
    assert await services.approval.send(world.admin, [entry.id]) == 0  # already sent: no-op
    with pytest.raises(ValidationError):
        await services.approval.send(world.admin, [])


async def test_restricted_employee_cannot_send_other_companies(
    services: Services, world: World
) -> None:
    a2_entry = await services.entries.add(
        world.admin, world.a2, DataType.ZUS, {**ZUS_FORM, "total": "1500"}
    )
    assert [g.count for g in await services.approval.queue(world.restricted)] == []
    with pytest.raises(NotFound):
        await services.approval.send(world.restricted, [a2_entry])
    with pytest.raises(NotFound):
        await services.approval.send(world.admin_b, [a2_entry])
    assert await Entry.filter(id=a2_entry, waiting=True).exists()


# --- the e-mail -----------------------------------------------------------------------------


async def test_sending_emails_the_client_amount_due_date_account_and_title(
    services: Services, client: httpx.AsyncClient, world: World, smtp: SmtpServer
) -> None:
    await sync(services, client, world, taxes=[tax(NIP_A1, "vat", "2026-10", "2300.00")])
    [group] = await services.approval.queue(world.admin)
    await services.approval.send_group(world.admin, group.period, group.data_type)
    await services.jobs.idle()
    await services.jobs.idle()
    [message] = smtp.inbox.messages
    assert message["To"] == "klient@a.test"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "VAT 2026-10: 2\u00a0300,00 zł" in text
    assert "termin: 25.11.2026" in text
    # The tax micro-account of NIP 5261040828 and the VAT-7 title with the period.
    assert "rachunek: 16 1010 0071 2222 5261 0408 2800" in text
    assert "tytuł przelewu:" in text and "26M10" in text and "VAT-7" in text
    # The same news in the client's bell, leading to Płatności.
    [bell] = await Notification.filter(recipient_kind="client").values()
    assert (bell["recipient_id"], bell["event_type"]) == (world.client_a.user_id, "tax_sent")
    assert bell["link"] == "/klient/platnosci" and "VAT 2026-10" in bell["body"]


async def test_no_email_for_an_inactive_company_or_without_the_email_flag(
    services: Services, world: World, smtp: SmtpServer
) -> None:
    await services.companies.set_status(world.admin, world.a1, False)
    entry_id = await services.entries.add(
        world.admin, world.a1, DataType.ZUS, {**ZUS_FORM, "total": "1500"}
    )
    assert await services.approval.send(world.admin, [entry_id]) == 1
    await services.jobs.idle()
    await services.jobs.idle()
    assert smtp.inbox.messages == []
    await services.companies.set_status(world.admin, world.a1, True)
    await MembershipRow.filter(company_id=world.a1).update(use_email=False)
    tax_id = await services.entries.add(
        world.admin, world.a1, DataType.TAXES, {"kind": "cit", "period": "2026-10", "amount": "10"}
    )
    await services.approval.send(world.admin, [tax_id])
    await services.jobs.idle()
    await services.jobs.idle()
    assert smtp.inbox.messages == []
    assert await OutboxEmail.all().count() == 0
    # Without the e-mail flag the bell still rings; the inactive company's ZUS rang nothing.
    bells = await Notification.filter(recipient_kind="client").values_list("event_type", flat=True)
    assert bells == ["tax_sent"]


# --- on every sync --------------------------------------------------------------------------


async def test_on_sync_rule_sends_at_once_and_notifies(
    services: Services, client: httpx.AsyncClient, world: World, smtp: SmtpServer
) -> None:
    await services.approval.save_rule(world.admin, DataType.ZUS, ApprovalRule(ApprovalMode.ON_SYNC))
    await sync(services, client, world, zus=[zus(NIP_A1)], taxes=[tax(NIP_A1)])
    [visible] = await client_sees(services, world.client_a, world.a1, DataType.ZUS)
    assert str(visible.total) == "1500.00"
    assert await client_sees(services, world.client_a, world.a1, DataType.TAXES) == []
    [entry] = await Entry.filter(data_type="zus")
    assert not entry.waiting and entry.sent_by_name == "" and entry.sent_by_id is None
    [message] = smtp.inbox.messages
    assert "Składki ZUS 2026-10: 1\u00a0500,00 zł" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


async def test_a_sent_item_changed_by_a_later_sync_waits_and_client_keeps_old_value(
    services: Services, client: httpx.AsyncClient, world: World
) -> None:
    await sync(services, client, world, taxes=[tax(NIP_A1, amount="2300.00")])
    [entry] = await Entry.all()
    await services.approval.send(world.admin, [entry.id])
    await sync(services, client, world, taxes=[tax(NIP_A1, amount="2450.00")])
    [visible] = await client_sees(services, world.client_a, world.a1, DataType.TAXES)
    assert isinstance(visible, TaxValues) and str(visible.amount) == "2300.00"
    [group] = await services.approval.queue(world.admin)
    [item] = group.items
    assert item.entry.sent_values is not None and str(item.entry.values.amount) == "2450.00"  # type: ignore[union-attr]
    await services.approval.send(world.admin, [entry.id])
    [visible] = await client_sees(services, world.client_a, world.a1, DataType.TAXES)
    assert str(visible.amount) == "2450.00"  # type: ignore[union-attr]
    # The same values again: unchanged, nothing waits.
    await sync(services, client, world, taxes=[tax(NIP_A1, amount="2450.00")])
    assert await services.approval.queue(world.admin) == []


async def test_on_sync_rule_sends_a_change_to_a_sent_item_too(
    services: Services, client: httpx.AsyncClient, world: World
) -> None:
    await services.approval.save_rule(
        world.admin, DataType.TAXES, ApprovalRule(ApprovalMode.ON_SYNC)
    )
    await sync(services, client, world, taxes=[tax(NIP_A2, amount="100.00")])
    await sync(services, client, world, taxes=[tax(NIP_A2, amount="120.00")])
    [entry] = await Entry.all()
    assert not entry.waiting and '"amount":"120.00"' in (entry.sent_json or "")


# --- scheduled ------------------------------------------------------------------------------


async def test_scheduled_rule_sends_once_when_its_slot_comes(
    services: Services, world: World, clock: FixedClock
) -> None:
    # 2026-11-02 07:00 UTC is 08:00 in Warsaw; the rule says the 3rd at 10:00 Warsaw time.
    rule = ApprovalRule(ApprovalMode.SCHEDULED, day_of_month=3, hour=10)
    await services.approval.save_rule(world.admin, DataType.ZUS, rule)
    entry_id = await services.entries.add(
        world.admin, world.a1, DataType.ZUS, {**ZUS_FORM, "total": "1500"}
    )
    tax_id = await services.entries.add(
        world.admin, world.a1, DataType.TAXES, {"kind": "cit", "period": "2026-10", "amount": "10"}
    )
    assert await services.approval.run_scheduled() == 0
    clock.advance(days=1, hours=1, minutes=59)  # 3 Nov 09:59 Warsaw
    assert await services.approval.run_scheduled() == 0
    clock.advance(minutes=2)
    assert await services.approval.run_scheduled() == 1
    assert await services.approval.run_scheduled() == 0  # this month's run is done
    assert not await Entry.filter(id=entry_id, waiting=True).exists()
    assert await Entry.filter(id=tax_id, waiting=True).exists()  # taxes are manual
    second = await services.entries.add(
        world.admin, world.a1, DataType.ZUS, {**ZUS_FORM, "period": "2026-11", "total": "1500"}
    )
    clock.advance(days=30)  # 3 Dec 10:01
    assert await services.approval.run_scheduled() == 1
    assert not await Entry.filter(id=second, waiting=True).exists()


async def test_rule_validation_and_admin_only(services: Services, world: World) -> None:
    with pytest.raises(ValidationError) as error:
        ApprovalRule(ApprovalMode.SCHEDULED, day_of_month=31)
    assert "day_of_month" in error.value.errors
    with pytest.raises(Exception, match="uprawnie"):
        await services.approval.save_rule(world.employee, DataType.ZUS, ApprovalRule())
    rules = await services.approval.rules(world.admin)
    assert set(rules) == set(DataType) and all(
        r.mode is ApprovalMode.MANUAL for r in rules.values()
    )


# --- who sees what on the client side -------------------------------------------------------


async def test_wspolnik_sees_own_zus_and_the_company_taxes(
    services: Services, world: World
) -> None:
    partner = await ClientUser.create(email="anna@a.test", first_name="Anna", last_name="Nowak")
    await MembershipRow.create(client_user=partner, company_id=world.a1, role="wspolnik")
    actor = replace(
        world.client_a,
        user_id=partner.id,
        name="Anna Nowak",
        memberships=(Membership(world.a1, world.office_a, ClientRole.WSPOLNIK),),
    )
    ids = [
        await services.entries.add(
            world.admin, world.a1, DataType.ZUS, {**ZUS_FORM, "total": "1500"}
        ),
        await services.entries.add(
            world.admin,
            world.a1,
            DataType.ZUS,
            {**ZUS_FORM, "person": "anna  NOWAK", "total": "1500"},
        ),
        await services.entries.add(
            world.admin, world.a1, DataType.ZUS, {**ZUS_FORM, "person": "Jan Inny", "total": "1500"}
        ),
        await services.entries.add(
            world.admin,
            world.a1,
            DataType.TAXES,
            {"kind": "vat", "period": "2026-10", "amount": "5"},
        ),
        await services.entries.add(
            world.admin,
            world.a1,
            DataType.STATEMENTS,
            {"period": "2026-10", "revenue": "5", "costs": "1"},
        ),
    ]
    await services.approval.send(world.admin, ids)
    own = await client_sees(services, actor, world.a1, DataType.ZUS)
    assert [v.person for v in own] == ["anna NOWAK"]
    assert len(await client_sees(services, actor, world.a1, DataType.TAXES)) == 1
    assert len(await client_sees(services, actor, world.a1, DataType.STATEMENTS)) == 1
    assert len(await client_sees(services, world.client_a, world.a1, DataType.ZUS)) == 3
    with pytest.raises(NotFound):
        await services.entries.visible_to_client(world.client_b, world.a1, DataType.ZUS)
