"""The client's Zestawienia (simulated users): the year's table and totals, switching years,
and a statement PDF requested, rendered by the job, then downloaded (the demo client has twelve
months of sent statements)."""

from __future__ import annotations

from decimal import Decimal

from nicegui import ui
from nicegui.testing import User

from domain.formatting import format_amount
from domain.portal.service import StatementYear
from tests.ui.helpers import app_services, eventually, log_in

CLIENT = "klient@demo.biurko.pl"
PAGE = "/klient/zestawienia"
NBSP = "\u00a0"


async def _client():  # type: ignore[no-untyped-def]
    from domain.accounts.service import actor_from
    from persistence.repositories.accounts import AccountRepo

    account = await AccountRepo().find_by_email(CLIENT)
    assert account is not None
    return actor_from(account, None)  # the current company at login


async def _statements(year: int | None = None) -> StatementYear:
    actor = await _client()
    return await app_services().portal.statements(actor, actor.company_id, year)


def _text(user: User, marker: str) -> str:
    (element,) = user.find(marker=marker).elements
    return str(element.text)


def _amount(value: Decimal) -> str:
    text = format_amount(abs(value))
    return ("\u2212" + text if value < 0 else text).replace(" ", NBSP)


async def _open(user: User) -> StatementYear:
    await log_in(user, CLIENT)
    await user.open(PAGE)
    await user.should_see(marker="statement-table")
    return await _statements()


async def test_the_table_shows_every_month_and_the_year_totals(user: User) -> None:
    data = await _open(user)
    assert data.rows, "the demo client has sent statements"
    await user.should_see(marker="statements-chart")
    for values in data.rows:
        row = f"statement-{values.period}"
        await user.should_see(marker=row)
        await user.should_see(_amount(values.revenue), marker=row)
        await user.should_see(_amount(values.result), marker=row)
    assert _text(user, "total-revenue") == f"{_amount(data.totals.revenue)}{NBSP}zł"
    assert _text(user, "total-costs") == f"{_amount(data.totals.costs)}{NBSP}zł"
    await user.should_see(_amount(data.totals.result), marker="statement-total-row")
    await user.should_see(f"Razem w roku {data.year}")


async def test_switching_the_year_shows_that_years_months(user: User) -> None:
    data = await _open(user)
    assert len(data.years) > 1, "the demo statements span two years"
    other = data.years[0]
    (picker,) = user.find(marker="year-picker").elements
    picker.value = other
    await user.should_see(f"Razem w roku {other}")
    earlier = await _statements(other)
    for values in earlier.rows:
        await user.should_see(marker=f"statement-{values.period}")
    await user.should_not_see(marker=f"statement-{data.rows[-1].period}")
    assert _text(user, "total-revenue") == f"{_amount(earlier.totals.revenue)}{NBSP}zł"


async def test_a_pdf_is_rendered_then_downloaded(user: User) -> None:
    data = await _open(user)
    year_button = f"pdf-{data.year}"
    user.find(marker=year_button).click()
    response = await user.download.next(timeout=30)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) < 100 * 1024
    disposition = response.headers["content-disposition"]
    assert f'filename="zestawienie-{data.year}-' in disposition

    # The spinner is gone, and asking again downloads the cached file at once.
    (button,) = user.find(marker=year_button).elements
    await eventually(lambda: "loading" not in button.props)
    user.find(marker=year_button).click()
    again = await user.download.next(timeout=5)
    assert again.content == response.content

    month = data.rows[-1].period
    user.find(kind=ui.button, marker=f"pdf-{month}").click()
    single = await user.download.next(timeout=30)
    assert f'filename="zestawienie-{month}-' in single.headers["content-disposition"]
    assert single.content != response.content


async def test_the_download_route_refuses_a_client_of_another_company(user: User) -> None:
    actor = await _client()
    pdfs = app_services().statement_pdfs
    scope = str((await _statements()).year)
    request = await pdfs.request_pdf(actor, actor.company_id, scope)

    async def ready() -> bool:
        return (await pdfs.status(actor, request.pdf_id)).ready

    await eventually(ready, timeout=30)
    await log_in(user, "wlasciciel3@demo.biurko.pl")  # Firma of another demo company
    refused = await user.http_client.get(f"{PAGE}/pdf/{request.pdf_id}")
    assert refused.status_code == 404
    assert not refused.content.startswith(b"%PDF")
