"""Payment reminders and the calendar feed as people see them (simulated users): the office's
N-days setting with its field error, the reminder log on the company page, and the client's
"Dodaj do kalendarza" dialog with the URL, the QR code and a new address."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import app_services, eventually, log_in

ADMIN = "admin@demo.biurko.pl"
CLIENT = "klient@demo.biurko.pl"


async def _actor(email: str):  # type: ignore[no-untyped-def]
    from domain.accounts.service import actor_from
    from persistence.repositories.accounts import AccountRepo

    account = await AccountRepo().find_by_email(email)
    assert account is not None
    return actor_from(account, None)


def _has(user: User, marker: str) -> bool:
    return any(marker in e._markers for e in user.client.elements.values())


def _element(user: User, marker: str) -> Any:
    (element,) = [e for e in user.client.elements.values() if marker in e._markers]
    return element


async def test_the_reminder_days_setting_shows_a_field_error_and_saves(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open("/biuro/ustawienia")
    await user.should_see("Przypomnienia o płatnościach")
    field = _element(user, "reminder-days")
    assert field.value == 3
    field.value = 20
    user.find(marker="save-reminders").click()
    await user.should_see("Podaj liczbę dni od 0 do 14.")
    assert field.error == "Podaj liczbę dni od 0 do 14."
    assert await app_services().reminders.days(await _actor(ADMIN)) == 3
    field.value = 5
    user.find(marker="save-reminders").click()
    await user.should_see("Zapisano ustawienia przypomnień.")
    assert field.error is None
    assert await app_services().reminders.days(await _actor(ADMIN)) == 5


async def test_the_company_page_lists_reminders_newest_first(user: User) -> None:
    from persistence.models import ClientUser, Entry, Membership, Reminder

    client = await ClientUser.get(email=CLIENT)
    membership = await Membership.filter(client_user=client, role="firma").order_by("id").first()
    assert membership is not None
    company_id = membership.company_id  # type: ignore[attr-defined]
    entry = (
        await Entry.filter(company_id=company_id, data_type="taxes", sent_json__isnull=False)
        .order_by("-period")
        .first()
    )
    assert entry is not None
    for day, kind, channels in ((1, "before", "email"), (4, "due", "portal,sms")):
        await Reminder.create(
            entry=entry,
            company_id=company_id,
            client_user_id=client.id,
            day=datetime(2031, 3, day).date(),
            kind=kind,
            sent_at=datetime(2031, 3, day, 6, 5, tzinfo=UTC),
            channels=channels,
        )
    [newest, older] = await app_services().reminders.log(await _actor(ADMIN), company_id)

    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{company_id}")
    user.find(kind=ui.tab, content="Użytkownicy").click()
    await eventually(lambda: _has(user, "reminder-table"))
    table = _element(user, "reminder-table")
    assert [row["sent_at"] for row in table.rows] == ["04.03.2031 07:05", "01.03.2031 07:05"]
    assert [row["kind"] for row in table.rows] == ["w dniu terminu", "przed terminem"]
    assert [row["channels"] for row in table.rows] == ["portal, SMS", "e-mail"]
    assert table.rows[0]["what"] == newest.label and " za " in newest.label
    assert table.rows[0]["whom"] == older.user_name and table.rows[0]["email"] == CLIENT


async def test_a_company_without_reminders_says_what_will_appear(user: User) -> None:
    from persistence.models import Company

    company = await Company.filter(office__name="Biuro Rachunkowe Demo").order_by("-id").first()
    assert company is not None
    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{company.id}")
    user.find(kind=ui.tab, content="Użytkownicy").click()
    await user.should_see("Nie wysłano jeszcze żadnych przypomnień.")


async def test_the_calendar_dialog_shows_the_url_a_qr_code_and_makes_a_new_one(
    user: User,
) -> None:
    await log_in(user, CLIENT)
    await user.open("/klient/wiecej")
    await user.should_see("Terminy w kalendarzu")
    user.find(marker="calendar-open").click()
    await eventually(lambda: _has(user, "calendar-url"))
    url = _element(user, "calendar-url").value
    assert url.startswith("http://biurko.test/kalendarz/") and url.endswith(".ics")
    assert _element(user, "calendar-qr").source.startswith("data:image/svg+xml")
    assert _element(user, "calendar-webcal").props["href"] == url.replace("http://", "webcal://")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert await app_services().calendar.render(token) is not None

    user.find(marker="calendar-regenerate").click()
    await user.should_see("Wygenerować nowy adres?")
    user.find(marker="calendar-regenerate-confirm").click()
    await user.should_see("Nowy adres gotowy. Stary już nie działa.")
    new_url = _element(user, "calendar-url").value
    assert new_url != url and new_url.startswith("http://biurko.test/kalendarz/")
    assert await app_services().calendar.render(token) is None
