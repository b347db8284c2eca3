"""The client's Pulpit and Płatności (simulated users): what to pay with account, title and QR,
marking paid and undoing it, the date check at the field, filters, corrections struck through,
live updates both ways (office sends -> client; client pays -> office), the company switcher
and a Wspólnik seeing only their own ZUS."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain.actors import Actor, ClientRole
from domain.entries.approval import DataType
from domain.entries.model import ZusValues
from domain.formatting import format_day, format_money
from domain.identifiers import format_account
from domain.portal.payments import PaymentItem, PaymentState
from tests.ui.helpers import app_services, eventually, log_in

CLIENT = "klient@demo.biurko.pl"
ADMIN = "admin@demo.biurko.pl"
ZUS_FORM = {"social": "1000", "health": "400", "labour_fund": "100", "total": "1500"}


async def _actor(email: str, company_id: int | None = None) -> Actor:
    from domain.accounts.service import actor_from
    from persistence.repositories.accounts import AccountRepo

    account = await AccountRepo().find_by_email(email)
    assert account is not None
    return actor_from(account, company_id)


async def _company(role: ClientRole) -> int:
    client = await _actor(CLIENT)
    return next(m.company_id for m in client.memberships if m.role is role)


async def _payments(role: ClientRole = ClientRole.FIRMA) -> list[PaymentItem]:
    company_id = await _company(role)
    return await app_services().portal.payments(await _actor(CLIENT, company_id), company_id)


async def _due() -> list[PaymentItem]:
    return [item for item in await _payments() if item.payable]


def _elements(user: User, marker: str) -> list[Any]:
    return [e for e in user.client.elements.values() if marker in e._markers]


def _text(user: User, marker: str) -> str:
    return " ".join(e.text for e in _elements(user, marker) if hasattr(e, "text"))


def _has(user: User, marker: str) -> bool:
    return bool(_elements(user, marker))


def _in_open_dialog(element: ui.element) -> bool:
    # Closed dialogs stay in the tree until the browser's "hide" deletes them.
    return all(a.value for a in element.ancestors() if isinstance(a, ui.dialog))


def _dialog_element(user: User, marker: str) -> Any:
    (element,) = [e for e in _elements(user, marker) if _in_open_dialog(e)]
    return element


def _click(user: User, element: ui.element) -> None:
    UserInteraction(user, {element}, None).click()


async def _mark_paid(user: User, item: PaymentItem, day: str | None = None) -> None:
    user.find(marker=f"mark-paid-{item.entry_id}").click()
    await eventually(lambda: any(_in_open_dialog(e) for e in _elements(user, "paid-save")))
    if day is not None:
        _dialog_element(user, "paid-on").value = day
    _click(user, _dialog_element(user, "paid-save"))


async def test_dashboard_shows_what_to_pay_with_account_title_and_qr(user: User) -> None:
    await log_in(user, CLIENT)
    await user.open("/klient")
    due = await _due()
    assert len(due) >= 2  # the demo client's last month and the current one
    board = await app_services().portal.dashboard(
        await _actor(CLIENT), await _company(ClientRole.FIRMA)
    )
    assert _text(user, "total-to-pay") == format_money(board.total_this_month)
    for item in due:
        assert _has(user, f"due-{item.entry_id}")
        assert _text(user, f"amount-{item.entry_id}") == format_money(item.amount)
        assert item.account is not None and item.qr is not None
        assert _text(user, f"account-{item.entry_id}") == format_account(item.account)
        assert _text(user, f"title-{item.entry_id}") == item.title
        qr = _elements(user, f"qr-{item.entry_id}")
        assert qr and all(e.content.lstrip().startswith("<svg") for e in qr)
        await user.should_see(item.label)
    # Paid items are not on the dashboard.
    paid = [i for i in await _payments() if i.state is PaymentState.PAID]
    assert paid and not _has(user, f"due-{paid[0].entry_id}")
    await user.should_see(marker="results-chart")
    await user.should_see(marker="office-card")
    await user.should_see("Biuro Rachunkowe Demo")


async def test_marking_paid_moves_the_item_and_undo_brings_it_back(user: User) -> None:
    await log_in(user, CLIENT)
    await user.open("/klient")
    item = (await _due())[0]
    await _mark_paid(user, item)
    await eventually(lambda: not _has(user, f"due-{item.entry_id}"))
    today = app_services().portal.today()

    await user.open("/klient/platnosci")
    assert _text(user, f"state-{item.entry_id}") == f"Zapłacone {format_day(today)}"
    [stored] = [i for i in await _payments() if i.entry_id == item.entry_id]
    assert stored.state is PaymentState.PAID and stored.paid is not None
    assert stored.paid.by_name == "Jan Kowalski"

    user.find(marker=f"undo-{item.entry_id}").click()
    await eventually(lambda: "Zapłacone" not in _text(user, f"state-{item.entry_id}"))
    await user.open("/klient")
    assert _has(user, f"due-{item.entry_id}")


async def test_a_future_or_wrong_payment_date_is_refused_at_the_field(user: User) -> None:
    await log_in(user, CLIENT)
    await user.open("/klient")
    item = (await _due())[0]
    tomorrow = app_services().portal.today() + timedelta(days=1)
    await _mark_paid(user, item, format_day(tomorrow))
    field = _dialog_element(user, "paid-on")
    await eventually(lambda: field.error == "Data zapłaty nie może być w przyszłości.")
    assert field.value == format_day(tomorrow)  # what the user typed stays

    field.value = "jutro"
    _click(user, _dialog_element(user, "paid-save"))
    await eventually(lambda: bool(field.error) and field.error.startswith("Wpisz datę"))
    assert all(i.paid is None for i in await _payments() if i.entry_id == item.entry_id)
    assert _has(user, f"due-{item.entry_id}")


async def test_filters_by_state_and_kind(user: User) -> None:
    await log_in(user, CLIENT)
    await user.open("/klient/platnosci")
    items = await _payments()

    def shown() -> set[int]:
        return {i.entry_id for i in items if _has(user, f"payment-{i.entry_id}")}

    assert shown() == {i.entry_id for i in items}
    for key, wanted in (
        ("paid", {i.entry_id for i in items if i.state is PaymentState.PAID}),
        ("overdue", {i.entry_id for i in items if i.state is PaymentState.OVERDUE}),
        ("due", {i.entry_id for i in items if i.payable}),
    ):
        assert wanted
        user.find(marker=f"filter-{key}").click()
        await eventually(lambda wanted=wanted: shown() == wanted)

    user.find(marker="filter-all").click()
    await eventually(lambda: shown() == {i.entry_id for i in items})
    (kind,) = _elements(user, "kind-filter")
    with user.client:
        kind.value = "vat"
    vat = {i.entry_id for i in items if i.label.startswith("VAT")}
    await eventually(lambda: shown() == vat)
    with user.client:
        kind.value = "zus"
    zus = {i.entry_id for i in items if isinstance(i.values, ZusValues)}
    await eventually(lambda: shown() == zus)


async def test_a_corrected_declaration_is_struck_through(user: User) -> None:
    services = app_services()
    admin = await _actor(ADMIN)
    company_id = await _company(ClientRole.FIRMA)
    declaration = next(
        i
        for i in await _due()
        if isinstance(i.values, ZusValues) and i.state is PaymentState.OVERDUE
    )
    period = declaration.values.period
    correction = await services.entries.add(
        admin, company_id, DataType.ZUS, {**ZUS_FORM, "period": period, "settlement": "K"}
    )
    await services.approval.send(admin, [correction])

    await log_in(user, CLIENT)
    await user.open("/klient/platnosci")
    assert _has(user, f"struck-{declaration.entry_id}")
    assert _text(user, f"state-{declaration.entry_id}") == "zastąpiona korektą"
    assert not _has(user, f"mark-paid-{declaration.entry_id}")
    assert _has(user, f"mark-paid-{correction}") and not _has(user, f"struck-{correction}")
    await user.open("/klient")
    assert not _has(user, f"due-{declaration.entry_id}")
    assert _has(user, f"due-{correction}")


async def test_what_the_office_sends_appears_on_the_open_dashboard(user: User) -> None:
    await log_in(user, CLIENT)
    await user.open("/klient")
    services = app_services()
    admin = await _actor(ADMIN)
    period = f"{services.portal.today():%Y-%m}"
    entry_id = await services.entries.add(
        admin,
        await _company(ClientRole.FIRMA),
        DataType.TAXES,
        {"kind": "pit_4r", "period": period, "amount": "321.00"},
    )
    await services.approval.send(admin, [entry_id])
    await eventually(lambda: _has(user, f"due-{entry_id}"))
    assert _text(user, f"amount-{entry_id}") == format_money(321)
    await user.should_see("PIT-4R (podatek pracowników) za")


async def test_the_office_sees_the_paid_mark_live(create_user: Callable[[], User]) -> None:
    company_id = await _company(ClientRole.FIRMA)
    this_month = f"{app_services().portal.today():%Y-%m}"
    item = next(
        i for i in await _due() if isinstance(i.values, ZusValues) and i.values.period == this_month
    )
    office = create_user()
    await log_in(office, ADMIN)
    await office.open(f"/biuro/firmy/{company_id}")
    office.find(kind=ui.tab, content="Składki ZUS").click()
    await eventually(lambda: _has(office, f"entry-{item.entry_id}"))
    assert not _has(office, f"paid-{item.entry_id}")

    client = create_user()
    await log_in(client, CLIENT)
    await client.open("/klient")
    await _mark_paid(client, item)

    await eventually(lambda: _has(office, f"paid-{item.entry_id}"))
    today = format_day(app_services().portal.today())
    assert _text(office, f"paid-{item.entry_id}") == f"Zapłacone {today}"


async def test_the_switcher_changes_the_company_and_a_partner_sees_own_zus(user: User) -> None:
    from persistence.models import Company

    firma = await Company.get(id=await _company(ClientRole.FIRMA))
    partner = await Company.get(id=await _company(ClientRole.WSPOLNIK))
    await log_in(user, CLIENT)
    await user.open("/klient")
    assert _text(user, "company-caption") == firma.name

    user.find(marker="company-switcher").click()
    user.find(marker=f"company-choice-{partner.id}").click()
    await eventually(lambda: _text(user, "company-caption") == partner.name)

    await user.open("/klient/platnosci")
    assert _text(user, "company-caption") == partner.name
    mine = await _payments(ClientRole.WSPOLNIK)
    zus = [i for i in mine if isinstance(i.values, ZusValues)]
    assert zus and all(i.values.person == "Jan Kowalski" for i in zus)  # type: ignore[union-attr]
    for item in mine:
        assert _has(user, f"payment-{item.entry_id}")
    # The owner's ZUS of the same company is there for the office, not for the partner.
    admin_view = await app_services().entries.table(
        await _actor(ADMIN), partner.id, DataType.ZUS, None
    )
    owners = [
        e for e in admin_view.entries if isinstance(e.values, ZusValues) and not e.values.person
    ]
    assert owners
    assert not any(_has(user, f"payment-{e.id}") for e in owners)
    for label in (e.text for e in user.client.elements.values() if isinstance(e, ui.label)):
        if label.startswith("Składki ZUS za"):
            assert label.endswith("Jan Kowalski")
