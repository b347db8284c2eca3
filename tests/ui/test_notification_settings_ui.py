"""Notification channels as people set them (simulated users): the office's defaults in its
settings, a company's override on the company page (with "jak w biurze"), the client's own
choices and SMS consent; and the bell, whose notifications lead to their items."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import app_services, badge_text, eventually, log_in

ADMIN = "admin@demo.biurko.pl"
CLIENT = "klient@demo.biurko.pl"


async def _actor(email: str, company_id: int | None = None):  # type: ignore[no-untyped-def]
    from domain.accounts.service import actor_from
    from persistence.repositories.accounts import AccountRepo

    account = await AccountRepo().find_by_email(email)
    assert account is not None
    return actor_from(account, company_id)


async def _client_company() -> int:
    from persistence.models import Membership

    membership = await Membership.get(client_user__email=CLIENT, role="firma")
    return int(membership.company_id)  # type: ignore[attr-defined]


def _element(user: User, marker: str) -> Any:
    (element,) = [e for e in user.client.elements.values() if marker in e._markers]
    return element


def _has(user: User, marker: str) -> bool:
    return any(marker in e._markers for e in user.client.elements.values())


async def _cells(cells: Any) -> dict[tuple[str, str], Any]:
    return {(c.event.value, c.channel.value): c for c in await cells}


async def test_the_office_sets_its_defaults(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/ustawienia")
    await user.should_see("Powiadomienia")
    await user.should_see("Nowe składki ZUS")
    box = _element(user, "pref-zus_sent-sms")
    assert box.value is False
    user.find(marker="pref-zus_sent-sms").click()
    user.find(marker="pref-statement_sent-email").click()
    user.find(marker="save-notifications").click()
    await user.should_see("Zapisano ustawienia powiadomień.")
    prefs = app_services().channel_prefs
    stored = await _cells(prefs.office_defaults(await _actor(ADMIN)))
    assert stored[("zus_sent", "sms")].enabled and stored[("zus_sent", "sms")].source == "office"
    assert not stored[("statement_sent", "email")].enabled
    assert stored[("tax_sent", "portal")].enabled


async def test_a_company_overrides_the_office_and_goes_back(user: User) -> None:
    company_id = await _client_company()
    prefs = app_services().channel_prefs
    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{company_id}")
    user.find(kind=ui.tab, content="Powiadomienia").click()
    await user.should_see("Powiadomienia tej firmy")
    assert not _has(user, "reset-pref-tax_sent-email")
    user.find(marker="pref-tax_sent-email").click()
    await eventually(lambda: _has(user, "reset-pref-tax_sent-email"))
    admin = await _actor(ADMIN)
    stored = await _cells(prefs.company_overrides(admin, company_id))
    assert stored[("tax_sent", "email")].source == "company"
    assert not stored[("tax_sent", "email")].enabled
    user.find(marker="reset-pref-tax_sent-email").click()
    await eventually(lambda: not _has(user, "reset-pref-tax_sent-email"))
    stored = await _cells(prefs.company_overrides(admin, company_id))
    assert stored[("tax_sent", "email")].source == "builtin"
    assert stored[("tax_sent", "email")].enabled


async def test_the_client_chooses_channels_and_agrees_to_sms(user: User) -> None:
    from persistence.models import ClientUser

    company_id = await _client_company()
    await log_in(user, CLIENT)
    await user.open("/klient/ustawienia")
    await user.should_see("Zgadzam się na powiadomienia SMS")
    await eventually(lambda: _element(user, "my-phone").value == "+48 600 100 200")
    user.find(marker="pref-new_message-email").click()
    await eventually(lambda: _has(user, "reset-pref-new_message-email"))
    mine = await _cells(app_services().channel_prefs.my_choices(await _actor(CLIENT, company_id)))
    assert mine[("new_message", "email")].source == "user"
    assert not mine[("new_message", "email")].enabled

    user.find(marker="sms-consent-switch").click()
    await user.should_see("Zapisano zgodę na SMS-y.")
    await eventually(lambda: _element(user, "sms-consent-since").text.startswith("Zgoda od"))
    assert (await ClientUser.get(email=CLIENT)).sms_consent_at is not None
    user.find(marker="sms-consent-switch").click()
    await user.should_see("Wycofano zgodę na SMS-y.")
    await eventually(lambda: _element(user, "sms-consent-since").text == "")
    assert (await ClientUser.get(email=CLIENT)).sms_consent_at is None


async def test_without_a_phone_consent_is_refused_with_the_reason(user: User) -> None:
    from persistence.models import ClientUser

    await ClientUser.filter(email=CLIENT).update(phone="")
    await log_in(user, CLIENT)
    await user.open("/klient/ustawienia")
    await user.should_see("Zapisz numer telefonu komórkowego, aby móc dostawać SMS-y.", retries=10)
    user.find(marker="sms-consent-switch").click()
    await user.should_see("Aby otrzymywać SMS-y, podaj najpierw numer telefonu komórkowego.")
    await eventually(lambda: _element(user, "sms-consent-switch").value is False)
    assert (await ClientUser.get(email=CLIENT)).sms_consent_at is None


async def test_the_client_saves_their_own_mobile_number(user: User) -> None:
    from persistence.models import ClientUser

    await ClientUser.filter(email=CLIENT).update(phone="")
    await log_in(user, CLIENT)
    await user.open("/klient/ustawienia")
    await user.should_see("Zapisz numer telefonu komórkowego, aby móc dostawać SMS-y.", retries=10)
    user.find(marker="my-phone").type("22 123 45 67")  # a landline
    user.find(marker="save-my-phone").click()
    await eventually(lambda: "komórkowy" in (_element(user, "my-phone").error or ""))
    assert (await ClientUser.get(email=CLIENT)).phone == ""
    user.find(marker="my-phone").clear().type("601 200 300")
    user.find(marker="save-my-phone").click()
    await user.should_see("Zapisano numer telefonu.")
    assert (await ClientUser.get(email=CLIENT)).phone == "+48601200300"
    await eventually(lambda: _element(user, "my-phone").value == "+48 601 200 300")
    user.find(marker="sms-consent-switch").click()
    await user.should_see("Zapisano zgodę na SMS-y.")


async def test_a_client_clicks_a_notification_and_lands_on_its_item(user: User) -> None:
    from domain.actors import ActorKind
    from persistence.models import ClientUser, Notification

    client = await ClientUser.get(email=CLIENT)
    await log_in(user, CLIENT)
    await user.open("/klient")
    await Notification.filter(recipient_kind="client", recipient_id=client.id).delete()
    services = app_services()
    other = await services.notifications.notify(
        None, ActorKind.CLIENT, client.id, "Starsze", link="/klient/wiecej"
    )
    newest = await services.notifications.notify(
        None, ActorKind.CLIENT, client.id, "Nowe dane od biura", "VAT", "/klient/platnosci"
    )
    await eventually(lambda: badge_text(user, "bell-count") == "2")
    user.find(marker="bell").click()
    await user.should_see("Nowe dane od biura")
    user.find(marker=f"bell-item-{newest}").click()
    await eventually(lambda: user.back_history[-1] == "/klient/platnosci")
    await eventually(lambda: badge_text(user, "bell-count") == "1")
    row = await Notification.get(id=newest)
    assert row.read_at is not None
    assert (await Notification.get(id=other)).read_at is None


async def test_the_office_clicks_a_notification_and_can_mark_all_read(user: User) -> None:
    from persistence.models import Notification, Office

    office = await Office.get(name="Biuro Rachunkowe Demo")
    await log_in(user, ADMIN)
    await user.open("/biuro")
    services = app_services()
    before = int(badge_text(user, "bell-count") or 0)
    await services.notifications.notify_staff(office.id, "Adres odrzuca", link="/biuro/emaile")
    await services.notifications.notify_staff(office.id, "Drugie", link="/biuro/firmy")
    await eventually(lambda: badge_text(user, "bell-count") == str(before + 2))
    user.find(marker="bell").click()
    await user.should_see("Adres odrzuca")
    admin = await _actor(ADMIN)
    first = await Notification.get(
        recipient_kind="staff", recipient_id=admin.user_id, title="Adres odrzuca"
    )
    user.find(marker=f"bell-item-{first.id}").click()
    await eventually(lambda: user.back_history[-1] == "/biuro/emaile")
    await eventually(lambda: badge_text(user, "bell-count") == str(before + 1))
    user.find(marker="bell").click()
    await eventually(lambda: _has(user, "bell-read-all"))
    user.find(marker="bell-read-all").click()
    await eventually(lambda: badge_text(user, "bell-count") == "")
