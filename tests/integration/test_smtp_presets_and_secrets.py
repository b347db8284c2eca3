"""SMTP presets, Gmail's app-password hint and the office's SMTP password kept out of logs."""

from __future__ import annotations

import base64
import dataclasses
import logging
from pathlib import Path

import aiosmtplib
import pytest

from domain.errors import DomainError
from domain.office_settings import SmtpSettingsForm
from domain.smtp import SMTP_PRESETS, SmtpMode, SmtpSecurity, find_preset, preset_for_host
from persistence.models import Job, OutboxEmail
from tasks.smtp_check import GMAIL_HINT, WRONG_LOGIN, describe_smtp_failure
from tests.support.office_panel import SMTP_LOGIN, SMTP_PASSWORD, admin, make_office
from tests.support.services import make_settings, running_services
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

GMAIL_REFUSAL = (
    "534 5.7.9 Application-specific password required. Learn more at "
    "https://support.google.com/mail/?p=InvalidSecondFactor"
)


def own_smtp(port: int, **changes: object) -> SmtpSettingsForm:
    form = SmtpSettingsForm(
        mode=SmtpMode.OWN,
        host="127.0.0.1",
        port=port,
        security=SmtpSecurity.NONE,
        username=SMTP_LOGIN,
        password=SMTP_PASSWORD,
        sender="Biuro Kowalski <biuro@kowalski.test>",
    )
    return dataclasses.replace(form, **changes)  # type: ignore[arg-type]


def test_presets_hold_the_providers_servers() -> None:
    table = {p.key: (p.host, p.port, p.security) for p in SMTP_PRESETS}
    assert table == {
        "gmail": ("smtp.gmail.com", 587, SmtpSecurity.STARTTLS),
        "interia": ("poczta.interia.pl", 465, SmtpSecurity.SSL),
        "onet": ("smtp.poczta.onet.pl", 465, SmtpSecurity.SSL),
        "wp": ("smtp.wp.pl", 465, SmtpSecurity.SSL),
        "o2": ("poczta.o2.pl", 465, SmtpSecurity.SSL),
    }
    assert find_preset("nope") is None and find_preset("wp") is SMTP_PRESETS[3]
    assert preset_for_host(" SMTP.Gmail.com ") is SMTP_PRESETS[0]
    assert preset_for_host("smtp.example.pl") is None


def test_gmail_login_refusal_gives_the_app_password_hint() -> None:
    refused = aiosmtplib.SMTPAuthenticationError(535, "5.7.8 Username and Password not accepted")
    assert describe_smtp_failure(refused, "smtp.gmail.com") == GMAIL_HINT
    assert describe_smtp_failure(refused, "poczta.interia.pl") == WRONG_LOGIN
    assert "hasło aplikacji" in GMAIL_HINT
    assert "myaccount.google.com → Bezpieczeństwo → Hasła do aplikacji" in GMAIL_HINT


async def test_test_message_shows_gmail_hint(db_url: str, isolated_env: Path) -> None:
    server = SmtpServer(login_refusal=GMAIL_REFUSAL)
    server.start()
    try:
        settings = make_settings(isolated_env, db_url, demo_data=False)
        async with running_services(settings) as services:
            office_id = await make_office()
            with pytest.raises(DomainError) as caught:
                await services.office_settings.send_test_email(
                    admin(office_id), own_smtp(server.port)
                )
        assert caught.value.message == GMAIL_HINT
    finally:
        server.stop()


def _our_log(caplog: pytest.LogCaptureFixture) -> str:
    # aiosmtpd ("mail.log") is the test's server, not Biurko: its own logs are left out.
    return "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''}"
        for r in caplog.records
        if not r.name.startswith("mail.log")
    )


async def test_failing_sends_never_log_the_password(
    db_url: str, isolated_env: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server = SmtpServer(login_refusal="535 5.7.8 Authentication credentials invalid")
    server.start()
    try:
        settings = make_settings(
            isolated_env, db_url, demo_data=False, job_max_tries=2, job_retry_base_seconds=0.05
        )
        async with running_services(settings) as services:
            office_id = await make_office()
            actor = admin(office_id)
            await services.office_settings.update_smtp(actor, own_smtp(server.port))
            with pytest.raises(DomainError):
                await services.office_settings.send_test_email(actor, own_smtp(server.port))
            email_id = await services.email.queue(
                "klient@firma.test",
                "reset_password",
                {"name": "X", "hours": 2, "link": "x"},
                office_id=office_id,
            )
            await services.jobs.idle()
            row = await OutboxEmail.get(id=email_id)
            assert row.status in {"pending", "failed"} and row.tries >= 1
            assert "535" in row.last_error and SMTP_PASSWORD not in row.last_error
            job = await Job.get(name="deliver_email")
            assert SMTP_PASSWORD not in job.last_error
    finally:
        server.stop()
    logged = _our_log(caplog)
    assert logged  # the failures were logged...
    encoded = base64.b64encode(SMTP_PASSWORD.encode()).decode()
    assert SMTP_PASSWORD not in logged and encoded not in logged  # ...without the password
