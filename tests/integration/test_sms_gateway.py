"""SmsApiGateway against a local HTTP server speaking the SMSAPI.pl protocol (DOMAIN.md 9.1).

The server (``tests/support/sms_gateway.py``) runs on 127.0.0.1 in a thread, records every
request and answers with whatever the test queued. Nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from http.server import ThreadingHTTPServer

import pytest

from domain.errors import Retryable
from domain.sms import SmsRejected, SmsSent
from tasks.sms_smsapi import SmsApiGateway
from tests.support.sms_gateway import FakeSmsApi, handler, running_smsapi

TOKEN = "test-token-0123456789abcdef"


@pytest.fixture
def smsapi() -> Iterator[FakeSmsApi]:
    with running_smsapi() as fake:
        yield fake


def gateway(fake: FakeSmsApi, timeout: float = 5.0) -> SmsApiGateway:
    return SmsApiGateway(fake.base_url + "/", TOKEN, "Biurko", timeout=timeout)


async def test_send_posts_the_documented_form_and_parses_the_list(smsapi: FakeSmsApi) -> None:
    smsapi.answer(
        201,
        {
            "count": 2,
            "list": [
                {
                    "id": "5714A0B05738306F7F5F2E00",
                    "points": 0.16,
                    "number": "48600100200",
                    "date_sent": 1460969712,
                    "submitted_number": "48600100200",
                    "status": "QUEUE",
                },
                {
                    "id": "5714A0B05738306F7F5F2E01",
                    "points": 0.16,
                    "number": "48512345678",
                    "date_sent": 1460969712,
                    "submitted_number": "48512345678",
                    "status": "QUEUE",
                },
            ],
        },
    )

    sent = await gateway(smsapi).send("+48600100200,+48512345678", "Zażółć gęślą jaźń")

    assert sent == [
        SmsSent("5714A0B05738306F7F5F2E00", Decimal("0.16"), "48600100200"),
        SmsSent("5714A0B05738306F7F5F2E01", Decimal("0.16"), "48512345678"),
    ]
    assert all(isinstance(s.points, Decimal) for s in sent)
    [request] = smsapi.requests
    assert request.path == "/api/sms.do"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.form == {
        "to": ["48600100200,48512345678"],
        "message": ["Zażółć gęślą jaźń"],
        "from": ["Biurko"],
        "format": ["json"],
        "encoding": ["utf-8"],
    }


async def test_error_13_is_a_permanent_rejection_with_the_invalid_numbers(
    smsapi: FakeSmsApi,
) -> None:
    smsapi.answer(
        200,
        {
            "error": 13,
            "message": "No correct phone numbers",
            "invalid_numbers": [
                {
                    "number": "48100200300",
                    "submitted_number": "48100200300",
                    "message": "Invalid phone number",
                }
            ],
        },
    )

    with pytest.raises(SmsRejected) as caught:
        await gateway(smsapi).send("48100200300", "Test")

    assert not isinstance(caught.value, Retryable)
    assert caught.value.code == 13
    assert caught.value.gateway_message == "No correct phone numbers"
    assert caught.value.invalid_numbers == ("48100200300",)
    assert "brak poprawnych numerów" in caught.value.message
    assert "48100200300" in caught.value.message


async def test_authorization_error_code_means_a_bad_token(smsapi: FakeSmsApi) -> None:
    smsapi.answer(200, {"error": 101, "message": "Authorization failed"})

    with pytest.raises(SmsRejected) as caught:
        await gateway(smsapi).send("48600100200", "Test")

    assert caught.value.code == 101
    assert caught.value.message.startswith("Nieprawidłowy token SMSAPI")
    assert TOKEN not in caught.value.message


async def test_http_401_means_a_bad_token(smsapi: FakeSmsApi) -> None:
    smsapi.answer(401, {"message": "Unauthorized"})

    with pytest.raises(SmsRejected) as caught:
        await gateway(smsapi).send("48600100200", "Test")

    assert caught.value.code is None
    assert caught.value.message.startswith("Nieprawidłowy token SMSAPI (HTTP 401)")
    assert TOKEN not in str(caught.value)


async def test_unknown_error_code_keeps_the_gateway_text(smsapi: FakeSmsApi) -> None:
    smsapi.answer(200, {"error": 999, "message": "Something else"})

    with pytest.raises(SmsRejected) as caught:
        await gateway(smsapi).send("48600100200", "Test")

    assert caught.value.code == 999
    assert caught.value.message == "Bramka SMS odrzuciła wiadomość (błąd 999): Something else"


async def test_http_500_is_retryable(smsapi: FakeSmsApi) -> None:
    smsapi.answer(500, "Internal Server Error")

    with pytest.raises(Retryable, match="HTTP 500"):
        await gateway(smsapi).send("48600100200", "Test")


async def test_timeout_is_retryable(smsapi: FakeSmsApi) -> None:
    smsapi.answer(201, {"count": 0, "list": []}, delay=1.0)

    with pytest.raises(Retryable, match="nie odpowiedziała na czas"):
        await gateway(smsapi, timeout=0.3).send("48600100200", "Test")

    assert len(smsapi.requests) == 1


async def test_connection_refused_is_retryable(smsapi: FakeSmsApi) -> None:
    # A port that was free a moment ago: nothing listens there.
    probe = ThreadingHTTPServer(("127.0.0.1", 0), handler(smsapi))
    port = probe.server_address[1]
    probe.server_close()
    dead = SmsApiGateway(f"http://127.0.0.1:{port}", TOKEN, "Biurko", timeout=1.0)

    with pytest.raises(Retryable) as caught:
        await dead.send("48600100200", "Test")

    assert TOKEN not in str(caught.value)
