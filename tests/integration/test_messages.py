"""Office messages end to end on the real services: audiences and preview, bad input that
stores nothing, idempotent sends, delivery (portal, e-mail with the attachment intact over
SMTP), first-read receipts, authorization by id."""

from __future__ import annotations

import pytest

from bootstrap import Services
from domain.channels import Channel
from domain.clock import FixedClock
from domain.errors import NotFound, ValidationError
from domain.events import MessageProgress
from domain.identifiers import generate_valid_nip
from domain.messages import delivery as delivery_module
from domain.messages.model import (
    Audience,
    AudienceFilter,
    AudienceKind,
    Draft,
    NewAttachment,
)
from persistence.models import (
    Company,
    Message,
    MessageAttachment,
    MessageRecipient,
    Notification,
)
from tests.support.companies import World
from tests.support.messages import PDF, PNG, add_client, one, send
from tests.support.smtp import SmtpServer


async def nothing_stored() -> bool:
    return (
        await Message.all().count() == 0
        and await MessageRecipient.all().count() == 0
        and await MessageAttachment.all().count() == 0
    )


async def test_send_to_one_company_delivers_portal_and_email_with_attachment(
    services: Services, world: World, smtp: SmtpServer
) -> None:
    draft = Draft(
        "Dokumenty za listopad",
        "Prosimy o **faktury** do 5 grudnia.",
        one(world.a1),
        (NewAttachment("umowa.pdf", PDF),),
    )
    message_id = await send(services, world.admin, draft)
    summary = await services.messages.summary(world.admin, message_id)
    assert (summary.status, summary.recipients_total, summary.recipients_done) == ("sent", 1, 1)
    assert (summary.companies_total, summary.people_total, summary.people_read) == (1, 1, 0)
    [note] = await Notification.filter(recipient_kind="client").values("link", "event_type")
    assert note == {"link": f"/klient/wiadomosci/{message_id}", "event_type": "new_message"}
    [mail] = [m for m in smtp.inbox.messages if "Dokumenty za listopad" in str(m["Subject"])]
    assert mail["To"] == "klient@a.test"
    [part] = list(mail.iter_attachments())
    assert part.get_filename() == "umowa.pdf" and part.get_content() == PDF
    [receipt] = await services.messages.receipts(world.admin, message_id)
    assert receipt.channels == frozenset({Channel.PORTAL, Channel.EMAIL})
    assert (receipt.email_status, receipt.read_at, receipt.sms_status) == ("sent", None, None)
    [sent] = await services.messages.sent(world.admin)
    assert sent.id == message_id and sent.author_name == world.admin.name


async def test_audiences_and_preview(services: Services, world: World) -> None:
    await add_client(world.a1, "wspolnik@a.test", role="wspolnik")
    await add_client(world.a2, "klient2@a.test")
    await Company.filter(id=world.a2).update(tax_form="ryczalt", vat_period="quarterly")
    preview = await services.messages.preview(
        world.admin, Audience(AudienceKind.SELECTED, (world.a1, world.a2))
    )
    assert (preview.companies, preview.people) == (2, 3)
    assert preview.by_channel == {Channel.PORTAL: 3, Channel.EMAIL: 3, Channel.SMS: 0}
    assert [r.company_name for r in preview.rows] == ["Alfa Sp. z o.o.", "Beta Usługi"]
    assert len(preview.rows[0].people) == 2
    ryczalt = Audience(AudienceKind.FILTER, filter=AudienceFilter(tax_form="ryczalt"))
    assert (await services.messages.preview(world.admin, ryczalt)).companies == 1
    assigned = Audience(
        AudienceKind.FILTER, filter=AudienceFilter(staff_id=world.restricted.user_id)
    )
    assert [
        r.company_id for r in (await services.messages.preview(world.admin, assigned)).rows
    ] == [world.a1]
    await services.companies.set_status(world.admin, world.a2, False)
    everyone = Audience(AudienceKind.ALL_ACTIVE)
    assert (await services.messages.preview(world.admin, everyone)).companies == 1
    inactive = Audience(AudienceKind.FILTER, filter=AudienceFilter(active=False))
    [row] = (await services.messages.preview(world.admin, inactive)).rows
    assert row.people == [("Klient klient2", frozenset({Channel.EMAIL}))]  # e-mail only
    message_id = await send(services, world.admin, Draft("Do wszystkich", "Treść", everyone))
    assert await MessageRecipient.filter(message_id=message_id).count() == 2
    nobody = Audience(AudienceKind.FILTER, filter=AudienceFilter(tax_form="karta"))
    with pytest.raises(ValidationError) as raised:
        await services.messages.preview(world.admin, nobody)
    assert raised.value.errors == {"audience": "Żadna firma nie spełnia wybranych warunków."}
    with pytest.raises(NotFound):  # another office's company
        await services.messages.preview(world.admin, one(world.b1))


BAD_DRAFTS = [
    (("", "Treść", ()), "subject"),
    (("Temat", "   ", ()), "body"),
    (("Temat", "Treść", (NewAttachment("faktura.pdf", b"just text, not a PDF"),)), "attachments"),
    (("Temat", "Treść", (NewAttachment("zdjecie.pdf", PNG),)), "attachments"),
    (("Temat", "Treść", (NewAttachment("program.exe", b"MZ" + b"\0" * 200),)), "attachments"),
    (
        ("Temat", "Treść", (NewAttachment("duzy.pdf", PDF + b"\0" * (10 * 1024 * 1024)),)),
        "attachments",
    ),
    (
        (
            "Temat",
            "Treść",
            tuple(NewAttachment(f"{n}.pdf", PDF + b"\0" * (9 * 1024 * 1024)) for n in range(3)),
        ),
        "attachments",
    ),
]


async def test_bad_input_stores_nothing(services: Services, world: World) -> None:
    for (subject, body, attachments), field in BAD_DRAFTS:
        with pytest.raises(ValidationError) as raised:
            draft = Draft(subject, body, one(world.a1), attachments)
            await services.messages.send(world.admin, draft)
        assert field in raised.value.errors
    assert await nothing_stored()


async def test_lying_attachment_and_filter_matching_nobody_have_clear_messages(
    services: Services, world: World
) -> None:
    lying = Draft("T", "B", one(world.a1), (NewAttachment("faktura.pdf", b"hello"),))
    with pytest.raises(ValidationError) as raised:
        await services.messages.send(world.admin, lying)
    assert raised.value.errors == {
        "attachments": "Plik faktura.pdf nie jest tym, za co się podaje."
    }
    nobody = Audience(AudienceKind.FILTER, filter=AudienceFilter(vat_period="none"))
    with pytest.raises(ValidationError) as raised:
        await services.messages.send(world.admin, Draft("T", "B", nobody))
    assert raised.value.errors == {"audience": "Żadna firma nie spełnia wybranych warunków."}
    with pytest.raises(ValidationError) as raised:  # a company without portal users
        await services.messages.send(world.admin, Draft("T", "B", one(world.a2)))
    assert "audience" in raised.value.errors
    assert await nothing_stored()


async def test_a_retried_send_with_the_same_key_sends_once(
    services: Services, world: World
) -> None:
    draft = Draft("Raz", "Tylko raz", one(world.a1), (), idempotency_key="form-1")
    first = await send(services, world.admin, draft)
    assert await send(services, world.admin, draft) == first
    assert await Message.all().count() == 1
    assert await Notification.filter(recipient_kind="client").count() == 1
    other = await send(
        services, world.admin, Draft("Raz", "Tylko raz", one(world.a1), (), "form-2")
    )
    assert other != first


async def test_first_read_is_kept_and_counted(
    services: Services, world: World, clock: FixedClock
) -> None:
    second = await add_client(world.a1, "drugi@a.test")
    message_id = await send(services, world.admin, Draft("Odczyt", "Treść", one(world.a1)))
    assert await services.messages.unread_count(world.client_a) == 1
    [view] = await services.messages.thread(world.client_a, message_id)
    assert view.body_html.startswith("<p>Treść")
    first_read = clock.now()
    clock.advance(hours=5)
    await services.messages.thread(world.client_a, message_id)
    receipts = {r.user_id: r for r in await services.messages.receipts(world.admin, message_id)}
    assert receipts[world.client_a.user_id].read_at == first_read
    assert receipts[second.user_id].read_at is None
    summary = await services.messages.summary(world.admin, message_id)
    assert (summary.companies_read, summary.people_read, summary.people_total) == (1, 1, 2)
    assert await services.messages.unread_count(world.client_a) == 0
    [item] = await services.messages.client_list(world.client_a)
    assert (item.thread_id, item.unread, item.posts) == (message_id, False, 1)


async def test_opening_a_thread_reads_its_bell_notifications_only(
    services: Services, world: World
) -> None:
    first = await send(services, world.admin, Draft("Pierwsza", "Treść", one(world.a1)))
    second = await send(services, world.admin, Draft("Druga", "Treść", one(world.a1)))
    assert await services.notifications.unread_count(world.client_a) == 2
    await services.messages.thread(world.client_a, first)
    assert await services.notifications.unread_count(world.client_a) == 1
    [unread] = [n for n in await services.notifications.recent(world.client_a) if not n.read]
    assert unread.link == f"/klient/wiadomosci/{second}"
    # The office opening the same thread leaves the client's bell alone.
    await services.messages.thread(world.admin, second)
    assert await services.notifications.unread_count(world.client_a) == 1


async def test_a_client_cannot_read_another_companys_message_or_attachment(
    services: Services, world: World
) -> None:
    draft = Draft("Tajne", "Dla Alfy", one(world.a1), (NewAttachment("a.pdf", PDF),))
    message_id = await send(services, world.admin, draft)
    [view] = await services.messages.thread(world.client_a, message_id)
    attachment_id = view.attachments[0].id
    assert await services.messages.attachment(world.client_a, attachment_id) == (
        "a.pdf",
        "application/pdf",
        PDF,
    )
    for outsider in (world.client_b, world.admin_b):
        with pytest.raises(NotFound):
            await services.messages.thread(outsider, message_id)
        with pytest.raises(NotFound):
            await services.messages.attachment(outsider, attachment_id)
    neighbour = await add_client(world.a2, "sasiad@a.test", office_id=world.office_a)
    with pytest.raises(NotFound):
        await services.messages.thread(neighbour, message_id)
    with pytest.raises(NotFound):
        await services.messages.attachment(neighbour, attachment_id)
    assert await services.messages.client_list(neighbour) == []
    with pytest.raises(NotFound):
        await services.messages.receipts(world.admin_b, message_id)
    assert await MessageRecipient.filter(read_at__isnull=False).count() == 1


async def test_delivery_runs_in_chunks_with_live_progress(
    services: Services, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery_module, "CHUNK", 3)
    for n in range(4):
        company = await Company.create(
            office_id=world.office_a, name=f"Firma {n}", identifier=generate_valid_nip(7000 + n)
        )
        await add_client(company.id, f"osoba{n}@a.test")
        await add_client(company.id, f"wspolnik{n}@a.test", role="wspolnik")
    progress: list[MessageProgress] = []
    unsubscribe = services.events.subscribe(
        lambda event: progress.append(event) if isinstance(event, MessageProgress) else None
    )
    try:
        message_id = await send(
            services, world.admin, Draft("Wszyscy", "x", Audience(AudienceKind.ALL_ACTIVE))
        )
    finally:
        unsubscribe()
    summary = await services.messages.summary(world.admin, message_id)
    assert (summary.status, summary.recipients_total, summary.recipients_done) == ("sent", 9, 9)
    assert [(p.done, p.total) for p in progress] == [(3, 9), (6, 9), (9, 9), (9, 9)]
    assert await Notification.filter(recipient_kind="client").count() == 9
    assert await MessageRecipient.filter(message_id=message_id, email_id__isnull=True).count() == 0
