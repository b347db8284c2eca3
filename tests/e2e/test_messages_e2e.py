"""Read receipts in real browsers: the office sends a message to three demo companies, two
clients open it on their phones, and the office's open page shows "2 z 3" without a reload.
Screenshots of the composer, the receipts and the client's phone go to ``docs/screenshots``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from persistence.demo import DEMO_PASSWORD
from tests.e2e.conftest import ROOT, running_server

pytestmark = pytest.mark.e2e

SCREENSHOTS = ROOT / "docs" / "screenshots"
ADMIN = "admin@demo.biurko.pl"
# Demo owners N with (N - 1) % 4 != 0 can log in.
COMPANIES = {
    "wlasciciel3@demo.biurko.pl": "Zielony Ogród Anna Nowak",
    "wlasciciel4@demo.biurko.pl": "Auto-Serwis Wiśniewski s.c.",
    "wlasciciel6@demo.biurko.pl": "Studio Fryzur Wójcik",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUBJECT = "Dokumenty za listopad"
BODY = "Dzień dobry,\n\nprosimy o **faktury kosztowe** do 5 grudnia.\n\n- faktury zakupu\n- umowy"


def log_in(context: Any, base: str, email: str, landing: str) -> Any:
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Hasło").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_url(f"**{landing}")
    return page


def shoot(page: Any, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def compose(page: Any) -> None:
    page.get_by_role("button", name="Nowa wiadomość").click()
    page.get_by_text("Wybrane firmy").click()
    companies = page.get_by_label("Firmy", exact=True)
    for name in COMPANIES.values():
        companies.click()
        companies.fill(name.split()[0])
        page.get_by_role("option", name=name).click()
    page.keyboard.press("Escape")  # closes the options menu, not the persistent dialog
    page.get_by_text("Firmy: 3 · osoby: 3").wait_for()
    page.get_by_label("Temat").fill(SUBJECT)
    page.get_by_label("Treść", exact=True).fill(BODY)
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "lista-dokumentow.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    # The composer's own list (the hidden uploader keeps a copy until its batch ends).
    page.locator("div.truncate", has_text="lista-dokumentow.pdf").wait_for()


def test_two_clients_read_and_the_office_sees_two_of_three_live(
    tmp_path: Path, browser: Any
) -> None:
    with running_server(tmp_path / "data") as base:
        office_context = browser.new_context(
            viewport={"width": 1280, "height": 800}, locale="pl-PL"
        )
        office = log_in(office_context, base, ADMIN, "/biuro")
        office.goto(f"{base}/biuro/wiadomosci")
        compose(office)
        shoot(office, "messages-office", full_page=False)
        office.get_by_role("button", name="Wyślij").click()
        office.get_by_text("Wysłano wiadomość.").wait_for()
        office.get_by_text(SUBJECT).first.click()
        office.wait_for_url("**/biuro/wiadomosci/*")
        office.get_by_text("przeczytane 0 z 3").wait_for()

        for index, email in enumerate(list(COMPANIES)[:2]):
            phone = browser.new_context(
                viewport={"width": 390, "height": 844},
                is_mobile=True,
                has_touch=True,
                locale="pl-PL",
                device_scale_factor=2,
            )
            page = log_in(phone, base, email, "/klient")
            page.goto(f"{base}/klient/wiadomosci")
            page.get_by_text(SUBJECT).click()
            page.get_by_text("faktury kosztowe").wait_for()
            if index == 0:
                shoot(page, "messages-client-phone")
                with page.expect_download() as download:
                    page.get_by_text("lista-dokumentow.pdf").click()
                assert Path(download.value.path()).read_bytes() == PDF
            office.get_by_text(f"przeczytane {index + 1} z 3").wait_for()

        # Never reloaded: the receipts arrived over the page's live connection.
        assert office.url.rsplit("/", 1)[1].isdigit()
        rows = office.locator(".q-table tbody tr")
        assert rows.count() == 3
        assert office.locator(".q-table tbody tr", has_text="nieprzeczytane").count() == 1
        shoot(office, "messages-receipts")
