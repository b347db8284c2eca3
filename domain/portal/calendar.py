"""A client user's due dates as an iCalendar feed at a secret, revocable URL.

One feed per client user covers every company of theirs (a Wspólnik sees only their own ZUS
entries): one all-day event per unpaid, sent ZUS or tax item, with a stable UID, so calendar
apps update events in place and drop the paid ones.

Only the token's SHA-256 is stored. The token itself is an HMAC of the user id and the feed's
generation under a key derived from the secret key, so the page can show the same URL again
without storing it; "Wygeneruj nowy adres" revokes the feed and starts the next generation.
A leaked database gives no usable URL, and a changed secret key quietly replaces the feed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import urlsplit

from icalendar import Alarm, Calendar, Event

from domain.accounts.model import Account
from domain.accounts.service import actor_from
from domain.accounts.tokens import hash_token
from domain.actors import Actor, ActorKind
from domain.companies.service import CompanyRepository
from domain.errors import NotFound, PermissionDenied
from domain.formatting import format_money
from domain.identifiers import format_account
from domain.portal.payments import PaymentItem
from domain.portal.service import PortalService
from domain.ports import Clock

CALENDAR_NAME = "Terminy płatności (Biurko)"
PRODID = "-//Biurko//Terminy płatności//PL"
REFRESH = timedelta(hours=6)  # how often calendar apps should fetch again (PT6H)
ALARM_BEFORE = timedelta(hours=15)  # 9:00 the day before an all-day event
KEY_PURPOSE = b"biurko-calendar-feed-v1"


@dataclass(frozen=True)
class FeedRow:
    id: int
    client_user_id: int
    token_hash: str


class CalendarFeedRepository(Protocol):
    async def active(self, client_user_id: int) -> FeedRow | None: ...

    async def generations(self, client_user_id: int) -> int:
        """How many feeds the user ever had (revoked ones included)."""
        ...

    async def create(self, client_user_id: int, token_hash: str, at: datetime) -> bool:
        """Store a feed; False when that hash exists already (a concurrent creation)."""
        ...

    async def revoke(self, client_user_id: int, at: datetime) -> bool: ...

    async def by_hash(self, token_hash: str) -> FeedRow | None:
        """The feed with this hash unless revoked."""
        ...


class Accounts(Protocol):
    async def get(self, kind: ActorKind, user_id: int) -> Account | None: ...


@dataclass(frozen=True)
class FeedLinks:
    url: str  # https://…/kalendarz/<token>.ics
    webcal: str  # the same as webcal://, which calendar apps open as a subscription


class CalendarFeedService:
    def __init__(
        self,
        repo: CalendarFeedRepository,
        accounts: Accounts,
        portal: PortalService,
        companies: CompanyRepository,
        clock: Clock,
        secret_key: str,
        base_url: str,
    ) -> None:
        self._repo = repo
        self._accounts = accounts
        self._portal = portal
        self._companies = companies
        self._clock = clock
        self._key = hmac.new(secret_key.encode("utf-8"), KEY_PURPOSE, hashlib.sha256).digest()
        self._base_url = base_url.rstrip("/")
        self._host = urlsplit(self._base_url).hostname or "biurko"

    # --- the client's own feed ----------------------------------------------------------

    async def feed_url(self, actor: Actor) -> FeedLinks:
        """The actor's feed URL, created on first use."""
        user_id = _client(actor)
        token = await self._current_token(user_id)
        if token is None:
            token = await self._new_token(user_id)
        return self._links(token)

    async def regenerate(self, actor: Actor) -> FeedLinks:
        """Revoke the old URL (calendars subscribed to it stop updating) and make a new one."""
        user_id = _client(actor)
        await self._repo.revoke(user_id, self._clock.now())
        return self._links(await self._new_token(user_id))

    async def revoke(self, actor: Actor) -> None:
        await self._repo.revoke(_client(actor), self._clock.now())

    # --- the public route -------------------------------------------------------------

    async def render(self, token: str) -> bytes | None:
        """The .ics body, or None for an unknown or revoked token (the route answers 404)."""
        feed = await self._repo.by_hash(hash_token(token))
        if feed is None:
            return None
        account = await self._accounts.get(ActorKind.CLIENT, feed.client_user_id)
        if account is None or not account.active:
            return None
        actor = actor_from(account, None)
        items: list[tuple[PaymentItem, str]] = []
        for membership in actor.memberships:
            try:
                payments = await self._portal.payments(actor, membership.company_id)
            except NotFound:
                continue
            head = await self._companies.head(membership.office_id, membership.company_id)
            name = head.name if head else ""
            items += [(item, name) for item in payments if item.payable and item.due_date]
        several = len({name for _, name in items}) > 1
        return bytes(self._calendar(items, several).to_ical())

    # --- helpers ----------------------------------------------------------------------

    def _token(self, user_id: int, generation: int) -> str:
        message = f"{user_id}:{generation}".encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    async def _current_token(self, user_id: int) -> str | None:
        feed = await self._repo.active(user_id)
        if feed is None:
            return None
        for generation in reversed(range(await self._repo.generations(user_id))):
            token = self._token(user_id, generation)
            if hmac.compare_digest(hash_token(token), feed.token_hash):
                return token
        # Made under another secret key: its URL cannot be shown again, so replace it.
        await self._repo.revoke(user_id, self._clock.now())
        return None

    async def _new_token(self, user_id: int) -> str:
        for _attempt in range(3):
            token = self._token(user_id, await self._repo.generations(user_id))
            if await self._repo.create(user_id, hash_token(token), self._clock.now()):
                return token
            existing = await self._current_token(user_id)  # another tab was quicker
            if existing is not None:
                return existing
        raise RuntimeError("could not create a calendar feed")

    def _links(self, token: str) -> FeedLinks:
        url = f"{self._base_url}/kalendarz/{token}.ics"
        return FeedLinks(url, "webcal://" + url.split("://", 1)[-1])

    def _calendar(self, items: list[tuple[PaymentItem, str]], several: bool) -> Calendar:
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", CALENDAR_NAME)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
        stamp = self._clock.now()
        for item, company in items:
            calendar.add_component(self._event(item, company, several, stamp))
        return calendar

    def _event(self, item: PaymentItem, company: str, several: bool, stamp: datetime) -> Event:
        assert item.due_date is not None
        summary = f"{item.label} – {format_money(item.amount)}"
        if several and company:
            summary += f" ({company})"
        event = Event()
        event.add("uid", f"biurko-entry-{item.entry_id}@{self._host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_date)
        event.add("dtend", item.due_date + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", _description(item, company))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
        return event


def _description(item: PaymentItem, company: str) -> str:
    lines = [f"Firma: {company}"] if company else []
    lines.append(f"Kwota: {format_money(item.amount)}")
    if item.account:
        lines.append(f"Rachunek: {format_account(item.account)}")
    if item.title:
        lines.append(f"Tytuł przelewu: {item.title}")
    return "\n".join(lines)


def _client(actor: Actor) -> int:
    if not actor.is_client:
        raise PermissionDenied()
    return actor.user_id
