"""The e-mail sending card: a provider preset fills the form; a saved password is never shown."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.testing import User

from persistence.models import Office
from tests.ui.helpers import log_in

ADMIN = "admin@demo.biurko.pl"


def marked(user: User, marker: str) -> Any:
    (element,) = user.find(marker=marker).elements
    return element


async def test_preset_fills_host_port_security_and_password_stays_hidden(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/ustawienia")
    await user.should_see("Wysyłka e-maili")
    (mode,) = [e for e in user.find(kind=ui.radio).elements if "own" in e.options]
    mode.value = "own"
    preset, host, port, security = (
        marked(user, name) for name in ("smtp-preset", "smtp-host", "smtp-port", "smtp-security")
    )
    for key, expected in (
        ("interia", ("poczta.interia.pl", 465, "ssl")),
        ("gmail", ("smtp.gmail.com", 587, "starttls")),
        ("onet", ("smtp.poczta.onet.pl", 465, "ssl")),
    ):
        preset.value = key
        assert (host.value, port.value, security.value) == expected
    preset.value = ""  # "Inny serwer" leaves what is typed
    assert host.value == "smtp.poczta.onet.pl"

    password = marked(user, "smtp-password")
    password.value = "Haslo-Aplikacji-16"
    user.find(kind=ui.input, content="Login").elements.pop().value = "biuro@onet.pl"
    user.find(kind=ui.input, content="Nadawca").elements.pop().value = "Biuro <biuro@onet.pl>"
    user.find(marker="save-smtp").click()
    await user.should_see("Zapisano ustawienia wysyłki.")
    assert password.value == "" and password.props["placeholder"] == "zapisane"
    office = await Office.get(name="Biuro Rachunkowe Demo")
    assert office.smtp_host == "smtp.poczta.onet.pl" and office.smtp_port == 465

    await user.open("/biuro/ustawienia")  # reopened: the preset is recognised, no password
    await user.should_see("Wysyłka e-maili")
    assert marked(user, "smtp-preset").value == "onet"
    assert marked(user, "smtp-password").value == ""
    await user.should_not_see("Haslo-Aplikacji-16")
