"""Attachments, statuses, temporary refusals and SMTP connection reuse against aiosmtpd."""

from __future__ import annotations

import asyncio
from io import BytesIO
from pathlib import Path

from PIL import Image

from domain.mail import EmailAttachment, OutgoingEmail
from persistence.files import LocalFileStore
from persistence.models import FailingAddress, Office, OutboxEmail
from tasks.mailers import SmtpMailer
from tests.support.services import make_settings, running_services
from tests.support.smtp import SmtpServer

RESET = {"name": "X", "hours": 2, "link": "http://biurko.test/x"}


def sample_files() -> tuple[bytes, bytes]:
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    png = BytesIO()
    Image.new("RGB", (64, 32), "#0f766e").save(png, format="PNG")
    return pdf, png.getvalue()


async def store_attachments(data_dir: Path) -> tuple[list[EmailAttachment], bytes, bytes]:
    pdf, png = sample_files()
    files = LocalFileStore(data_dir / "files")
    await files.save("messages/1/umowa.pdf", pdf)
    await files.save("messages/1/logo.png", png)
    attachments = [
        EmailAttachment("Umowa żółta.pdf", "application/pdf", "messages/1/umowa.pdf"),
        EmailAttachment("logo.png", "image/png", "messages/1/logo.png"),
    ]
    return attachments, pdf, png


async def office_id() -> int:
    office = await Office.first()
    assert office is not None
    return office.id


async def test_pdf_and_image_arrive_intact(db_url: str, isolated_env: Path) -> None:
    server = SmtpServer()
    server.start()
    try:
        settings = make_settings(isolated_env, db_url, smtp_host="127.0.0.1", smtp_port=server.port)
        async with running_services(settings) as services:
            attachments, pdf, png = await store_attachments(isolated_env)
            email_id = await services.email.queue(
                "a@example.com", "reset_password", RESET, await office_id(), attachments
            )
            await services.jobs.idle()
            assert await services.email.statuses([email_id]) == {email_id: "sent"}
    finally:
        server.stop()
    [message] = server.inbox.messages
    parts = {part.get_filename(): part for part in message.iter_attachments()}
    assert parts["Umowa żółta.pdf"].get_content() == pdf
    assert parts["Umowa żółta.pdf"].get_content_type() == "application/pdf"
    assert parts["logo.png"].get_content() == png
    assert message.get_body(("plain",)) is not None


async def test_eml_file_carries_attachments(db_url: str, isolated_env: Path) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        attachments, pdf, _ = await store_attachments(isolated_env)
        email_id = await services.email.queue(
            "b@example.com", "reset_password", RESET, await office_id(), attachments[:1]
        )
        await services.jobs.idle()
        row = await OutboxEmail.get(id=email_id)
    from email import message_from_bytes, policy

    parsed = message_from_bytes(Path(row.eml_path).read_bytes(), policy=policy.default)
    [part] = list(parsed.iter_attachments())  # type: ignore[attr-defined]
    assert part.get_content() == pdf


async def test_statuses_in_one_call(db_url: str, isolated_env: Path) -> None:
    server = SmtpServer()
    server.inbox.refuse_rcpt["zly@example.com"] = "550 5.1.1 User unknown"
    server.start()
    try:
        settings = make_settings(isolated_env, db_url, smtp_host="127.0.0.1", smtp_port=server.port)
        async with running_services(settings) as services:
            office = await office_id()
            sent = await services.email.queue("ok@example.com", "reset_password", RESET, office)
            bounced = await services.email.queue("zly@example.com", "reset_password", RESET, office)
            await services.jobs.idle()
            assert await services.email.statuses([sent, bounced, 999999]) == {
                sent: "sent",
                bounced: "bounced",
            }
            assert await services.email.statuses([]) == {}
            assert await FailingAddress.filter(address="zly@example.com").exists()
    finally:
        server.stop()


async def test_queued_then_failed_when_retries_run_out(db_url: str, isolated_env: Path) -> None:
    server = SmtpServer()  # never started: connection refused every time
    settings = make_settings(
        isolated_env,
        db_url,
        smtp_host="127.0.0.1",
        smtp_port=server.port,
        job_max_tries=2,
        job_retry_base_seconds=0.05,
    )
    async with running_services(settings) as services:
        email_id = await services.email.queue("x@example.com", "reset_password", RESET)
        row = await OutboxEmail.get(id=email_id)
        assert row.status == "pending" or row.tries >= 1
        async with asyncio.timeout(20):
            while (await services.email.statuses([email_id]))[email_id] != "failed":
                assert (await services.email.statuses([email_id]))[email_id] == "queued"
                await asyncio.sleep(0.05)
        row = await OutboxEmail.get(id=email_id)
        assert row.tries == 2 and "połączyć" in row.last_error and row.smtp_code is None


async def test_4xx_retries_then_delivers_and_clears_failing_mark(
    db_url: str, isolated_env: Path
) -> None:
    server = SmtpServer()
    server.inbox.refuse_rcpt["busy@example.com"] = "450 4.2.1 Mailbox busy"
    server.start()
    try:
        settings = make_settings(
            isolated_env,
            db_url,
            smtp_host="127.0.0.1",
            smtp_port=server.port,
            job_max_tries=50,
            job_retry_base_seconds=0.05,
        )
        async with running_services(settings) as services:
            office = await office_id()
            await FailingAddress.create(
                office_id=office, address="busy@example.com", failed_at=services.clock.now()
            )
            email_id = await services.email.queue(
                "busy@example.com", "reset_password", RESET, office
            )
            async with asyncio.timeout(20):
                while (await OutboxEmail.get(id=email_id)).tries < 1:
                    await asyncio.sleep(0.05)
            assert (await services.email.statuses([email_id]))[email_id] == "queued"
            assert "450" in (await OutboxEmail.get(id=email_id)).last_error
            server.inbox.refuse_rcpt.clear()
            async with asyncio.timeout(30):
                while (await services.email.statuses([email_id]))[email_id] != "sent":
                    await asyncio.sleep(0.05)
            assert await services.email.failing_addresses(office) == {}
    finally:
        server.stop()
    assert len(server.inbox.messages) == 1


def mailer(server: SmtpServer) -> SmtpMailer:
    return SmtpMailer("127.0.0.1", server.port, "none", "", "", "biuro@example.com", 5.0)


async def test_burst_reuses_one_connection_and_reconnects_after_drop() -> None:
    server = SmtpServer()
    server.start()
    before = server.connections  # aiosmtpd's own start-up probe counts as one
    smtp = mailer(server)
    try:
        for number in range(5):
            await smtp.send(OutgoingEmail(number, f"r{number}@example.com", "Temat", "Treść", ""))
        assert server.connections - before == 1 and smtp.connections.connects == 1
        server.stop()  # drops the kept-open connection
        server.start()
        restarted = server.connections
        await smtp.send(OutgoingEmail(9, "po@example.com", "Temat", "Treść", ""))
        assert server.connections - restarted == 1 and smtp.connections.connects == 2
    finally:
        await smtp.connections.close()
        server.stop()
    assert len(server.inbox.messages) == 6


async def test_refusal_keeps_connection_usable() -> None:
    server = SmtpServer()
    server.inbox.refuse_rcpt["zly@example.com"] = "550 5.1.1 User unknown"
    server.start()
    before = server.connections
    smtp = mailer(server)
    try:
        from domain.mail import EmailRefused

        try:
            await smtp.send(OutgoingEmail(1, "zly@example.com", "T", "x", ""))
        except EmailRefused as error:
            assert error.code == 550
        else:
            raise AssertionError("550 should raise EmailRefused")
        await smtp.send(OutgoingEmail(2, "ok@example.com", "T", "x", ""))
        assert server.connections - before == 1
    finally:
        await smtp.connections.close()
        server.stop()
    assert [m["To"] for m in server.inbox.messages] == ["ok@example.com"]


async def test_benchmark_sends_everything_over_one_connection_with_reuse() -> None:
    from bench.email_throughput import run_email_benchmark

    result = await run_email_benchmark(4)
    assert result["reuse_connections"] == 1 and result["new_connections"] == 4
    assert result["ratio"] > 0
