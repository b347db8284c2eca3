"""The "Bramka SMS" card as the office administrator sees it (simulated user): the live counter
under the test SMS text and saving gateway settings without ever showing the token again."""

from __future__ import annotations

from typing import Any

from nicegui.testing import User

from persistence.models import Office
from tests.ui.helpers import eventually, log_in

ADMIN = "admin@demo.biurko.pl"
TOKEN = "ui-token-abcdef0123456789"


def _element(user: User, marker: str) -> Any:
    (element,) = [e for e in user.client.elements.values() if marker in e._markers]
    return element


async def _open_settings(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/ustawienia")
    await user.should_see("Bramka SMS")


async def test_the_counter_shows_parts_and_ucs2_live(user: User) -> None:
    await _open_settings(user)
    text = _element(user, "sms-test-text")
    counter = _element(user, "sms-counter")

    text.value = "a" * 160
    assert counter.text == "160 znaków · 1 część · GSM-7 · ok. 0,16 pkt"
    text.value = "a" * 161
    assert counter.text == "161 znaków · 2 części · GSM-7 · ok. 0,32 pkt"

    _element(user, "sms-transliterate").value = False
    user.find(marker="save-sms").click()
    await user.should_see("Zapisano ustawienia bramki SMS.")
    text.value = "Zażółć gęślą jaźń"
    await eventually(lambda: "UCS-2 (polskie znaki)" in counter.text)
    assert counter.text == "17 znaków · 1 część · UCS-2 (polskie znaki) · ok. 0,16 pkt"
    hint = _element(user, "sms-counter-hint")
    assert hint.visible and "wymuszają kodowanie UCS-2" in hint.text


async def test_saving_settings_hides_the_token(user: User) -> None:
    await _open_settings(user)
    token = _element(user, "sms-token")
    assert "placeholder" not in token.props

    _element(user, "sms-enabled").value = True
    _element(user, "sms-sender").value = "BiuroDemo"
    token.value = TOKEN
    user.find(marker="save-sms").click()
    await user.should_see("Zapisano ustawienia bramki SMS.")

    assert token.value == ""
    assert token.props["placeholder"] == "zapisany"
    office = await Office.get(nip="5261040828")
    assert office.sms_enabled and office.sms_sender == "BiuroDemo"
    assert office.sms_token_encrypted and TOKEN not in office.sms_token_encrypted
    assert all(TOKEN not in str(getattr(e, "value", "")) for e in user.client.elements.values())

    _element(user, "sms-sender").value = "Nowa nazwa!"
    user.find(marker="save-sms").click()
    await user.should_see("Nazwa nadawcy może mieć najwyżej 11 liter (bez polskich znaków) i cyfr.")
    assert (await Office.get(id=office.id)).sms_sender == "BiuroDemo"
