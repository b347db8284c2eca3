"""The office panel's admin pages as a user sees them: settings, billing and the audit log."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from nicegui import ui
from nicegui.testing import User
from PIL import Image

from domain.clock import WARSAW
from domain.formatting import format_month
from domain.images import NOT_AN_IMAGE
from persistence.models import Office
from tests.support.smtp import free_port
from tests.ui.helpers import log_in

ADMIN = "admin@demo.biurko.pl"
EMPLOYEE = "pracownik@demo.biurko.pl"
ADMIN_ONLY = "Tę stronę widzi tylko administrator biura."


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 100), (15, 118, 110)).save(buffer, "PNG")
    return buffer.getvalue()


def field(user: User, label: str) -> ui.input:
    found = [
        e for e in user.find(kind=ui.input, content=label).elements if e.props["label"] == label
    ]
    assert len(found) == 1, label
    return found[0]


async def test_profile_edit_shows_a_field_error_then_saves(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/ustawienia")
    await user.should_see("Dane biura")
    nip = field(user, "NIP")
    assert nip.value == "526-104-08-28"
    nip.value = "526-104"
    user.find(marker="save-profile").click()
    await user.should_see(
        "NIP musi mieć 10 cyfr. Sprawdź, czy niczego nie brakuje ani nie ma za dużo."
    )
    assert nip.error is not None and nip.props["error"] is True
    nip.value = "5261040828"
    field(user, "Nazwa biura").value = "Biuro Rachunkowe Demo i Wspólnicy"
    user.find(marker="save-profile").click()
    await user.should_see("Zapisano dane biura.")
    assert nip.error is None and nip.value == "526-104-08-28"
    await user.open("/biuro/ustawienia")
    await user.should_see("Biuro Rachunkowe Demo i Wspólnicy")


async def test_logo_upload_checks_content_and_shows_the_logo(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/ustawienia")
    await user.should_see("Brak logo")
    upload = user.find(ui.upload).elements.pop()
    renamed_text = b"To nie jest obraz, tylko tekst zapisany jako logo.png.\n"
    await upload.handle_uploads([ui.upload.SmallFileUpload("logo.png", "image/png", renamed_text)])
    await user.should_see(NOT_AN_IMAGE)
    office = await Office.get(name="Biuro Rachunkowe Demo")
    assert office.logo_path == ""

    logo = png()
    await upload.handle_uploads([ui.upload.SmallFileUpload("logo.png", "image/png", logo)])
    await user.should_see("Zapisano nowe logo.")
    await user.should_see("Usuń logo")
    await office.refresh_from_db()
    assert office.logo_path.endswith(".png")

    response = await user.http_client.get(f"/logo/{office.id}")
    assert response.status_code == 200 and response.content == logo
    assert response.headers["content-type"] == "image/png"
    assert "max-age" in response.headers["cache-control"]
    assert response.headers["x-content-type-options"] == "nosniff"
    missing = await user.http_client.get(f"/logo/{office.id + 999}")
    assert missing.status_code == 404

    await user.open("/biuro")
    await user.should_see(marker="office-logo")


async def test_billing_page_shows_the_current_month_and_downloads_csv(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/rozliczenia")
    now = datetime.now(UTC).astimezone(WARSAW)
    await user.should_see(f"{format_month(now.year, now.month)} (do tej pory)")
    await user.should_see("Płatne firmy")
    await user.should_see("Piekarnia Złoty Kłos sp. z o.o.")
    await user.should_see("Wszystkie miesiące")
    user.find(kind=ui.button, content="Pobierz CSV").click()
    response = await user.download.next()
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert text.startswith("Firma;Godziny aktywności;Płatna;Opłata netto")
    assert "Piekarnia Złoty Kłos sp. z o.o." in text


async def test_audit_log_shows_a_profile_change(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/ustawienia")
    field(user, "Telefon").value = "+48 22 555 66 77"
    user.find(marker="save-profile").click()
    await user.should_see("Zapisano dane biura.")
    await user.open("/biuro/dziennik")
    await user.should_see("Zmieniono ustawienia biura")
    await user.should_see("Zmieniono dane biura")
    await user.should_see("+48 22 555 66 77")  # the "after" value in the details
    await user.should_not_see("Usuń wpis")
    # A day long before the change: nothing matches; clearing the filters brings it back.
    user.find(kind=ui.date_input, content="Do dnia").elements.pop().value = "2000-01-01"
    await user.should_see("Brak wpisów.")
    user.find(kind=ui.button, content="Wyczyść").click()
    await user.should_see("Zmieniono dane biura")


async def test_employee_sees_the_admin_only_message(user: User) -> None:
    await log_in(user, EMPLOYEE)
    await user.should_see("Dzień dobry, Piotr!")
    for path in ("/biuro/ustawienia", "/biuro/rozliczenia", "/biuro/dziennik"):
        await user.open(path)
        await user.should_see(ADMIN_ONLY)
        await user.should_not_see("Pobierz CSV")
        await user.should_not_see("Dane biura")


async def test_test_email_button_reports_a_refused_connection(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/ustawienia")
    user.find(ui.radio).elements.pop().value = "own"
    field(user, "Serwer SMTP").value = "127.0.0.1"
    user.find(kind=ui.number, content="Port").elements.pop().value = free_port()
    user.find(ui.select).elements.pop().value = "none"
    field(user, "Nadawca").value = "Biuro Demo <biuro@demo.biurko.pl>"
    user.find(kind=ui.button, content="Wyślij testowy e-mail").click()
    await user.should_see("połączenie odrzucone")
