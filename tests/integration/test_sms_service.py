"""The SMS service end to end: settings, queue, the delivery job, a local SMSAPI-speaking server.

Every case runs on SQLite and, when configured, PostgreSQL; the gateway is
``tests/support/sms_gateway.py`` on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from bootstrap import Services
from domain.errors import ValidationError
from domain.sms_settings import SmsSettingsForm
from persistence.models import AuditEvent, Office, SmsLog
from tests.support.office_panel import admin, employee, make_company, make_office
from tests.support.services import make_settings, running_services
from tests.support.sms_gateway import FakeSmsApi, invalid_numbers_payload, running_smsapi

TOKEN = "sms-token-0123456789abcdef"


@pytest.fixture
def smsapi() -> Iterator[FakeSmsApi]:
    with running_smsapi() as fake:
        yield fake


async def wait_for(predicate: Callable[[], Awaitable[bool]], timeout: float = 15.0) -> None:
    async with asyncio.timeout(timeout):
        while not await predicate():
            await asyncio.sleep(0.05)


async def configured_office(services: Services, fake: FakeSmsApi) -> int:
    office_id = await make_office("Biuro SMS", seed=7)
    form = SmsSettingsForm(
        enabled=True, base_url=fake.base_url, token=TOKEN, sender="Biurko", price="0,16"
    )
    await services.sms_settings.update(admin(office_id), form)
    return office_id


async def sms_row(sms_id: int) -> SmsLog:
    return await SmsLog.get(id=sms_id)


async def test_success_is_logged_sent_with_points_and_the_token_never_logged(
    db_url: str, isolated_env: Path, smsapi: FakeSmsApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running_services(make_settings(isolated_env, db_url)) as services:
        office_id = await configured_office(services, smsapi)
        company_id = await make_company(office_id, "Firma Żółta", seed=31)
        smsapi.answer_sent("48600100200", points=0.16, message_id="5714A0B0")

        sms_id = await services.sms.queue(
            office_id, "600 100 200", "Zażółć gęślą jaźń", company_id=company_id
        )
        assert sms_id is not None
        await services.jobs.idle()

        row = await sms_row(sms_id)
        assert (row.status, row.gateway_id, row.tries) == ("sent", "5714A0B0", 1)
        assert Decimal(str(row.points)) == Decimal("0.16")
        assert (row.to_number, row.body, row.encoding, row.parts) == (
            "+48600100200",
            "Zazolc gesla jazn",
            "GSM-7",
            1,
        )
        assert await services.sms.statuses([sms_id]) == {sms_id: "sent"}
        [entry] = await services.sms.log(admin(office_id), 10)
        assert (entry.company_name, entry.status.value) == ("Firma Żółta", "sent")
        [request] = smsapi.requests
        assert request.form["to"] == ["48600100200"]
        assert request.headers["Authorization"] == f"Bearer {TOKEN}"

        office = await Office.get(id=office_id)
        assert office.sms_token_encrypted and TOKEN not in office.sms_token_encrypted
        audit = await AuditEvent.filter(office_id=office_id).first()
        assert audit is not None and TOKEN not in str(audit.details)
    assert TOKEN not in caplog.text


async def test_error_13_fails_at_once_with_the_polish_reason(
    db_url: str, isolated_env: Path, smsapi: FakeSmsApi
) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        office_id = await configured_office(services, smsapi)
        smsapi.answer(200, invalid_numbers_payload("48600100200"))

        sms_id = await services.sms.queue(office_id, "+48 600 100 200", "Test")
        assert sms_id is not None
        await services.jobs.idle()

        row = await sms_row(sms_id)
        assert (row.status, row.tries) == ("failed", 1)
        assert "brak poprawnych numerów" in row.error and "48600100200" in row.error
        assert len(smsapi.requests) == 1


async def test_auth_failure_fails_with_a_token_hint(
    db_url: str, isolated_env: Path, smsapi: FakeSmsApi
) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        office_id = await configured_office(services, smsapi)
        smsapi.answer(401, {"message": "Unauthorized"})

        sms_id = await services.sms.queue(office_id, "600100200", "Test")
        assert sms_id is not None
        await services.jobs.idle()

        row = await sms_row(sms_id)
        assert row.status == "failed"
        assert row.error.startswith("Nieprawidłowy token SMSAPI") and TOKEN not in row.error


async def test_timeout_is_retried_then_sent(
    db_url: str, isolated_env: Path, smsapi: FakeSmsApi
) -> None:
    settings = make_settings(isolated_env, db_url, sms_timeout_seconds=0.3, job_max_tries=5)
    async with running_services(settings) as services:
        office_id = await configured_office(services, smsapi)
        smsapi.answer(201, {"count": 0, "list": []}, delay=1.0)
        smsapi.answer_sent("48600100200", message_id="LATER")

        sms_id = await services.sms.queue(office_id, "600100200", "Test")
        assert sms_id is not None

        async def sent() -> bool:
            return (await sms_row(sms_id)).status == "sent"

        await wait_for(sent)
        row = await sms_row(sms_id)
        assert (row.gateway_id, row.tries, row.error) == ("LATER", 2, "")


async def test_timeouts_until_the_tries_run_out_fail(
    db_url: str, isolated_env: Path, smsapi: FakeSmsApi
) -> None:
    settings = make_settings(isolated_env, db_url, sms_timeout_seconds=0.2, job_max_tries=2)
    async with running_services(settings) as services:
        office_id = await configured_office(services, smsapi)
        smsapi.answer(201, {"count": 0, "list": []}, delay=0.6)
        smsapi.answer(201, {"count": 0, "list": []}, delay=0.6)

        sms_id = await services.sms.queue(office_id, "600100200", "Test")
        assert sms_id is not None

        async def failed() -> bool:
            return (await sms_row(sms_id)).status == "failed"

        await wait_for(failed)
        row = await sms_row(sms_id)
        assert row.tries == 2 and "nie odpowiedziała na czas" in row.error


async def test_disabled_office_gets_none_and_bad_numbers_are_refused(
    db_url: str, isolated_env: Path, smsapi: FakeSmsApi
) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        disabled = await make_office("Biuro bez SMS", seed=8)
        assert await services.sms.queue(disabled, "600100200", "Test") is None

        office_id = await configured_office(services, smsapi)
        with pytest.raises(ValidationError) as caught:
            await services.sms.queue(office_id, "12345", "Test")
        assert set(caught.value.errors) == {"to"}
        with pytest.raises(ValidationError) as empty:
            await services.sms.queue(office_id, "600100200", "   ")
        assert set(empty.value.errors) == {"text"}
        assert await SmsLog.filter(office_id=office_id).count() == 0
        assert smsapi.requests == []


async def test_settings_keep_the_token_hidden_and_validate(
    db_url: str, isolated_env: Path, smsapi: FakeSmsApi
) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        office_id = await configured_office(services, smsapi)
        stored = (await Office.get(id=office_id)).sms_token_encrypted

        view = await services.sms_settings.update(
            admin(office_id),
            SmsSettingsForm(enabled=True, base_url=smsapi.base_url, sender="Nowy", price="0.2"),
        )
        assert view.token_saved and view.sender == "Nowy"
        assert view.points_per_part == Decimal("0.2000")
        assert TOKEN not in repr(view)
        assert (await Office.get(id=office_id)).sms_token_encrypted == stored

        with pytest.raises(ValidationError) as caught:
            await services.sms_settings.update(
                admin(office_id),
                SmsSettingsForm(
                    enabled=True, base_url="ftp://x", sender="Za długa nazwa", price="abc"
                ),
            )
        assert set(caught.value.errors) == {"base_url", "sender", "price"}

        other = await make_office("Biuro nowe", seed=9)
        with pytest.raises(ValidationError) as no_token:
            await services.sms_settings.update(admin(other), SmsSettingsForm(enabled=True))
        assert set(no_token.value.errors) == {"token"}


async def test_test_sms_reports_the_result_and_staff_see_the_log(
    db_url: str, isolated_env: Path, smsapi: FakeSmsApi
) -> None:
    async with running_services(make_settings(isolated_env, db_url)) as services:
        office_id = await configured_office(services, smsapi)
        smsapi.answer_sent("48600100200", message_id="T1")

        entry = await services.sms.send_test(admin(office_id), "600 100 200", "Próba")

        assert (entry.status.value, entry.event_type, entry.to) == ("sent", "test", "+48600100200")
        preview = await services.sms.preview(employee(office_id), "Próba " * 30, recipients=2)
        assert (preview.encoding, preview.parts, preview.cost) == ("GSM-7", 2, Decimal("0.64"))
        assert [e.id for e in await services.sms.log(employee(office_id))] == [entry.id]

        company_id = await make_company(office_id, "Firma Przypisana", seed=32)
        smsapi.answer_sent("48600100201", message_id="T2")
        assigned = await services.sms.queue(office_id, "600100201", "Hej", company_id=company_id)
        await services.jobs.idle()
        restricted = dataclasses.replace(
            employee(office_id), restricted=True, assigned_company_ids=frozenset({company_id})
        )
        assert [e.id for e in await services.sms.log(restricted)] == [assigned]
        nobody = dataclasses.replace(restricted, assigned_company_ids=frozenset())
        assert await services.sms.log(nobody) == []
