"""Main journeys in a real browser: the office admin on a desktop, the client on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from persistence.demo import DEMO_PASSWORD
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Hasło").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()


def test_admin_logs_in_on_desktop(server_url: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="pl-PL")
    page = context.new_page()
    page.goto(f"{server_url}/biuro/dokumenty")
    page.wait_for_url("**/login?next=/biuro/dokumenty")
    page.get_by_label("E-mail").fill("admin@demo.biurko.pl")
    page.get_by_label("Hasło").fill(DEMO_PASSWORD)
    page.get_by_label("Hasło").press("Enter")
    page.wait_for_url("**/biuro/dokumenty")
    page.get_by_text("Biuro Rachunkowe Demo").wait_for()
    page.get_by_text("Tu trafią dokumenty od klientów.").wait_for()
    page.goto(f"{server_url}/biuro")
    page.get_by_text("Dzień dobry, Anna!").wait_for()
    screenshot(page, "office-dashboard")
    context.close()


def test_client_logs_in_on_a_phone(server_url: str, browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="pl-PL"
    )
    page = context.new_page()
    log_in(page, server_url, "klient@demo.biurko.pl")
    page.wait_for_url("**/klient")
    page.get_by_text("Do zapłaty w tym miesiącu").wait_for()
    footer = page.locator(".q-footer")
    assert footer.is_visible()
    assert footer.get_by_text("Płatności").is_visible()
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"horizontal scrolling on a phone: {widths}"
    screenshot(page, "client-dashboard-phone")
    footer.get_by_text("Więcej").click()
    page.wait_for_url("**/klient/wiecej")
    page.get_by_role("button", name="Wyloguj").click()
    page.wait_for_url("**/login")
    context.close()


def test_wrong_password_in_browser(server_url: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(f"{server_url}/login")
    page.get_by_label("E-mail").fill("pracownik@demo.biurko.pl")
    page.get_by_label("Hasło").fill("zupelnie-zle-haslo")
    page.get_by_role("button", name="Zaloguj").click()
    page.get_by_text("Nieprawidłowy e-mail lub hasło.").wait_for()
    assert page.url.endswith("/login")
    page.close()


def test_portal_is_installable_and_works_offline(server_url: str, browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="pl-PL"
    )
    page = context.new_page()
    log_in(page, server_url, "klient@demo.biurko.pl")
    page.wait_for_url("**/klient")
    manifest_url = page.evaluate("document.querySelector('link[rel=manifest]').href")
    manifest = page.request.get(manifest_url)
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = manifest.json()
    assert data["start_url"] == "/klient" and data["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in data["icons"]}
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        assert page.request.get(server_url + icon["src"]).ok
    # The service worker registers with the root scope and takes control of the page.
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == server_url + "/"
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.goto(f"{server_url}/klient/platnosci")
    page.get_by_text("Brak połączenia").wait_for()
    screenshot(page, "client-offline")
    context.set_offline(False)
    context.close()
