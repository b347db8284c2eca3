"""The outbox delivered by the job to a real SMTP server (aiosmtpd): success, outage, 550."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from domain.actors import ActorKind
from domain.events import DomainEvent, EmailAddressFailing
from persistence.models import (
    ClientUser,
    Company,
    FailingAddress,
    Job,
    Membership,
    Notification,
    OutboxEmail,
    StaffUser,
)
from tests.support.services import make_settings, running_services
from tests.support.smtp import SmtpServer


async def new_client(email: str) -> int:
    company = await Company.first()
    assert company is not None
    user = await ClientUser.create(email=email, first_name="Zofia", last_name="Żółć")
    await Membership.create(client_user=user, company=company, role="firma")
    return user.id


async def wait_for(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not await predicate():
            await asyncio.sleep(0.05)


async def test_activation_email_reaches_smtp_server_with_link(
    db_url: str, isolated_env: Path
) -> None:
    server = SmtpServer()
    server.start()
    try:
        settings = make_settings(isolated_env, db_url, smtp_host="127.0.0.1", smtp_port=server.port)
        async with running_services(settings) as services:
            user_id = await new_client("zofia@example.com")
            await services.auth.send_activation(ActorKind.CLIENT, user_id)
            await services.jobs.idle()
            row = await OutboxEmail.get(to_address="zofia@example.com")
            assert row.status == "sent" and row.tries == 1
        assert len(server.inbox.messages) == 1
        message = server.inbox.messages[0]
        assert message["To"] == "zofia@example.com"
        assert message["Subject"] == "Biuro Rachunkowe Demo: ustaw hasło do Biurka"
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert re.search(r"http://biurko\.test/haslo/ustaw\?token=[\w-]{40,}", text)
        assert "Ustaw hasło" in html and "Zofia" in text
    finally:
        server.stop()


async def test_server_down_then_up_retries_and_delivers(db_url: str, isolated_env: Path) -> None:
    server = SmtpServer()  # not started yet: connection refused
    settings = make_settings(
        isolated_env,
        db_url,
        smtp_host="127.0.0.1",
        smtp_port=server.port,
        job_retry_base_seconds=0.2,
        job_max_tries=8,
    )
    async with running_services(settings) as services:
        user_id = await new_client("retry@example.com")
        await services.auth.send_activation(ActorKind.CLIENT, user_id)

        async def failed_once() -> bool:
            row = await OutboxEmail.get(to_address="retry@example.com")
            return row.tries >= 1 and "połączyć" in row.last_error

        await wait_for(failed_once)
        row = await OutboxEmail.get(to_address="retry@example.com")
        assert row.status == "pending"
        server.start()
        try:

            async def sent() -> bool:
                return (await OutboxEmail.get(to_address="retry@example.com")).status == "sent"

            await wait_for(sent, timeout=20)
        finally:
            server.stop()
        job = await Job.get(name="deliver_email")
        assert job.status == "done" and job.tries >= 2
        row = await OutboxEmail.get(to_address="retry@example.com")
        assert await services.email.statuses([row.id]) == {row.id: "sent"}
    assert len(server.inbox.messages) == 1


async def test_550_bounces_marks_address_failing_and_alerts_office(
    db_url: str, isolated_env: Path
) -> None:
    server = SmtpServer()
    server.inbox.refuse_with = "550 5.1.1 Mailbox does not exist"
    server.start()
    try:
        settings = make_settings(isolated_env, db_url, smtp_host="127.0.0.1", smtp_port=server.port)
        async with running_services(settings) as services:
            events: list[DomainEvent] = []
            services.events.subscribe(events.append)
            user_id = await new_client("Nobody@example.com")
            await services.auth.send_activation(ActorKind.CLIENT, user_id)
            await services.jobs.idle()
            row = await OutboxEmail.get(to_address="Nobody@example.com")
            assert row.status == "bounced" and row.tries == 1 and row.smtp_code == 550
            assert row.bounced_at is not None and "550" in row.last_error
            assert await services.email.statuses([row.id]) == {row.id: "bounced"}
            failing = await FailingAddress.get(office_id=row.office_id)
            assert failing.address == "nobody@example.com" and failing.email_id == row.id
            alerts = await Notification.filter(office_id=row.office_id, recipient_kind="staff")
            assert alerts and all(
                a.title == "Adres nobody@example.com odrzuca e-maile" for a in alerts
            )
            # Only admins: the alert links to the sent e-mails page, which is theirs.
            admins = await StaffUser.filter(office_id=row.office_id, role="admin").values_list(
                "id", flat=True
            )
            assert {a.recipient_id for a in alerts} == set(admins)
            assert EmailAddressFailing(row.office_id, "nobody@example.com") in events
            job = await Job.get(name="deliver_email")
            assert job.status == "done" and job.tries == 1  # permanent: never retried
            shown = await services.email.failing_addresses(row.office_id)  # type: ignore[arg-type]
            assert shown["nobody@example.com"].error == row.last_error
    finally:
        server.stop()


async def test_embedded_default_writes_eml_files(db_url: str, isolated_env: Path) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        user_id = await new_client("plik@example.com")
        await services.auth.send_activation(ActorKind.CLIENT, user_id)
        await services.jobs.idle()
        row = await OutboxEmail.get(to_address="plik@example.com")
    eml = Path(row.eml_path)
    assert row.status == "sent" and eml.parent == isolated_env / "emails"
    assert b"plik@example.com" in eml.read_bytes()


async def test_emails_of_an_office_with_a_logo_show_it(db_url: str, isolated_env: Path) -> None:
    from io import BytesIO

    from PIL import Image

    from domain.actors import Actor, StaffRole
    from persistence.models import Office, StaffUser

    async with running_services(make_settings(isolated_env, db_url)) as services:
        admin = await StaffUser.get(email="admin@demo.biurko.pl")
        office = await Office.get(id=admin.office_id)  # type: ignore[attr-defined]
        actor = Actor(
            ActorKind.STAFF, admin.id, office_id=office.id, role=StaffRole.ADMIN, name="Anna"
        )
        png = BytesIO()
        Image.new("RGB", (120, 40), "#0f766e").save(png, format="PNG")
        await services.office_settings.upload_logo(actor, png.getvalue())
        user_id = await new_client("z-logo@example.com")
        await services.auth.send_activation(ActorKind.CLIENT, user_id)
        await services.jobs.idle()
        with_logo = await OutboxEmail.get(to_address="z-logo@example.com")
        assert f'<img src="http://biurko.test/logo/{office.id}' in with_logo.html_body
        await services.auth.request_password_reset("unknown@example.com")
        await services.email.queue(
            "nobody@example.com",
            "reset_password",
            {"name": "X", "hours": 2, "link": "http://biurko.test/x"},
        )
        without = await OutboxEmail.get(to_address="nobody@example.com")
        assert "<img" not in without.html_body
