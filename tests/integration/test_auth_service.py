"""The auth service against a real database: login, throttling, blocked accounts, links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.accounts.tokens import TokenState
from domain.actors import ActorKind
from domain.clock import FixedClock
from domain.errors import NotFound, Throttled, ValidationError
from persistence.demo import DEMO_PASSWORD
from persistence.models import ClientUser, Company, Membership, OutboxEmail, StaffUser
from tests.support.services import make_settings, running_services

LINK = re.compile(r"http://biurko\.test/haslo/ustaw\?token=([\w-]+)")


async def test_login_issues_ticket_that_opens_one_session(db_url: str, isolated_env: Path) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        ticket = await services.auth.login(
            " Admin@Demo.Biurko.pl ", DEMO_PASSWORD, "10.0.0.1", "/biuro/firmy"
        )
        session = await services.auth.redeem_login_ticket(ticket)
        assert session.landing == "/biuro/firmy"
        actor = await services.auth.actor_for_session(session.sid)
        assert actor is not None and actor.is_admin and actor.email == "admin@demo.biurko.pl"
        with pytest.raises(NotFound):  # single use
            await services.auth.redeem_login_ticket(ticket)
        await services.auth.logout(session.sid)
        assert await services.auth.actor_for_session(session.sid) is None


async def test_client_lands_in_portal_and_foreign_next_is_ignored(
    db_url: str, isolated_env: Path
) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        ticket = await services.auth.login(
            "klient@demo.biurko.pl", DEMO_PASSWORD, "10.0.0.2", "https://evil.example/biuro"
        )
        session = await services.auth.redeem_login_ticket(ticket)
        assert session.landing == "/klient"
        actor = await services.auth.actor_for_session(session.sid)
        assert actor is not None and actor.is_client and actor.company_id is not None


async def test_wrong_password_then_throttled_for_account_and_address(
    db_url: str, isolated_env: Path
) -> None:
    clock = FixedClock()
    async with running_services(make_settings(isolated_env, db_url), clock) as services:
        for _ in range(5):
            with pytest.raises(ValidationError) as error:
                await services.auth.login("admin@demo.biurko.pl", "wrong-password!", "10.0.0.3")
            assert error.value.errors["login"] == "Nieprawidłowy e-mail lub hasło."
            clock.advance(seconds=30)
        with pytest.raises(Throttled):  # even the right password is refused now
            await services.auth.login("admin@demo.biurko.pl", DEMO_PASSWORD, "10.0.0.99")
        with pytest.raises(Throttled):  # the same address for an unknown account, same answer
            await services.auth.login("nobody@example.com", "whatever-123", "10.0.0.3")
        clock.advance(minutes=15)
        assert await services.auth.login("admin@demo.biurko.pl", DEMO_PASSWORD, "10.0.0.4")


async def test_blocked_accounts_get_their_own_messages(db_url: str, isolated_env: Path) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        await StaffUser.filter(email="pracownik@demo.biurko.pl").update(active=False)
        with pytest.raises(ValidationError, match="wyłączone"):
            await services.auth.login("pracownik@demo.biurko.pl", DEMO_PASSWORD, "10.1.0.1")
        company_ids = await Membership.filter(
            client_user__email="klient@demo.biurko.pl"
        ).values_list("company_id", flat=True)
        await Company.filter(id=company_ids[0]).update(active=False)
        assert await services.auth.login("klient@demo.biurko.pl", DEMO_PASSWORD, "10.1.0.5")
        await Company.filter(id__in=company_ids).update(active=False)
        with pytest.raises(ValidationError, match="nieaktywna"):
            await services.auth.login("klient@demo.biurko.pl", DEMO_PASSWORD, "10.1.0.2")
        await ClientUser.create(email="nowy@example.com", first_name="Nowy", last_name="Klient")
        with pytest.raises(ValidationError, match="nie jest jeszcze aktywne"):
            await services.auth.login("nowy@example.com", "cokolwiek-123", "10.1.0.3")


async def test_open_session_ends_when_staff_is_deactivated(db_url: str, isolated_env: Path) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        ticket = await services.auth.login("pracownik@demo.biurko.pl", DEMO_PASSWORD, "10.2.0.1")
        session = await services.auth.redeem_login_ticket(ticket)
        assert await services.auth.actor_for_session(session.sid) is not None
        await StaffUser.filter(email="pracownik@demo.biurko.pl").update(active=False)
        assert await services.auth.actor_for_session(session.sid) is None


async def test_activation_link_sets_password_once_and_notifies_office(
    db_url: str, isolated_env: Path
) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        company = await Company.first()
        assert company is not None
        user = await ClientUser.create(email="ewa@example.com", first_name="Ewa", last_name="Nowak")
        await Membership.create(client_user=user, company=company, role="firma")
        await services.auth.send_activation(ActorKind.CLIENT, user.id)
        await services.jobs.idle()
        email = await OutboxEmail.get(to_address="ewa@example.com")
        assert email.status == "sent"
        token = LINK.search(email.text_body).group(1)  # type: ignore[union-attr]
        assert await services.auth.link_state(token) is TokenState.VALID

        with pytest.raises(ValidationError) as short:
            await services.auth.set_password_with_link(token, "krotkie", "krotkie")
        assert "password" in short.value.errors
        with pytest.raises(ValidationError) as differ:
            await services.auth.set_password_with_link(
                token, "Zielona-Łąka-2026", "Zielona-Laka-2026"
            )
        assert "repeated" in differ.value.errors
        assert (
            await services.auth.set_password_with_link(
                token, "Zielona-Łąka-2026", "Zielona-Łąka-2026"
            )
            == "ewa@example.com"
        )
        assert await services.auth.link_state(token) is TokenState.USED
        with pytest.raises(ValidationError):
            await services.auth.set_password_with_link(token, "Inne-Hasło-2026", "Inne-Hasło-2026")
        assert await services.auth.login("ewa@example.com", "Zielona-Łąka-2026", "10.3.0.1")
        admin = await StaffUser.get(email="admin@demo.biurko.pl")
        actor = await services.auth.actor_for_session(
            (
                await services.auth.redeem_login_ticket(
                    await services.auth.login(admin.email, DEMO_PASSWORD, "10.3.0.2")
                )
            ).sid
        )
        assert actor is not None
        assert await services.notifications.unread_count(actor) == 1


async def test_links_expire(db_url: str, isolated_env: Path) -> None:
    clock = FixedClock()
    async with running_services(make_settings(isolated_env, db_url), clock) as services:
        await services.auth.request_password_reset("klient@demo.biurko.pl")
        await services.auth.request_password_reset("unknown@example.com")  # silently nothing
        await services.jobs.idle()
        emails = await OutboxEmail.all()
        assert [e.to_address for e in emails] == ["klient@demo.biurko.pl"]
        token = LINK.search(emails[0].text_body).group(1)  # type: ignore[union-attr]
        clock.advance(hours=2, seconds=1)
        assert await services.auth.link_state(token) is TokenState.EXPIRED
        with pytest.raises(ValidationError, match="wygasł"):
            await services.auth.set_password_with_link(
                token, "Nowe-Hasło-2026!", "Nowe-Hasło-2026!"
            )


async def test_password_change_ends_sessions_and_needs_old_password(
    db_url: str, isolated_env: Path
) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        session = await services.auth.redeem_login_ticket(
            await services.auth.login("klient@demo.biurko.pl", DEMO_PASSWORD, "10.4.0.1")
        )
        actor = await services.auth.actor_for_session(session.sid)
        assert actor is not None
        with pytest.raises(ValidationError) as wrong:
            await services.auth.change_password(
                actor, "not-my-password", "Nowe-Hasło-2026!", "Nowe-Hasło-2026!"
            )
        assert "old_password" in wrong.value.errors
        await services.auth.change_password(
            actor, DEMO_PASSWORD, "Nowe-Hasło-2026!", "Nowe-Hasło-2026!"
        )
        assert await services.auth.actor_for_session(session.sid) is None
        assert await services.auth.login("klient@demo.biurko.pl", "Nowe-Hasło-2026!", "10.4.0.2")
