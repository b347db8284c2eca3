"""SMS gateway speaking the SMSAPI.pl HTTP API (DOMAIN.md 9.1); any compatible gateway works.

``POST {base_url}/sms.do`` with ``Authorization: Bearer <token>`` and the form fields ``to``
(comma-joined), ``message``, ``from``, ``format=json`` and ``encoding=utf-8`` (the form body
is UTF-8, so the gateway is told so rather than left to its default). Success:
``{"count": n, "list": [{"id", "points", "number", "status", …}]}``; error:
``{"error": code, "message": …, "invalid_numbers": […]}``.

Only error 13 ("No correct phone numbers") is confirmed by the SMSAPI client's fixtures; the
other codes below (8, 11, 14, 101, 103) are the commonly cited ones, marked UNCONFIRMED in
DOMAIN.md. Any unknown code is still a permanent refusal with the gateway's own text.
Time-outs, connection errors, HTTP 429 and 5xx are ``Retryable``. The token is never logged.
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from domain.errors import Retryable
from domain.sms import SmsRejected, SmsSent

log = logging.getLogger(__name__)

NO_CORRECT_NUMBERS = 13
AUTHORIZATION_ERRORS = frozenset({101})  # UNCONFIRMED code (DOMAIN.md 9.1); HTTP 401/403 too.

_AUTH_REFUSED = "Nieprawidłowy token SMSAPI ({detail}). Sprawdź token w ustawieniach bramki SMS."
_PERMANENT = {
    NO_CORRECT_NUMBERS: "Bramka SMS nie przyjęła żadnego numeru odbiorcy (błąd 13: brak "
    "poprawnych numerów telefonów).",
    8: "Bramka SMS uznała zapytanie za błędne (błąd 8).",
    11: "Wiadomość jest pusta albo za długa dla bramki SMS (błąd 11).",
    14: "Bramka SMS nie przyjęła nazwy nadawcy (błąd 14). Sprawdź, czy nadawca jest "
    "zarejestrowany i zatwierdzony.",
    103: "Za mało punktów na koncie bramki SMS (błąd 103). Doładuj konto.",
}
_OTHER_ERROR = "Bramka SMS odrzuciła wiadomość (błąd {code}): {text}"


class SmsApiGateway:
    def __init__(
        self,
        base_url: str,
        token: str,
        sender: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._url = base_url.rstrip("/") + "/sms.do"
        self._token = token
        self._sender = sender
        self._timeout = timeout
        self._transport = transport

    def __repr__(self) -> str:
        return f"SmsApiGateway(url={self._url!r}, sender={self._sender!r})"

    async def send(self, to: str, message: str) -> list[SmsSent]:
        """Send ``message`` to ``to`` (one number or several, comma-joined)."""
        form = {
            "to": _gateway_numbers(to),
            "message": message,
            "from": self._sender,
            "format": "json",
            "encoding": "utf-8",
        }
        headers = {"Authorization": f"Bearer {self._token}", "Accept": "application/json"}
        try:
            async with httpx.AsyncClient(
                transport=self._transport, timeout=self._timeout
            ) as client:
                response = await client.post(self._url, data=form, headers=headers)
        except httpx.TimeoutException as error:
            raise Retryable("Bramka SMS nie odpowiedziała na czas.") from error
        except httpx.TransportError as error:
            raise Retryable(
                f"Nie można połączyć się z bramką SMS: {type(error).__name__}"
            ) from error
        sent = _parse(response)
        log.info("SMS accepted by %s: %d message(s)", self._url, len(sent))
        return sent


def _gateway_numbers(to: str) -> str:
    # SMSAPI reports numbers as country code + digits ("48100200300"); send them the same way.
    return ",".join(number.strip().removeprefix("+") for number in to.split(",") if number.strip())


def _parse(response: httpx.Response) -> list[SmsSent]:
    status = response.status_code
    if status == 429 or status >= 500:
        raise Retryable(f"Bramka SMS chwilowo nie działa (HTTP {status}).")
    if status in (401, 403):
        log.warning("SMS gateway refused authorisation (HTTP %d)", status)
        raise SmsRejected(
            _AUTH_REFUSED.format(detail=f"HTTP {status}"), gateway_message=_text(response)
        )
    try:
        body: Any = json.loads(response.text, parse_float=Decimal)
    except ValueError as error:
        raise SmsRejected(
            f"Nieczytelna odpowiedź bramki SMS (HTTP {status}).", gateway_message=_text(response)
        ) from error
    if isinstance(body, dict) and "error" in body:
        raise _rejection(body)
    if status >= 400 or not isinstance(body, dict) or not isinstance(body.get("list"), list):
        raise SmsRejected(
            f"Nieoczekiwana odpowiedź bramki SMS (HTTP {status}).", gateway_message=_text(response)
        )
    try:
        return [
            SmsSent(
                message_id=str(item["id"]),
                points=Decimal(str(item.get("points", 0))),
                number=str(item["number"]),
            )
            for item in body["list"]
        ]
    except (KeyError, TypeError, InvalidOperation) as error:
        raise SmsRejected(
            f"Nieoczekiwana odpowiedź bramki SMS (HTTP {status}).", gateway_message=_text(response)
        ) from error


def _rejection(body: dict[str, Any]) -> SmsRejected:
    raw_code: Any = body.get("error")
    try:
        code: int | None = int(raw_code)
    except (TypeError, ValueError):
        code = None
    text = str(body.get("message") or "")
    invalid = tuple(
        str(item.get("number") or item.get("submitted_number") or "")
        for item in body.get("invalid_numbers") or []
        if isinstance(item, dict)
    )
    log.warning("SMS gateway refused the message: error %s %s", raw_code, text)
    if code in AUTHORIZATION_ERRORS:
        message = _AUTH_REFUSED.format(detail=f"błąd {code}")
    elif code is not None and code in _PERMANENT:
        message = _PERMANENT[code]
        if code == NO_CORRECT_NUMBERS and invalid:
            message += " Błędne numery: " + ", ".join(invalid) + "."
    else:
        message = _OTHER_ERROR.format(code=raw_code, text=text or "brak opisu")
    return SmsRejected(message, code=code, gateway_message=text, invalid_numbers=invalid)


def _text(response: httpx.Response) -> str:
    return response.text[:500]
