"""The auth service: log in (with throttling), sessions, set/reset password links, language."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass

from domain.accounts import throttling
from domain.accounts.login_rules import (
    COMPANY_INACTIVE,
    DEACTIVATED,
    LANDING,
    NOT_ACTIVATED,
    actor_from,
    landing_for,
    login_blocker,
    normalize_email,
    safe_next,
)
from domain.accounts.model import (
    Account,
    AccountRepository,
    LoginAttemptRepository,
    SessionRepository,
    TokenRepository,
)
from domain.accounts.passwords import check_password_rules, hash_password, verify_password
from domain.accounts.tokens import (
    TokenPurpose,
    TokenState,
    expiry_for,
    hash_token,
    new_token,
    token_state,
)
from domain.actors import Actor, ActorKind
from domain.errors import NotFound, Throttled, ValidationError
from domain.events import AccountActivated
from domain.mail import EmailService
from domain.notifications import NotificationService
from domain.ports import Clock, EventBus

__all__ = [
    "BAD_LOGIN",
    "COMPANY_INACTIVE",
    "DEACTIVATED",
    "LANDING",
    "NOT_ACTIVATED",
    "AuthRepositories",
    "AuthService",
    "NewSession",
    "actor_from",
    "landing_for",
    "login_blocker",
    "normalize_email",
    "safe_next",
]

BAD_LOGIN = "Nieprawidłowy e-mail lub hasło."


@dataclass(frozen=True)
class AuthRepositories:
    accounts: AccountRepository
    tokens: TokenRepository
    attempts: LoginAttemptRepository
    sessions: SessionRepository


@dataclass(frozen=True)
class NewSession:
    sid: str
    landing: str


class AuthService:
    def __init__(
        self,
        repos: AuthRepositories,
        email: EmailService,
        notifications: NotificationService,
        events: EventBus,
        clock: Clock,
        base_url: str,
    ) -> None:
        self._repos = repos
        self._email = email
        self._notifications = notifications
        self._events = events
        self._clock = clock
        self._base_url = base_url

    # --- logging in -------------------------------------------------------------------------

    async def login(self, email: str, password: str, ip: str, next_path: str = "") -> str:
        """Verify credentials; returns a short-lived ticket the session route redeems."""
        email = normalize_email(email)
        await self._check_throttle(email, ip)
        account = await self._repos.accounts.find_by_email(email)
        ok = await asyncio.to_thread(
            verify_password, password, account.password_hash if account else None
        )
        if account is not None and account.password_hash is None:
            raise ValidationError.single("login", NOT_ACTIVATED)
        if account is None or not ok:
            await self._repos.attempts.record(email, ip, False, self._clock.now())
            raise ValidationError.single("login", BAD_LOGIN)
        blocked = login_blocker(account)
        if blocked:
            raise ValidationError.single("login", blocked)
        await self._repos.attempts.record(email, ip, True, self._clock.now())
        return await self._issue(account, TokenPurpose.LOGIN_TICKET, safe_next(next_path))

    async def redeem_login_ticket(self, ticket: str) -> NewSession:
        """Turn a ticket into a fresh server-side session (the caller rotates the cookie)."""
        found = await self._repos.tokens.find(hash_token(ticket))
        now = self._clock.now()
        if found is None or not await self._repos.tokens.consume(
            hash_token(ticket), TokenPurpose.LOGIN_TICKET, now
        ):
            raise NotFound()
        stored, next_path = found
        kind = ActorKind(stored.user_kind)
        account = await self._repos.accounts.get(kind, stored.user_id)
        if account is None or login_blocker(account):
            raise NotFound()
        sid = secrets.token_urlsafe(32)
        company_id = min(account.active_company_ids) if account.active_company_ids else None
        await self._repos.sessions.create(hash_token(sid), kind, account.id, company_id)
        return NewSession(sid, landing_for(kind, next_path))

    async def _check_throttle(self, email: str, ip: str) -> None:
        now = self._clock.now()
        by_account, by_ip = await self._repos.attempts.failures_since(
            email, ip, throttling.lookback(now)
        )
        if throttling.locked_until(by_account, now) or throttling.locked_until(by_ip, now):
            raise Throttled(throttling.THROTTLED_MESSAGE)

    # --- sessions ---------------------------------------------------------------------------

    async def actor_for_session(self, sid: str | None) -> Actor | None:
        """The actor behind a session id, or None when the session is gone or blocked."""
        if not sid:
            return None
        record = await self._repos.sessions.get(hash_token(sid))
        if record is None:
            return None
        account = await self._repos.accounts.get(record.user_kind, record.user_id)
        if account is None or login_blocker(account):
            await self._repos.sessions.delete(hash_token(sid))
            return None
        return actor_from(account, record.company_id)

    async def switch_company(self, sid: str, actor: Actor, company_id: int) -> None:
        if company_id not in {m.company_id for m in actor.memberships}:
            raise NotFound()
        await self._repos.sessions.set_company(hash_token(sid), company_id)

    async def logout(self, sid: str | None) -> None:
        if sid:
            await self._repos.sessions.delete(hash_token(sid))

    async def end_all_sessions(self, kind: ActorKind, user_id: int) -> None:
        await self._repos.sessions.delete_for_user(kind, user_id)

    # --- password links ---------------------------------------------------------------------

    async def send_activation(self, kind: ActorKind, user_id: int) -> None:
        """E-mail a set-password link (72 h); earlier unused links stop working."""
        account = await self._require_account(kind, user_id)
        await self._repos.tokens.revoke_for_user(
            kind, user_id, TokenPurpose.SET_PASSWORD, self._clock.now()
        )
        token = await self._issue(account, TokenPurpose.SET_PASSWORD)
        await self._email.queue(
            account.email,
            "set_password",
            {
                "name": account.first_name,
                "office_name": account.office_name or "Biurko",
                "link": f"{self._base_url}/haslo/ustaw?token={token}",
                "hours": 72,
            },
            office_id=account.office_id,
        )

    async def request_password_reset(self, email: str) -> None:
        """Answers the same whether or not the e-mail is known; mails only real accounts."""
        account = await self._repos.accounts.find_by_email(normalize_email(email))
        if account is None or not account.active:
            return
        purpose = (
            TokenPurpose.RESET_PASSWORD if account.password_hash else TokenPurpose.SET_PASSWORD
        )
        await self._repos.tokens.revoke_for_user(
            account.kind, account.id, purpose, self._clock.now()
        )
        token = await self._issue(account, purpose)
        await self._email.queue(
            account.email,
            "reset_password",
            {
                "name": account.first_name,
                "hours": 2 if account.password_hash else 72,
                "link": f"{self._base_url}/haslo/ustaw?token={token}",
            },
            office_id=account.office_id,
        )

    async def link_state(self, token: str) -> TokenState:
        found = await self._repos.tokens.find(hash_token(token))
        stored = found[0] if found else None
        purpose = (
            stored.purpose
            if stored and stored.purpose is not TokenPurpose.LOGIN_TICKET
            else TokenPurpose.SET_PASSWORD
        )
        return token_state(stored, purpose, self._clock.now())

    async def set_password_with_link(self, token: str, password: str, repeated: str) -> str:
        """Set the password from an e-mailed link; returns the user's e-mail for the login form."""
        found = await self._repos.tokens.find(hash_token(token))
        if found is None or await self.link_state(token) is not TokenState.VALID:
            raise ValidationError.single("token", "Ten link wygasł albo został już użyty.")
        stored = found[0]
        kind = ActorKind(stored.user_kind)
        account = await self._require_account(kind, stored.user_id)
        await self._validate_new_password(password, repeated, account.email)
        if not await self._repos.tokens.consume(
            hash_token(token), stored.purpose, self._clock.now()
        ):
            raise ValidationError.single("token", "Ten link wygasł albo został już użyty.")
        await self._store_password(account, password)
        if account.activated_at is None:
            await self._announce_activation(account)
        return account.email

    async def change_password(self, actor: Actor, old: str, new: str, repeated: str) -> None:
        account = await self._require_account(actor.kind, actor.user_id)
        if not await asyncio.to_thread(verify_password, old, account.password_hash):
            raise ValidationError.single("old_password", "Obecne hasło jest nieprawidłowe.")
        await self._validate_new_password(new, repeated, account.email)
        await self._store_password(account, new)

    async def set_language(self, actor: Actor, language: str) -> None:
        if language not in {"pl", "en"}:
            raise ValidationError.single("language", "Nieobsługiwany język.")
        await self._repos.accounts.set_language(actor.kind, actor.user_id, language)

    # --- helpers ----------------------------------------------------------------------------

    async def _validate_new_password(self, password: str, repeated: str, email: str) -> None:
        check_password_rules(password, email)
        if password != repeated:
            raise ValidationError.single("repeated", "Hasła się różnią. Wpisz je jeszcze raz.")

    async def _store_password(self, account: Account, password: str) -> None:
        password_hash = await asyncio.to_thread(hash_password, password)
        await self._repos.accounts.set_password(
            account.kind, account.id, password_hash, account.activated_at or self._clock.now()
        )
        # A new password ends every open session of this user.
        await self._repos.sessions.delete_for_user(account.kind, account.id)

    async def _announce_activation(self, account: Account) -> None:
        await self._events.publish(
            AccountActivated(account.office_id, account.kind.value, account.id)
        )
        offices = {m.office_id for m in account.memberships} or (
            {account.office_id} if account.office_id else set()
        )
        for office_id in offices:
            await self._notifications.notify_staff(
                office_id,
                f"{account.full_name} aktywował(a) konto",
                body=account.email,
                link="/biuro",
            )

    async def _issue(self, account: Account, purpose: TokenPurpose, payload: str = "") -> str:
        token, token_hash = new_token()
        await self._repos.tokens.add(
            token_hash,
            purpose,
            account.kind,
            account.id,
            expiry_for(purpose, self._clock.now()),
            payload,
        )
        return token

    async def _require_account(self, kind: ActorKind, user_id: int) -> Account:
        account = await self._repos.accounts.get(kind, user_id)
        if account is None:
            raise NotFound()
        return account
