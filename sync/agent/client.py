"""HTTP client of the sync API v1, with retries.

- ``POST {url}/api/sync/v1/batches`` with ``Authorization: Bearer <token>`` and the batch as
  JSON (gzip-compressed when it is larger than 1 KB and compression is on) -> 202
  ``{"batch_id", "status", "status_url"}``;
- ``GET {url}/api/sync/v1/batches/{batch_id}`` -> the batch status.

Connection errors, time-outs, 5xx and 429 are retried with exponential backoff and jitter
(``Retry-After`` is honoured up to the maximum delay); other 4xx answers are final: 401/403
raise ``AuthFailed``, 422 ``Rejected`` (with the server's details), 409 ``Conflict``, 413
``TooLarge``. The status is always fetched from the configured server, never from a
``status_url`` the server returned, so the token cannot be sent anywhere else.
"""

from __future__ import annotations

import gzip
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from . import AGENT_NAME

API_PREFIX = "/api/sync/v1/batches"
GZIP_THRESHOLD = 1024


class SyncError(Exception):
    """A request the agent could not complete; ``str()`` is a Polish message."""


class Unreachable(SyncError):
    pass


class AuthFailed(SyncError):
    pass


class Rejected(SyncError):
    def __init__(self, message: str, details: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.details = details


class Conflict(SyncError):
    pass


class TooLarge(SyncError):
    pass


class NotFound(SyncError):
    """The server does not know the batch (404): it has to be sent again."""


class ServerError(SyncError):
    """An unexpected final answer (a 4xx other than those above, or an unreadable body)."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 60.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Delay before retry number ``attempt`` (1-based): exponential, half of it jittered."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        delay: float = ceiling / 2 + random.uniform(0, ceiling / 2)
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.max_delay))
        return delay


class SyncClient:
    def __init__(
        self,
        url: str,
        token: str,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        compress: bool = True,
        sleep: Callable[[float], None] = time.sleep,
        log: Callable[[str], None] = lambda message: None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self.compress = compress
        self._sleep = sleep
        self._log = log
        self._http = httpx.Client(
            timeout=timeout,
            headers={
                "Authorization": f"Bearer {token}",
                "User-Agent": AGENT_NAME,
                "Accept": "application/json",
            },
            follow_redirects=False,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def submit(self, body: bytes) -> dict[str, Any]:
        """POST a serialized batch; returns the server's answer (batch_id, status)."""
        headers = {"Content-Type": "application/json"}
        if self.compress and len(body) > GZIP_THRESHOLD:
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        response = self._request("POST", self.url + API_PREFIX, content=body, headers=headers)
        if response.status_code in (200, 201, 202):
            return _json(response)
        raise _final_error(response)

    def status(self, batch_id: str) -> dict[str, Any]:
        response = self._request("GET", f"{self.url}{API_PREFIX}/{quote(batch_id, safe='')}")
        if response.status_code == 200:
            return _json(response)
        raise _final_error(response)

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        attempt = 0
        while True:
            attempt += 1
            retry_after: float | None = None
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.TransportError as error:
                problem = f"brak połączenia z serwerem ({type(error).__name__}: {error})"
            else:
                if response.status_code != 429 and response.status_code < 500:
                    return response
                problem = f"serwer odpowiedział {response.status_code}"
                retry_after = _retry_after(response)
            if attempt >= self.retry.attempts:
                raise Unreachable(f"{problem}; poddaję się po {attempt} próbach")
            delay = self.retry.delay(attempt, retry_after)
            self._log(
                f"{problem}; ponawiam za {delay:.1f} s (próba {attempt + 1}/{self.retry.attempts})"
            )
            self._sleep(delay)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError as error:
        raise ServerError(
            f"serwer zwrócił nieczytelną odpowiedź ({response.status_code})"
        ) from error
    if not isinstance(data, dict):
        raise ServerError(f"serwer zwrócił nieoczekiwaną odpowiedź ({response.status_code})")
    return data


def _final_error(response: httpx.Response) -> SyncError:
    code = response.status_code
    if code in (401, 403):
        return AuthFailed(
            f"serwer odrzucił token ({code}): sprawdź token synchronizacji w ustawieniach biura"
        )
    if code == 422:
        try:
            details = response.json().get("detail", [])
        except (ValueError, AttributeError):
            details = []
        if not isinstance(details, list):
            details = [{"loc": [], "msg": str(details)}]
        return Rejected(f"serwer odrzucił paczkę jako niepoprawną ({code})", details)
    if code == 409:
        return Conflict("identyfikator paczki był już użyty z inną treścią (409)")
    if code == 404:
        return NotFound("serwer nie zna tej paczki (404)")
    if code == 413:
        return TooLarge("paczka jest za duża dla serwera (413)")
    return ServerError(f"nieoczekiwana odpowiedź serwera: {code} {response.text[:200]}")
