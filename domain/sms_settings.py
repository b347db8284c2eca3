"""An office's SMS gateway settings: address, token, sender name, transliteration, price.

For the office administrator (``Action.MANAGE_OFFICE_SETTINGS``). The token is stored encrypted
with a ``SecretBox`` (purpose "sms-token") and is never returned by any read method: the view
only says whether one is saved, and leaving the token field empty keeps the stored one. The
audit entry of a change hides the token the same way the SMTP password is hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol
from urllib.parse import urlsplit

from domain.actors import Actor
from domain.audit import AuditLog
from domain.errors import NotFound, ValidationError
from domain.office_settings import SETTINGS_CHANGED, OfficeSettingsChanged
from domain.policies import Action, require
from domain.ports import EventBus
from domain.secrets_box import SecretBox

TOKEN_PURPOSE = "sms-token"  # noqa: S105 - the SecretBox purpose, not a secret
DEFAULT_BASE_URL = "https://api.smsapi.pl/"
SENDER_MAX = 11
PRICE_MAX = Decimal("1000")
HIDDEN_TOKEN = "(ukryty)"  # noqa: S105 - a placeholder shown in the log
NEW_TOKEN = "(nowy token)"  # noqa: S105 - a placeholder shown in the log
NO_TOKEN = "(brak)"  # noqa: S105 - a placeholder shown in the log

# SMSAPI sender names ("pole nadawcy") are up to 11 letters and digits, registered in its panel.
_SENDER = re.compile(r"[A-Za-z0-9]{1,11}")

BASE_URL_INVALID = "Wpisz adres bramki zaczynający się od https:// lub http://."
SENDER_INVALID = "Nazwa nadawcy może mieć najwyżej 11 liter (bez polskich znaków) i cyfr."
PRICE_INVALID = "Podaj cenę części SMS-a w punktach, np. 0,16."
TOKEN_REQUIRED = "Aby włączyć SMS-y, podaj token bramki."  # noqa: S105 - a message
TOKEN_TOO_LONG = "Token może mieć najwyżej 500 znaków."  # noqa: S105 - a message


@dataclass(frozen=True)
class StoredSms:
    """The office's SMS columns as stored (the token encrypted, "" when none)."""

    enabled: bool
    base_url: str
    token_encrypted: str = field(repr=False)
    sender: str
    transliterate: bool
    points_per_part: Decimal


@dataclass(frozen=True)
class SmsSettingsForm:
    """What the administrator typed; an empty ``token`` keeps the stored one. ``price`` is
    text as typed ("0,16" or "0.16")."""

    enabled: bool
    base_url: str = DEFAULT_BASE_URL
    token: str = field(default="", repr=False)
    sender: str = ""
    transliterate: bool = True
    price: str = "0.16"


@dataclass(frozen=True)
class SmsSettingsView:
    """What the settings page shows: never the token, only whether one is saved."""

    enabled: bool
    base_url: str
    sender: str
    transliterate: bool
    points_per_part: Decimal
    token_saved: bool


@dataclass(frozen=True)
class SmsGatewayConfig:
    """Everything an adapter needs to send (the token decrypted): built only for delivery."""

    base_url: str
    token: str = field(repr=False)
    sender: str


class SmsSettingsRepository(Protocol):
    async def sms(self, office_id: int) -> StoredSms | None: ...

    async def save_sms(self, office_id: int, sms: StoredSms) -> None: ...


class SmsSettingsService:
    def __init__(
        self,
        *,
        repo: SmsSettingsRepository,
        secret_box: SecretBox,
        audit: AuditLog,
        events: EventBus,
    ) -> None:
        self._repo = repo
        self._box = secret_box
        self._audit = audit
        self._events = events

    async def settings(self, actor: Actor) -> SmsSettingsView:
        stored = await self._stored(_admin_office(actor))
        return _view(stored)

    async def update(self, actor: Actor, form: SmsSettingsForm) -> SmsSettingsView:
        """Validate and save (every wrong field reported at once); audit what changed."""
        office_id = _admin_office(actor)
        stored = await self._stored(office_id)
        new = self._clean(form, stored)
        before, after = _changes(_audit_view(stored), _audit_view(new))
        if new.token_encrypted != stored.token_encrypted:
            before["sms_token"] = HIDDEN_TOKEN if stored.token_encrypted else NO_TOKEN
            after["sms_token"] = NEW_TOKEN
        if not after:
            return _view(stored)
        await self._repo.save_sms(office_id, new)
        await self._audit.record(
            actor,
            SETTINGS_CHANGED,
            "Zmieniono ustawienia bramki SMS",
            details={"before": before, "after": after},
        )
        await self._events.publish(OfficeSettingsChanged(office_id, "sms"))
        return _view(new)

    async def stored(self, office_id: int) -> StoredSms | None:
        """For the SMS service: the stored settings of any office (no actor: jobs use it)."""
        return await self._repo.sms(office_id)

    def gateway_config(self, stored: StoredSms) -> SmsGatewayConfig:
        """Decrypt the token for sending; ``DomainError`` when it cannot be decrypted."""
        return SmsGatewayConfig(
            stored.base_url, self._box.decrypt(stored.token_encrypted), stored.sender
        )

    async def _stored(self, office_id: int) -> StoredSms:
        stored = await self._repo.sms(office_id)
        if stored is None:
            raise NotFound()
        return stored

    def _clean(self, form: SmsSettingsForm, stored: StoredSms) -> StoredSms:
        errors: dict[str, str] = {}
        base_url = _clean_base_url(form.base_url)
        if base_url is None:
            errors["base_url"] = BASE_URL_INVALID
        sender = form.sender.strip()
        if sender and not _SENDER.fullmatch(sender):
            errors["sender"] = SENDER_INVALID
        price = _clean_price(form.price)
        if price is None:
            errors["price"] = PRICE_INVALID
        token = form.token.strip()
        if len(token) > 500:
            errors["token"] = TOKEN_TOO_LONG
        elif form.enabled and not token and not stored.token_encrypted:
            errors["token"] = TOKEN_REQUIRED
        if errors:
            raise ValidationError(errors)
        encrypted = self._box.encrypt(token) if token else stored.token_encrypted
        return StoredSms(
            form.enabled,
            base_url or DEFAULT_BASE_URL,
            encrypted,
            sender,
            form.transliterate,
            price or Decimal(0),
        )


def is_usable(stored: StoredSms | None) -> bool:
    """Can the office send SMS at all (switched on, with a token)?"""
    return stored is not None and stored.enabled and bool(stored.token_encrypted)


def _admin_office(actor: Actor) -> int:
    require(actor, Action.MANAGE_OFFICE_SETTINGS)
    if actor.office_id is None:
        raise NotFound()
    return actor.office_id


def _clean_base_url(value: str) -> str | None:
    url = value.strip() or DEFAULT_BASE_URL
    parts = urlsplit(url)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or any(character.isspace() for character in url)
        or len(url) > 200
    ):
        return None
    return url


def _clean_price(value: str) -> Decimal | None:
    text = value.strip().replace(",", ".").replace(" ", "")
    try:
        price = Decimal(text or "0")
    except InvalidOperation:
        return None
    if not price.is_finite() or price < 0 or price > PRICE_MAX:
        return None
    return price.quantize(Decimal("0.0001"))


def _view(stored: StoredSms) -> SmsSettingsView:
    return SmsSettingsView(
        stored.enabled,
        stored.base_url,
        stored.sender,
        stored.transliterate,
        stored.points_per_part,
        bool(stored.token_encrypted),
    )


def _audit_view(stored: StoredSms) -> dict[str, Any]:
    return {
        "sms_enabled": stored.enabled,
        "sms_base_url": stored.base_url,
        "sms_sender": stored.sender,
        "sms_transliterate": stored.transliterate,
        "sms_points_per_part": str(stored.points_per_part),
    }


def _changes(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    changed = [name for name in after if before.get(name) != after[name]]
    return {n: before.get(n) for n in changed}, {n: after[n] for n in changed}
