"""The office panel's main journey in a real browser, with a real SMTP server: the admin adds a
company and a client user, the activation e-mail arrives, the client sets a password and logs
in; a restricted employee cannot open a company that is not assigned to them."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from persistence.demo import DEMO_PASSWORD
from tests.e2e.conftest import screenshot
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.e2e


def log_in(page: Any, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj").click()


def wait_for_mail(server: SmtpServer, to: str, seconds: float = 20) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in server.inbox.messages:
            if message["To"] == to:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {to} arrived")


def test_admin_adds_company_and_client_who_activates_and_logs_in(
    server_with_smtp: str, smtp_server: SmtpServer, browser: Any
) -> None:
    base = server_with_smtp
    admin = browser.new_context(viewport={"width": 1280, "height": 800}, locale="pl-PL")
    page = admin.new_page()
    log_in(page, base, "admin@demo.biurko.pl")
    page.wait_for_url("**/biuro")
    page.goto(f"{base}/biuro/firmy")
    page.get_by_role("button", name="Dodaj firmę").first.click()
    page.get_by_label("Nazwa firmy").fill("Cukiernia Łabędź sp. z o.o.")
    page.get_by_label("NIP", exact=True).fill("526-104-08-29")  # wrong check digit first
    page.locator("button").filter(has_text="Dodaj firmę").last.click()
    page.get_by_text("błędną sumę kontrolną").first.wait_for()
    page.get_by_label("NIP", exact=True).fill("856-734-62-15")
    page.locator("button").filter(has_text="Dodaj firmę").last.click()
    page.get_by_text("Dodano firmę Cukiernia Łabędź").first.wait_for()
    screenshot(page, "office-company-added")
    page.get_by_text("Cukiernia Łabędź sp. z o.o.").first.click()
    page.wait_for_url(re.compile(r".*/biuro/firmy/\d+$"))

    page.get_by_role("tab", name="Użytkownicy").click()
    page.get_by_role("button", name="Dodaj nowego użytkownika").click()
    page.get_by_label("Imię").fill("Łucja")
    page.get_by_label("Nazwisko").fill("Łabędź")
    page.get_by_label("E-mail", exact=True).fill("lucja@example.com")
    page.get_by_role("button", name="Dodaj użytkownika").click()
    page.get_by_text("lucja@example.com").wait_for()

    mail = wait_for_mail(smtp_server, "lucja@example.com")
    text = mail.get_body(("plain",)).get_content()
    link = re.search(r"(http://127\.0\.0\.1:\d+/haslo/ustaw\?token=[\w-]+)", text).group(1)

    client = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="pl-PL"
    )
    phone = client.new_page()
    phone.goto(link)
    phone.get_by_label("Nowe hasło").fill("Słodki-Pączek-2026")
    phone.get_by_label("Powtórz hasło").fill("Słodki-Pączek-2026")
    phone.get_by_role("button", name="Ustaw hasło").click()
    phone.get_by_text("Hasło ustawione").wait_for()
    phone.get_by_label("Hasło").fill("Słodki-Pączek-2026")
    phone.get_by_role("button", name="Zaloguj").click()
    phone.wait_for_url("**/klient")
    phone.get_by_text("Dzień dobry, Łucja!").wait_for()
    client.close()
    admin.close()


def test_restricted_employee_cannot_open_an_unassigned_company(
    server_url: str, browser: Any
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="pl-PL")
    page = context.new_page()
    log_in(page, server_url, "admin@demo.biurko.pl")
    page.wait_for_url("**/biuro")
    page.goto(f"{server_url}/biuro/firmy")
    page.get_by_label("Szukaj").fill("Kwiaciarnia")  # not assigned to the employee
    page.get_by_text("Kwiaciarnia Róża Majewska").first.click()
    page.wait_for_url(re.compile(r".*/biuro/firmy/\d+$"))
    company_url = page.url
    page.goto(f"{server_url}/wyloguj")

    log_in(page, server_url, "pracownik@demo.biurko.pl")
    page.wait_for_url("**/biuro")
    page.goto(company_url)
    page.get_by_text("Nie znaleziono firmy").first.wait_for()
    assert page.get_by_text("Kwiaciarnia Róża Majewska").count() == 0
    page.goto(f"{server_url}/biuro/firmy")
    page.wait_for_timeout(1500)
    assert page.get_by_text("Kwiaciarnia Róża Majewska").count() == 0
    screenshot(page, "office-restricted-employee")
    context.close()
