"""The client's journey on a phone (Chromium at 390 x 844): log in, see what to pay with the
account and the QR code, mark it paid; and no horizontal scrolling at 360 px."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from persistence.demo import DEMO_PASSWORD
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

CLIENT = "klient@demo.biurko.pl"
PHONE = {"width": 390, "height": 844}
NARROW = 360
ACCOUNT = re.compile(r"\d{2}( \d{4}){6}")
AMOUNT = re.compile(r"^\d{1,3}(\u00a0\d{3})*,\d{2}\u00a0zł$")


def _phone(browser: Any, base: str) -> tuple[Any, Any]:
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="pl-PL", device_scale_factor=2
    )
    page = context.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(CLIENT)
    page.get_by_label("Hasło").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_url("**/klient")
    return context, page


def _due_cards(page: Any) -> Any:
    return page.locator(".q-card").filter(
        has=page.get_by_role("button", name="Oznacz jako zapłacone")
    )


def test_client_pays_from_the_phone(server_url: str, browser: Any) -> None:
    context, page = _phone(browser, server_url)
    page.get_by_text("Do zapłaty w tym miesiącu").wait_for()
    cards = _due_cards(page)
    before = cards.count()
    assert before >= 1
    card = cards.first
    label = card.locator(".text-base.font-medium").first.inner_text()
    amount = card.locator(".biurko-amount").first.inner_text()
    assert AMOUNT.match(amount), amount
    assert ACCOUNT.search(card.inner_text()), card.inner_text()
    assert card.get_by_text("Tytuł przelewu").is_visible()

    # On a phone the QR code waits behind "Pokaż kod QR".
    card.get_by_text("Pokaż kod QR").click()
    qr = card.get_by_role("img", name="Kod QR do przelewu").locator("svg")
    qr.wait_for()
    box = qr.bounding_box()
    assert box is not None and box["width"] >= 180, box  # big enough to scan
    screenshot(page, "client-pays-phone")

    card.get_by_role("button", name="Oznacz jako zapłacone").click()
    dialog = page.locator(".q-dialog")
    dialog.get_by_label("Data zapłaty").wait_for()
    dialog.get_by_role("button", name="Zapisz").click()
    page.get_by_text(f"Zapisano: {label} zapłacone").wait_for()
    page.wait_for_function(
        "n => [...document.querySelectorAll('.q-card')].filter("
        "c => c.innerText.includes('Oznacz jako zapłacone')).length < n",
        arg=before,
    )
    page.locator(".q-footer").get_by_text("Płatności").click()
    page.wait_for_url("**/klient/platnosci")
    row = page.locator(".q-expansion-item").filter(has_text=label).first
    assert "Zapłacone" in row.inner_text()

    # The year's statement as a PDF: rendered by a job, then downloaded by the browser.
    page.goto(f"{server_url}/klient/zestawienia")
    button = page.get_by_role("button", name=re.compile(r"Pobierz PDF za rok \d{4}"))
    with page.expect_download(timeout=60_000) as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF") and len(data) < 100_000, len(data)
    context.close()


@pytest.mark.parametrize("path", ["/klient", "/klient/platnosci"])
def test_no_horizontal_scrolling_at_360_px(server_url: str, browser: Any, path: str) -> None:
    context, page = _phone(browser, server_url)
    page.set_viewport_size({"width": NARROW, "height": 780})
    page.goto(f"{server_url}{path}")
    page.locator(".q-footer").wait_for()
    page.wait_for_timeout(500)  # the chart and the cards settle
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW, f"horizontal scrolling at {NARROW} px on {path}: {width}"
    context.close()
