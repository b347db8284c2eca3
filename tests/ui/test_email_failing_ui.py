"""A failing e-mail address in red on the company's users tab, live; the sent e-mails page
shows the four statuses in Polish."""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.testing import User

from domain.companies.model import ClientUserForm
from domain.events import EmailAddressCleared, EmailAddressFailing
from domain.identifiers import generate_valid_nip
from persistence.repositories.outbox import OutboxRepo
from tests.support.companies import company_form
from tests.ui.helpers import app_services, eventually, log_in

ADMIN = "admin@demo.biurko.pl"


async def _admin():  # type: ignore[no-untyped-def]
    from domain.accounts.service import actor_from
    from persistence.repositories.accounts import AccountRepo

    account = await AccountRepo().find_by_email(ADMIN)
    assert account is not None
    return actor_from(account, None)


def _failing_marks(user: User, user_id: int) -> list[Any]:
    return [
        e
        for e in user.client.elements.values()
        if f"failing-{user_id}" in e._markers and not e.is_deleted
    ]


async def test_failing_address_turns_red_live_and_clears(user: User) -> None:
    services = app_services()
    admin = await _admin()
    created = await services.companies.create(
        admin, company_form("Odbicia Testowe", generate_valid_nip(4401))
    )
    company_id = int(created.company_id)
    form = ClientUserForm("Olga", "Odbita", "Olga@Odbita.pl", send_activation=False)
    await services.client_users.add_user(admin, company_id, form)
    [member] = await services.client_users.list_users(admin, company_id)

    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{company_id}")
    user.find(kind=ui.tab, content="Użytkownicy").click()
    await user.should_see("Olga Odbita")
    assert _failing_marks(user, member.user_id) == []

    error = "Serwer poczty odrzucił wiadomość (550): 5.1.1 Mailbox does not exist"
    await OutboxRepo().mark_failing(
        admin.office_id, "olga@odbita.pl", error, 1, services.clock.now()
    )
    await services.events.publish(EmailAddressFailing(admin.office_id, "olga@odbita.pl"))
    await user.should_see("Adres odrzuca e-maile")
    await eventually(lambda: len(_failing_marks(user, member.user_id)) == 1)
    [mark] = _failing_marks(user, member.user_id)
    tooltips = [e for e in mark.descendants() if isinstance(e, ui.tooltip)]
    assert tooltips and tooltips[0].text == error
    assert any("text-negative" in e.classes for e in mark.descendants())

    await OutboxRepo().clear_failing(admin.office_id, "olga@odbita.pl")
    await services.events.publish(EmailAddressCleared(admin.office_id, "olga@odbita.pl"))
    await user.should_not_see("Adres odrzuca e-maile")
    await user.should_see("olga@odbita.pl")


async def test_sent_emails_page_shows_four_statuses_with_error(user: User) -> None:
    from persistence.models import OutboxEmail

    admin = await _admin()
    await OutboxEmail.filter(office_id=admin.office_id).delete()
    for status, error in (
        ("pending", ""),
        ("sent", ""),
        ("failed", "Serwer poczty nie odpowiedział na czas."),
        ("bounced", "Serwer poczty odrzucił wiadomość (550): 5.1.1 User unknown"),
    ):
        await OutboxEmail.create(
            office_id=admin.office_id,
            to_address=f"{status}@example.com",
            subject=f"Temat {status}",
            text_body="x",
            status=status,
            last_error=error,
            smtp_code=550 if status == "bounced" else None,
        )
    await log_in(user, ADMIN)
    await user.open("/biuro/emaile")
    for text in ("W kolejce", "Wysłany", "Błąd", "Odrzucony", "5.1.1 User unknown"):
        await user.should_see(text)
