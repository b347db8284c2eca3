"""Office settings against a real database and real SMTP servers: profile, logo, e-mail."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image

from domain.errors import DomainError, ValidationError
from domain.office_settings import OfficeProfile, SmtpSettingsForm
from domain.smtp import SmtpMode, SmtpSecurity
from persistence.models import AuditEvent, Office, OutboxEmail
from tests.support.office_panel import (
    SMTP_LOGIN,
    SMTP_PASSWORD,
    admin,
    make_office,
    smtp_server,
)
from tests.support.services import make_settings, running_services
from tests.support.smtp import free_port

# The test servers accept AUTH without TLS on purpose (a loopback test server).
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

PROFILE = OfficeProfile(
    name="Biuro Rachunkowe Kowalski",
    nip="526-104-08-28",
    address="ul. Prosta 1, 00-001 Warszawa",
    email="biuro@kowalski.pl",
    phone="+48 22 100 20 30",
    website="kowalski.pl",
)


def png(size: tuple[int, int] = (300, 100)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (15, 118, 110, 255)).save(buffer, "PNG")
    return buffer.getvalue()


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


def stored_files(data_dir: Path) -> list[Path]:
    return [p for p in (data_dir / "files").rglob("*") if p.is_file()]


async def test_profile_reports_every_wrong_field_and_keeps_the_old_data(
    db_url: str, isolated_env: Path
) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        before = await Office.get(id=office_id)
        wrong = OfficeProfile(
            name="  ", nip="526-104-08-29", email="biuro@", phone="12", website="nie adres"
        )
        with pytest.raises(ValidationError) as caught:
            await services.office_settings.update_profile(admin(office_id), wrong)
        assert set(caught.value.errors) == {"name", "nip", "email", "phone", "website"}
        assert caught.value.errors["nip"] == "Ten NIP ma błędną sumę kontrolną. Sprawdź cyfry."
        after = await Office.get(id=office_id)
        assert (after.name, after.nip) == (before.name, before.nip)
        assert await AuditEvent.filter(office_id=office_id).count() == 0


async def test_profile_saved_normalized_with_an_audit_entry(
    db_url: str, isolated_env: Path
) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        actor = admin(office_id)
        saved = await services.office_settings.update_profile(actor, PROFILE)
        assert saved.nip == "5261040828" and saved.website == "https://kowalski.pl"
        assert await services.office_settings.profile(actor) == saved
        row = await Office.get(id=office_id)
        assert (row.name, row.nip, row.phone) == (PROFILE.name, "5261040828", PROFILE.phone)
        entry = await AuditEvent.get(office_id=office_id)
        assert entry.kind == "settings.changed" and entry.actor_name == actor.name
        assert entry.details["after"]["name"] == PROFILE.name
        assert entry.details["before"]["name"] == "Biuro Testowe"
        # Saving the same data again records nothing.
        await services.office_settings.update_profile(actor, PROFILE)
        assert await AuditEvent.filter(office_id=office_id).count() == 1


async def test_nip_of_another_office_is_refused(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        first = await make_office("Pierwsze", seed=1)
        second = await make_office("Drugie", seed=2)
        await services.office_settings.update_profile(admin(first), PROFILE)
        with pytest.raises(ValidationError) as caught:
            await services.office_settings.update_profile(admin(second), PROFILE)
        assert set(caught.value.errors) == {"nip"}


async def test_logo_is_stored_and_served_then_replaced(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        actor = admin(office_id)
        assert await services.office_settings.logo_url(actor) is None
        assert await services.office_settings.public_logo(office_id) is None
        first = png()
        url = await services.office_settings.upload_logo(actor, first)
        assert url.startswith(f"/logo/{office_id}?v=")
        assert await services.office_settings.logo_url(actor) == url
        email_url = await services.office_settings.email_logo_url(office_id)
        assert email_url == "http://biurko.test" + url
        served = await services.office_settings.public_logo(office_id)
        assert served is not None and served[0] == first and served[1] == "image/png"
        files = stored_files(isolated_env)
        assert len(files) == 1 and files[0].read_bytes() == first
        assert (await Office.get(id=office_id)).logo_path.startswith(f"logos/{office_id}/")
        # A new logo replaces the old file; the URL changes so caches fetch it again.
        second = png((200, 200))
        new_url = await services.office_settings.upload_logo(actor, second)
        assert new_url != url
        assert [p.read_bytes() for p in stored_files(isolated_env)] == [second]
        await services.office_settings.remove_logo(actor)
        assert stored_files(isolated_env) == []
        assert await services.office_settings.public_logo(office_id) is None
        kinds = await AuditEvent.filter(office_id=office_id).values_list("summary", flat=True)
        assert "Usunięto logo biura" in kinds


async def test_bad_logo_stores_nothing(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        actor = admin(office_id)
        for bad in (b"to jest plik tekstowy nazwany logo.png", png((2001, 10))):
            with pytest.raises(ValidationError) as caught:
                await services.office_settings.upload_logo(actor, bad)
            assert set(caught.value.errors) == {"logo"}
        assert stored_files(isolated_env) == []
        assert (await Office.get(id=office_id)).logo_path == ""
        assert await AuditEvent.filter(office_id=office_id).count() == 0
        # A refused file leaves a good logo in place.
        good = png()
        await services.office_settings.upload_logo(actor, good)
        with pytest.raises(ValidationError):
            await services.office_settings.upload_logo(actor, b"GIF89a nie")
        served = await services.office_settings.public_logo(office_id)
        assert served is not None and served[0] == good


async def test_smtp_password_is_stored_encrypted_and_never_read_back(
    db_url: str, isolated_env: Path
) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        actor = admin(office_id)
        view = await services.office_settings.update_smtp(actor, own_smtp(2525))
        row = await Office.get(id=office_id)
        assert row.smtp_mode == "own" and row.smtp_username == SMTP_LOGIN
        assert row.smtp_password_encrypted and SMTP_PASSWORD not in row.smtp_password_encrypted
        assert services.secret_box.decrypt(row.smtp_password_encrypted) == SMTP_PASSWORD
        # No read method returns the password: only whether one is saved.
        for read in (view, await services.office_settings.smtp_settings(actor)):
            assert read.password_saved
            assert SMTP_PASSWORD not in repr(read)
            assert SMTP_PASSWORD not in str(dataclasses.asdict(read))
            assert row.smtp_password_encrypted not in str(dataclasses.asdict(read))
        profile = await services.office_settings.profile(actor)
        assert SMTP_PASSWORD not in repr(profile)
        # The audit entry says the password changed, without it.
        entry = await AuditEvent.get(office_id=office_id)
        assert SMTP_PASSWORD not in str(entry.details)
        assert entry.details["after"]["smtp_password"] == "(nowe hasło)"
        # An empty password keeps the stored one for the same server and login...
        await services.office_settings.update_smtp(actor, own_smtp(2526, password=""))
        again = await Office.get(id=office_id)
        assert again.smtp_password_encrypted == row.smtp_password_encrypted
        assert again.smtp_port == 2526
        # ...but not for another server: it must be typed again.
        with pytest.raises(ValidationError) as caught:
            await services.office_settings.update_smtp(
                actor, own_smtp(2526, host="smtp.inny.test", password="")
            )
        assert set(caught.value.errors) == {"password"}


async def test_smtp_form_errors_are_per_field(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        wrong = own_smtp(0, host="", sender="nie adres", password="")
        with pytest.raises(ValidationError) as caught:
            await services.office_settings.update_smtp(admin(office_id), wrong)
        assert set(caught.value.errors) == {"host", "port", "sender"}


async def test_test_email_reaches_a_real_server(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        actor = admin(office_id)
        with smtp_server(require_login=True) as (port, inbox):
            to = await services.office_settings.send_test_email(actor, own_smtp(port))
        assert to == actor.email
        assert len(inbox.messages) == 1
        message = inbox.messages[0]
        assert message["To"] == actor.email and message["Subject"] == "Biurko: testowy e-mail"
        assert message["From"] == "Biuro Kowalski <biuro@kowalski.test>"
        # A test changes nothing.
        assert (await Office.get(id=office_id)).smtp_mode == "platform"


async def test_test_email_uses_the_saved_password_when_left_empty(
    db_url: str, isolated_env: Path
) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        actor = admin(office_id)
        with smtp_server(require_login=True) as (port, inbox):
            await services.office_settings.update_smtp(actor, own_smtp(port))
            await services.office_settings.send_test_email(actor, own_smtp(port, password=""))
        assert len(inbox.messages) == 1


async def test_test_email_to_a_closed_port_says_connection_refused(
    db_url: str, isolated_env: Path
) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        with pytest.raises(DomainError) as caught:
            await services.office_settings.send_test_email(admin(office_id), own_smtp(free_port()))
        assert "połączenie odrzucone" in caught.value.message
        assert SMTP_PASSWORD not in caught.value.message


async def test_test_email_with_a_wrong_password_says_so(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        with smtp_server(require_login=True) as (port, inbox), pytest.raises(DomainError) as caught:
            await services.office_settings.send_test_email(
                admin(office_id), own_smtp(port, password="zle-haslo")
            )
        assert caught.value.message == (
            "Serwer poczty odrzucił login lub hasło. Sprawdź je i spróbuj ponownie."
        )
        assert inbox.messages == []


async def test_office_with_own_smtp_sends_through_its_server(
    db_url: str, isolated_env: Path
) -> None:
    context = {"name": "Zofia", "office_name": "Biuro", "link": "http://x", "hours": 72}
    with smtp_server() as (platform_port, platform_inbox):
        settings = make_settings(
            isolated_env,
            db_url,
            demo_data=False,
            smtp_host="127.0.0.1",
            smtp_port=platform_port,
        )
        async with running_services(settings) as services:
            own_office = await make_office("Własny serwer", seed=1)
            other_office = await make_office("Serwer platformy", seed=2)
            with smtp_server(require_login=True) as (office_port, office_inbox):
                await services.office_settings.update_smtp(admin(own_office), own_smtp(office_port))
                await services.email.queue(
                    "klient@firma.test", "set_password", context, office_id=own_office
                )
                await services.email.queue(
                    "inny@firma.test", "set_password", context, office_id=other_office
                )
                await services.email.queue("system@firma.test", "set_password", context)
                await services.jobs.idle()
            statuses = await OutboxEmail.all().values_list("status", flat=True)
            assert set(statuses) == {"sent"}
    assert [m["To"] for m in office_inbox.messages] == ["klient@firma.test"]
    assert office_inbox.messages[0]["From"] == "Biuro Kowalski <biuro@kowalski.test>"
    assert sorted(m["To"] for m in platform_inbox.messages) == [
        "inny@firma.test",
        "system@firma.test",
    ]
