"""The iCalendar feed: a secret, revocable URL per client user with their unpaid due dates,
served by ``/kalendarz/{token}.ics`` (here on a bare FastAPI app, without a socket)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from icalendar import Calendar

from bootstrap import Services
from domain.accounts.tokens import hash_token
from domain.clock import FixedClock
from domain.entries.approval import DataType
from domain.errors import PermissionDenied
from domain.portal.calendar import CalendarFeedService
from persistence.models import CalendarFeed, ClientUser
from persistence.models import Membership as MembershipRow
from persistence.repositories.accounts import AccountRepo
from persistence.repositories.companies import CompanyRepo
from persistence.repositories.reminders import CalendarFeedRepo
from tests.support.companies import World, make_world
from tests.support.services import make_settings, running_services
from ui.calendar_feed import add_feed_route

ZUS = {"social": "1000", "health": "400", "labour_fund": "100", "total": "1500"}
VAT_OCTOBER = {"kind": "vat", "period": "2026-10", "amount": "2300"}


@pytest.fixture
async def services(db_url: str, isolated_env: Path) -> AsyncIterator[Services]:
    clock = FixedClock(datetime(2026, 11, 18, 9, 0, tzinfo=UTC))
    async with running_services(make_settings(isolated_env, db_url, demo_data=False), clock) as s:
        yield s


@pytest.fixture
async def world(services: Services) -> World:
    return await make_world(services)


@pytest.fixture
async def http(services: Services) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    add_feed_route(app, services)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://biurko.test") as client:
        yield client


async def sent(
    services: Services, world: World, data_type: DataType, form: dict, company: int = 0
) -> int:
    entry_id = await services.entries.add(world.admin, company or world.a1, data_type, form)
    await services.approval.send(world.admin, [entry_id])
    return entry_id


def path_of(url: str) -> str:
    assert url.startswith("http://biurko.test/kalendarz/") and url.endswith(".ics")
    return url.removeprefix("http://biurko.test")


async def events(http: httpx.AsyncClient, url: str) -> list:
    response = await http.get(path_of(url))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "no-store" in response.headers["cache-control"]
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


async def test_the_feed_holds_unpaid_due_dates_with_stable_uids(
    services: Services, world: World, http: httpx.AsyncClient
) -> None:
    vat = await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    zus = await sent(services, world, DataType.ZUS, {**ZUS, "period": "2026-10"})
    await services.entries.add(
        world.admin, world.a1, DataType.TAXES, {**VAT_OCTOBER, "kind": "cit"}
    )
    links = await services.calendar.feed_url(world.client_a)
    assert links.webcal == links.url.replace("http://", "webcal://")
    assert (await services.calendar.feed_url(world.client_a)) == links  # shown again, same URL
    [row] = await CalendarFeed.all()
    token = path_of(links.url).removeprefix("/kalendarz/").removesuffix(".ics")
    assert row.token_hash == hash_token(token) and token not in row.token_hash
    found = {str(e["uid"]): e for e in await events(http, links.url)}
    assert set(found) == {f"biurko-entry-{zus}@biurko.test", f"biurko-entry-{vat}@biurko.test"}
    event = found[f"biurko-entry-{vat}@biurko.test"]
    assert str(event["summary"]) == "VAT za październik 2026 – 2\u00a0300,00\u00a0zł"
    assert event.decoded("dtstart") == date(2026, 11, 25)
    assert event.decoded("dtend") == date(2026, 11, 26)
    description = str(event["description"])
    assert "Rachunek: 16 1010 0071 2222 5261 0408 2800" in description
    assert "Tytuł przelewu:" in description and "Firma: Alfa Sp. z o.o." in description
    [alarm] = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert found[f"biurko-entry-{zus}@biurko.test"].decoded("dtstart") == date(2026, 11, 20)


async def test_paid_items_and_inactive_companies_disappear(
    services: Services, world: World, http: httpx.AsyncClient
) -> None:
    vat = await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    await sent(services, world, DataType.ZUS, {**ZUS, "period": "2026-10"})
    url = (await services.calendar.feed_url(world.client_a)).url
    assert len(await events(http, url)) == 2
    await services.portal.mark_paid(world.client_a, world.a1, vat, date(2026, 11, 17))
    assert [str(e["summary"]) for e in await events(http, url)] == [
        "Składki ZUS za październik 2026 – 1\u00a0500,00\u00a0zł"
    ]
    await services.companies.set_status(world.admin, world.a1, False)
    assert await events(http, url) == []


async def test_a_revoked_or_unknown_url_answers_404(
    services: Services, world: World, http: httpx.AsyncClient
) -> None:
    await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    old = (await services.calendar.feed_url(world.client_a)).url
    new = (await services.calendar.regenerate(world.client_a)).url
    assert new != old
    assert (await http.get(path_of(old))).status_code == 404
    assert len(await events(http, new)) == 1
    assert (await services.calendar.feed_url(world.client_a)).url == new
    await services.calendar.revoke(world.client_a)
    response = await http.get(path_of(new))
    assert response.status_code == 404 and "no-store" in response.headers["cache-control"]
    assert (await http.get("/kalendarz/nie-ma-takiego.ics")).status_code == 404
    newest = (await services.calendar.feed_url(world.client_a)).url
    assert newest not in (old, new) and len(await events(http, newest)) == 1
    assert await CalendarFeed.filter(revoked_at__isnull=True).count() == 1


async def test_another_users_entries_never_appear(
    services: Services, world: World, http: httpx.AsyncClient
) -> None:
    await sent(services, world, DataType.TAXES, VAT_OCTOBER)
    partner = await ClientUser.create(email="jan@a.test", first_name="Jan", last_name="Nowak")
    await MembershipRow.create(client_user=partner, company_id=world.a1, role="wspolnik")
    own = await sent(
        services, world, DataType.ZUS, {**ZUS, "period": "2026-10", "person": "Jan Nowak"}
    )
    await sent(services, world, DataType.ZUS, {**ZUS, "period": "2026-10", "person": "Ewa Nowak"})
    b_url = (await services.calendar.feed_url(world.client_b)).url
    assert await events(http, b_url) == []
    partner_actor = replace(world.client_a, user_id=partner.id, name="Jan Nowak")
    partner_url = (await services.calendar.feed_url(partner_actor)).url
    uids = [str(e["uid"]) for e in await events(http, partner_url)]
    assert f"biurko-entry-{own}@biurko.test" in uids and len(uids) == 2  # own ZUS and the VAT
    with pytest.raises(PermissionDenied):
        await services.calendar.feed_url(world.admin)


async def test_a_changed_secret_key_replaces_the_feed(services: Services, world: World) -> None:
    old = (await services.calendar.feed_url(world.client_a)).url
    rekeyed = CalendarFeedService(
        CalendarFeedRepo(),
        AccountRepo(),
        services.portal,
        CompanyRepo(),
        services.clock,
        "another-secret-key-that-is-long-enough-0123456789",
        "http://biurko.test",
    )
    new = (await rekeyed.feed_url(world.client_a)).url
    assert new != old
    assert (
        await rekeyed.render(path_of(old).removeprefix("/kalendarz/").removesuffix(".ics")) is None
    )
    assert await CalendarFeed.filter(revoked_at__isnull=True).count() == 1
