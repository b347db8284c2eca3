"""Threads and receipts on the real services: a client writes to the office, the assigned
employee's inbox and unread counts, replies both ways, restricted employees, reminders of
unread messages, and the CSV / PDF proof."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from bootstrap import Services
from domain.channels import Channel, EventType
from domain.clock import FixedClock
from domain.errors import NotFound, PermissionDenied, ValidationError
from domain.messages.delivery import sms_text
from domain.messages.model import Audience, AudienceKind, Draft, NewAttachment
from domain.sms_settings import SmsSettingsForm
from persistence.models import ClientUser, MessageRecipient, Notification
from tests.support.companies import World
from tests.support.messages import PDF, PNG, add_client, one, send
from tests.support.pdf import pdf_text
from tests.support.sms_gateway import running_smsapi
from tests.support.smtp import SmtpServer


async def idle(services: Services) -> None:
    for _ in range(3):
        await services.jobs.idle()


async def test_client_thread_goes_to_the_assigned_employee_and_replies_come_back(
    services: Services, world: World, smtp: SmtpServer
) -> None:
    messages = services.messages
    png = PNG + b"\0" * 100
    thread_id = await messages.write_to_office(
        world.client_a, "Pytanie o VAT", "Czy mogę odliczyć?", (NewAttachment("skan.png", png),)
    )
    await idle(services)
    # The assigned employee is the default recipient; the admin sees the thread, unread 0.
    assert await messages.unread_count(world.restricted) == 1
    assert await messages.unread_count(world.admin) == 0
    [row] = await messages.inbox(world.restricted)
    assert (row.thread_id, row.company_id, row.subject, row.unread) == (
        thread_id,
        world.a1,
        "Pytanie o VAT",
        1,
    )
    assert [t.thread_id for t in await messages.inbox(world.admin)] == [thread_id]
    [note] = await Notification.filter(recipient_kind="staff").values("recipient_id", "link")
    assert note == {
        "recipient_id": world.restricted.user_id,
        "link": f"/biuro/wiadomosci/watek/{thread_id}",
    }
    [post] = await messages.thread(world.restricted, thread_id)
    assert post.author_kind == "client" and post.attachments[0].content_type == "image/png"
    assert await messages.unread_count(world.restricted) == 0
    assert (await messages.inbox(world.restricted))[0].unread == 0
    reply_id = await messages.reply(world.restricted, thread_id, "Tak, **można**.")
    await idle(services)
    [item] = await messages.client_list(world.client_a)
    assert (item.thread_id, item.unread, item.posts) == (thread_id, True, 2)
    assert await messages.unread_count(world.client_a) == 1
    reply_note = await Notification.get(recipient_kind="client")
    assert (reply_note.link, reply_note.event_type) == (f"/klient/wiadomosci/{thread_id}", "reply")
    [mail] = [m for m in smtp.inbox.messages if "Pytanie o VAT" in str(m["Subject"])]
    assert "odpowiedź" in str(mail["Subject"]) and mail["To"] == "klient@a.test"
    posts = await messages.thread(world.client_a, thread_id)
    assert [p.id for p in posts] == [thread_id, reply_id]
    assert "<strong>można</strong>" in posts[1].body_html
    assert await messages.unread_count(world.client_a) == 0
    await messages.reply(world.client_a, thread_id, "Dziękuję")
    await idle(services)
    assert await messages.unread_count(world.restricted) == 1


async def test_restricted_employee_sees_only_assigned_companies_threads(
    services: Services, world: World
) -> None:
    neighbour = await add_client(world.a2, "sasiad@a.test")
    thread_id = await services.messages.write_to_office(
        neighbour, "Z Bety", "Treść", (NewAttachment("a.pdf", PDF),)
    )
    await idle(services)
    posts = await services.messages.thread(world.admin, thread_id)
    attachment_id = posts[0].attachments[0].id
    assert await services.messages.inbox(world.restricted) == []
    assert await services.messages.unread_count(world.restricted) == 0
    with pytest.raises(NotFound):
        await services.messages.thread(world.restricted, thread_id)
    with pytest.raises(NotFound):
        await services.messages.attachment(world.restricted, attachment_id)
    with pytest.raises(NotFound):
        await services.messages.reply(world.restricted, thread_id, "Nie moja firma")
    with pytest.raises(NotFound):
        await services.messages.thread(world.client_a, thread_id)
    # The office restricts employees: with nobody assigned, the admins get the thread.
    recipients = await MessageRecipient.filter(message_id=thread_id).values_list(
        "user_id", flat=True
    )
    assert recipients == [world.admin.user_id]


async def test_remind_unread_once_a_day_after_n_days(
    services: Services, world: World, clock: FixedClock, smtp: SmtpServer
) -> None:
    neighbour = await add_client(world.a2, "sasiad@a.test")
    audience = Audience(AudienceKind.SELECTED, (world.a1, world.a2))
    message_id = await send(services, world.admin, Draft("Ważne", "Przeczytaj", audience))
    await services.messages.thread(world.client_a, message_id)
    assert await services.messages.remind_unread(world.admin, message_id) == 0  # too early
    clock.advance(days=3)
    assert await services.messages.remind_unread(world.admin, message_id) == 1
    assert await services.messages.remind_unread(world.admin, message_id) == 0  # same day
    await idle(services)
    reminders = [m for m in smtp.inbox.messages if "przypomnienie" in str(m["Subject"])]
    assert [m["To"] for m in reminders] == ["sasiad@a.test"]
    receipts = {r.user_id: r for r in await services.messages.receipts(world.admin, message_id)}
    assert receipts[neighbour.user_id].reminded_at == clock.now()
    assert receipts[world.client_a.user_id].reminded_at is None
    clock.advance(days=1)
    assert await services.messages.remind_unread(world.admin, message_id) == 1
    await idle(services)
    assert await services.messages.reminder_days(world.employee) == 3
    assert await services.messages.set_reminder_days(world.admin, 7) == 7
    assert await services.messages.reminder_days(world.admin) == 7
    with pytest.raises(PermissionDenied):
        await services.messages.set_reminder_days(world.employee, 5)
    with pytest.raises(ValidationError):
        await services.messages.set_reminder_days(world.admin, 0)


async def test_receipts_export_as_csv_and_pdf(
    services: Services, world: World, clock: FixedClock
) -> None:
    await add_client(world.a2, "sasiad@a.test")
    audience = Audience(AudienceKind.SELECTED, (world.a1, world.a2))
    draft = Draft("Umowa na 2027", "W załączniku.", audience, (NewAttachment("umowa.pdf", PDF),))
    message_id = await send(services, world.admin, draft)
    await services.messages.thread(world.client_a, message_id)
    csv_text = (await services.messages.receipts_csv(world.admin, message_id)).decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0] == "Firma;NIP;Osoba;Kanały;Przeczytano"
    assert (
        lines[1]
        == "Alfa Sp. z o.o.;5261040828;Klient klient;portal, e-mail;2026-11-27T10:00:00+01:00"
    )
    assert lines[2].startswith("Beta Usługi;") and lines[2].endswith(";portal, e-mail;")
    text = pdf_text(await services.messages.receipts_pdf(world.admin, message_id))
    for expected in (
        "Potwierdzenie doręczenia i odczytu",
        "Umowa na 2027",
        "Biuro Testowe A",
        "umowa.pdf",
        hashlib.sha256(PDF).hexdigest(),
        "Przeczytało 1 z 2 osób w 1 z 2 firm",
        "Alfa Sp. z o.o.",
        "27.11.2026 10:00:00",
        "Wygenerowano 27.11.2026 10:00",
    ):
        assert expected in text, expected
    with pytest.raises(NotFound):
        await services.messages.receipts_pdf(world.restricted, message_id)
    assert await services.messages.sent(world.restricted) == []
    one_id = await send(services, world.admin, Draft("Tylko Alfa", "x", one(world.a1)))
    assert [m.id for m in await services.messages.sent(world.restricted)] == [one_id]


async def test_sms_channel_sends_a_short_notice_and_reports_its_status(
    services: Services, world: World
) -> None:
    await ClientUser.filter(id=world.client_a.user_id).update(
        phone="+48600100200", sms_consent_at=datetime(2026, 11, 1, tzinfo=UTC)
    )
    with running_smsapi() as fake:
        fake.answer_sent("48600100200")
        form = SmsSettingsForm(enabled=True, base_url=fake.base_url, token="t0ken", sender="Biurko")
        await services.sms_settings.update(world.admin, form)
        await services.channel_prefs.set_office_defaults(
            world.admin, {(EventType.NEW_MESSAGE, Channel.SMS): True}
        )
        message_id = await send(services, world.admin, Draft("Nowe stawki", "Treść", one(world.a1)))
        [receipt] = await services.messages.receipts(world.admin, message_id)
        assert Channel.SMS in receipt.channels and receipt.sms_status == "sent"
        [request] = fake.requests
        # The office's "zamieniaj polskie znaki" is on by default: the notice goes as GSM-7.
        assert request.form["message"] == [
            "Nowa wiadomosc od Biuro Testowe A: Nowe stawki. Zaloguj sie do Biurka."
        ]
        assert sms_text("Biuro Testowe A", "Nowe stawki").startswith("Nowa wiadomość od")
