"""Login, redirects, throttling, password links and the language switch, as a user sees them."""

from __future__ import annotations

from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import eventually, link_from_eml, log_in


async def test_admin_logs_in_and_lands_on_office_dashboard(user: User) -> None:
    await log_in(user, "admin@demo.biurko.pl")
    await user.should_see("Biuro Rachunkowe Demo")
    await user.should_see("Dzień dobry, Anna!")
    await user.should_see("Wysłane e-maile")  # admin-only navigation


async def test_employee_does_not_see_admin_navigation(user: User) -> None:
    await log_in(user, "pracownik@demo.biurko.pl")
    await user.should_see("Dzień dobry, Piotr!")
    await user.should_not_see("Wysłane e-maile")


async def test_client_logs_in_to_the_portal(user: User) -> None:
    await log_in(user, "klient@demo.biurko.pl")
    await user.should_see("Dzień dobry, Jan!")
    await user.should_see("Płatności")


async def test_wrong_password_shows_message_and_stays_logged_out(user: User) -> None:
    await log_in(user, "admin@demo.biurko.pl", "zle-haslo-123")
    await user.should_see("Nieprawidłowy e-mail lub hasło.")
    await user.open("/biuro")
    await user.should_see("Zaloguj się")


async def test_throttling_message_after_five_failures(user: User) -> None:
    for _ in range(5):
        await log_in(user, "admin@demo.biurko.pl", "zle-haslo-123")
        await user.should_see("Nieprawidłowy e-mail lub hasło.")
    await log_in(user, "admin@demo.biurko.pl")
    await user.should_see("Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 15 minut.")
    await log_in(user, "ktos-nieznany@example.com", "cokolwiek-123")
    await user.should_see("Zbyt wiele nieudanych prób logowania")


async def test_protected_page_redirects_to_login_and_back(user: User) -> None:
    await user.open("/biuro/dokumenty")
    await user.should_see("Zaloguj się")
    await log_in(user, "admin@demo.biurko.pl", path="/login?next=/biuro/dokumenty")
    await user.should_see("Tu trafią dokumenty od klientów.")


async def test_client_cannot_open_office_pages(user: User) -> None:
    await log_in(user, "klient@demo.biurko.pl")
    await user.should_see("Dzień dobry, Jan!")
    await user.open("/biuro/emaile")
    await user.should_not_see("Wysłane e-maile")
    await user.should_see("Dzień dobry, Jan!")


async def test_logout_ends_the_session(user: User) -> None:
    await log_in(user, "admin@demo.biurko.pl")
    await user.should_see("Biuro Rachunkowe Demo")
    await user.open("/wyloguj")
    await user.should_see("Zaloguj się")
    await user.open("/biuro")
    await user.should_see("Zaloguj się")


async def test_forgot_password_answers_the_same_for_unknown_email(
    user: User, isolated_env: Path
) -> None:
    for email in ("klient@demo.biurko.pl", "nikt@example.com"):
        await user.open("/haslo/przypomnij")
        user.find("E-mail").type(email)
        user.find(kind=ui.button, content="Wyślij link").click()
        await user.should_see("Jeśli konto o tym adresie istnieje")
    await eventually(
        lambda: (
            (isolated_env / "emails").exists()
            and len(list((isolated_env / "emails").glob("*.eml"))) == 1
        )
    )


async def test_password_reset_from_emailed_link_then_login(user: User, isolated_env: Path) -> None:
    await user.open("/haslo/przypomnij")
    user.find("E-mail").type("klient@demo.biurko.pl")
    user.find(kind=ui.button, content="Wyślij link").click()
    await user.should_see("Jeśli konto o tym adresie istnieje")
    await eventually(
        lambda: (isolated_env / "emails").exists() and any((isolated_env / "emails").glob("*.eml"))
    )
    link = link_from_eml(isolated_env, "klient@demo.biurko.pl")
    await user.open(link)
    user.find("Nowe hasło").type("krotkie")
    user.find("Powtórz hasło").type("krotkie")
    user.find(kind=ui.button, content="Ustaw hasło").click()
    await user.should_see("Hasło musi mieć co najmniej 10 znaków.", retries=30)
    user.find("Nowe hasło").clear().type("Słoneczny-Poranek-77")
    user.find("Powtórz hasło").clear().type("Słoneczny-Poranek-77")
    user.find(kind=ui.button, content="Ustaw hasło").click()
    await user.should_see("Hasło ustawione. Możesz się zalogować.", retries=30)
    await log_in(user, "klient@demo.biurko.pl", "Słoneczny-Poranek-77")
    await user.should_see("Dzień dobry, Jan!")
    await user.open(link)
    await user.should_see("Ten link został już użyty albo jest nieprawidłowy.")
    await user.should_see("Poproś o nowy link")


async def test_unknown_link_shows_clear_page(user: User) -> None:
    await user.open("/haslo/ustaw?token=nie-ma-takiego")
    await user.should_see("Link nie działa")


async def test_language_switch_to_english(user: User) -> None:
    await log_in(user, "admin@demo.biurko.pl")
    await user.should_see("Firmy")
    user.find(marker="user-menu").click()
    user.find(marker="lang-en").click()
    await user.should_see("Companies")
    await user.should_see("Hello, Anna!")
    await user.open("/biuro/dokumenty")
    await user.should_see("Documents from clients will arrive here.")
