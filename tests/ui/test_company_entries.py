"""The company tabs "Składki ZUS", "Podatki" and "Zestawienia" as office staff use them
(simulated users): adding through the dialog, field errors, edit and delete of hand-typed
entries, the read-only synced ones, sending from the tab and live updates."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain.deadlines import TaxKind
from domain.entries.approval import DataType
from domain.entries.model import Entry, Source, ZusSettlement, ZusValues
from domain.identifiers import format_account, generate_valid_nip, tax_micro_account
from tests.support.companies import company_form
from tests.ui.helpers import app_services, eventually, log_in

ADMIN = "admin@demo.biurko.pl"
ADMIN_NAME = "Anna Administratorska"
NBSP = "\u00a0"
TAB_KINDS = {"Składki ZUS": "zus", "Podatki": "taxes", "Zestawienia": "statements"}


def zl(amount: str) -> str:
    return amount.replace(" ", NBSP) + NBSP + "zł"


async def _actor(email: str = ADMIN):  # type: ignore[no-untyped-def]
    from domain.accounts.service import actor_from
    from persistence.repositories.accounts import AccountRepo

    account = await AccountRepo().find_by_email(email)
    assert account is not None
    return actor_from(account, None)


async def _company(name: str, seed: int) -> int:
    result = await app_services().companies.create(
        await _actor(), company_form(name, generate_valid_nip(seed))
    )
    return int(result.company_id)


async def _entries(company_id: int, data_type: DataType, year: int | None = None) -> list[Entry]:
    table = await app_services().entries.table(await _actor(), company_id, data_type, year)
    return table.entries


async def _open_tab(user: User, company_id: int, tab: str) -> None:
    await log_in(user, ADMIN)
    await user.open(f"/biuro/firmy/{company_id}")
    user.find(kind=ui.tab, content=tab).click()
    # A tab reads its table the first time it is opened.
    await eventually(lambda: _has_marker(user, f"add-{TAB_KINDS[tab]}"))


def _in_open_dialog(element: ui.element) -> bool:
    # Closed dialogs stay in the tree until the browser's "hide" deletes them.
    return all(a.value for a in element.ancestors() if isinstance(a, ui.dialog))


def _field(user: User, name: str) -> Any:
    (element,) = [e for e in user.find(marker=f"entry-field-{name}").elements if _in_open_dialog(e)]
    return element


def _fill(user: User, **values: str) -> None:
    for name, value in values.items():
        _field(user, name).value = value


def _save(user: User) -> None:
    (button,) = [e for e in user.find(marker="entry-save").elements if _in_open_dialog(e)]
    UserInteraction(user, {button}, None).click()


def _dialog_open(user: User) -> bool:
    return any(_in_open_dialog(e) for e in user.find(marker="entry-dialog").elements)


def _row(user: User, entry_id: int) -> ui.element:
    (row,) = [e for e in user.client.elements.values() if f"entry-{entry_id}" in e._markers]
    return row


def _row_text(user: User, entry_id: int) -> str:
    """Everything a row shows, tooltips included ("" when the row is not there)."""
    if not _has_marker(user, f"entry-{entry_id}"):
        return ""
    row = _row(user, entry_id)
    return " | ".join(
        str(getattr(e, "text", "")) for e in row.descendants() if getattr(e, "text", "")
    )


def _has_marker(user: User, marker: str) -> bool:
    return any(marker in e._markers for e in user.client.elements.values())


async def test_add_zus_contribution_through_the_dialog(user: User) -> None:
    company_id = await _company("Składki Testowe", 6101)
    await _open_tab(user, company_id, "Składki ZUS")
    await user.should_see("Tu pojawią się składki ZUS firmy.")
    user.find(kind=ui.button, marker="add-zus").click()
    await user.should_see("Nowa składka ZUS")
    _fill(user, period="2026-03", social="1 600,32", health="432,54", labour_fund="113,65")
    assert _field(user, "total").value == "2146,51"  # the total follows the parts
    _save(user)

    await eventually(lambda: not _dialog_open(user))
    (entry,) = await _entries(company_id, DataType.ZUS, 2026)
    assert isinstance(entry.values, ZusValues)
    assert entry.values.total == Decimal("2146.51") and entry.hand_typed and entry.waiting
    await eventually(lambda: "Niezatwierdzona" in _row_text(user, entry.id))
    row = _row_text(user, entry.id)
    for text in ("marzec 2026", "D", "Właściciel", zl("1 600,32"), zl("2 146,51"), "20.04.2026"):
        assert text in row, text
    assert "Wpisane ręcznie" in row  # the hand-typed icon's tooltip
    assert "Klient jeszcze nie widzi tej pozycji." in row
    assert any("Dodano składkę ZUS za marzec 2026." in m for m in user.notify.messages)
    await user.should_not_see("Tu pojawią się składki ZUS firmy.")


async def test_field_errors_stay_at_the_fields_and_the_dialog_stays_open(user: User) -> None:
    company_id = await _company("Błędy Testowe", 6102)
    services = app_services()
    await services.entries.add(
        await _actor(),
        company_id,
        DataType.ZUS,
        {"period": "2026-02", "social": "100", "health": "50", "total": "150"},
    )
    await _open_tab(user, company_id, "Składki ZUS")
    user.find(kind=ui.button, marker="add-zus").click()
    _fill(user, period="2026-13", social="abc", health="432,54", total="")
    _save(user)
    await eventually(lambda: _field(user, "social").error is not None)
    assert _field(user, "period").error.startswith("Nieprawidłowy okres.")
    assert _field(user, "social").error == "Podaj kwotę, np. 1234,56."
    assert _field(user, "total").error == "To pole jest wymagane."
    assert _field(user, "health").error is None
    assert _dialog_open(user) and _field(user, "social").value == "abc"  # what was typed stays

    _fill(user, period="2026-02", social="100", total="150")
    _field(user, "health").value = "50"
    _save(user)  # the same month, type and person again: a duplicate, shown at the period
    await eventually(lambda: _field(user, "period").error is not None)
    assert "już istnieje" in _field(user, "period").error
    assert len(await _entries(company_id, DataType.ZUS, 2026)) == 1


async def test_tax_for_a_quarter(user: User) -> None:
    company_id = await _company("Podatki Testowe", 6103)
    await _open_tab(user, company_id, "Podatki")
    await user.should_see("Tu pojawią się podatki firmy.")
    user.find(kind=ui.button, marker="add-taxes").click()
    await user.should_see("Nowy podatek")
    _fill(user, kind=TaxKind.PIT_LINIOWY.value, period="2026-Q1", amount="2 500")
    _save(user)
    await eventually(lambda: not _dialog_open(user))
    (entry,) = await _entries(company_id, DataType.TAXES, 2026)
    assert entry.period == "2026-Q1"
    await eventually(lambda: "I kwartał 2026" in _row_text(user, entry.id))
    row = _row_text(user, entry.id)
    for text in ("PIT liniowy", zl("2 500,00"), "20.04.2026", "deklaracja", "Niezatwierdzona"):
        assert text in row, text
    account = format_account(tax_micro_account(nip=generate_valid_nip(6103)))
    assert f"Rachunek: {account}" in row  # the tax micro-account from the NIP


async def test_statements_with_year_totals_and_year_picker(user: User) -> None:
    company_id = await _company("Zestawienia Testowe", 6104)
    admin = await _actor()
    entries = app_services().entries
    for period, revenue, costs in (("2026-01", "10000", "4000"), ("2025-12", "1", "0")):
        form = {"period": period, "revenue": revenue, "costs": costs}
        await entries.add(admin, company_id, DataType.STATEMENTS, form)
    await _open_tab(user, company_id, "Zestawienia")
    user.find(kind=ui.button, marker="add-statements").click()
    _fill(user, period="2026-02", revenue="3 000,50", costs="5 000", comment="Zakup maszyny")
    _save(user)
    await eventually(lambda: not _dialog_open(user))

    february = (await _entries(company_id, DataType.STATEMENTS, 2026))[-1]
    await eventually(lambda: "luty 2026" in _row_text(user, february.id))
    row = _row_text(user, february.id)
    assert "\u2212" + zl("1 999,50") in row and "Zakup maszyny" in row  # a loss, with a minus
    (totals,) = [e for e in user.client.elements.values() if "statement-totals" in e._markers]
    texts = [str(getattr(e, "text", "")) for e in totals.descendants() if getattr(e, "text", "")]
    assert texts == ["Razem 2026", zl("13 000,50"), zl("9 000,00"), zl("4 000,50")]
    result = next(e for e in totals.descendants() if getattr(e, "text", "") == zl("4 000,50"))
    assert "text-negative" not in result.classes  # a profit for the year is not bad news
    loss = next(
        e for e in _row(user, february.id).descendants() if "\u2212" in str(getattr(e, "text", ""))
    )
    assert "text-negative" in loss.classes

    (years,) = user.find(marker="year-statements").elements
    assert list(years.options) == [2026, 2025]
    years.value = 2025
    await eventually(lambda: "grudzień 2025" in " ".join(_all_texts(user, "entries-statements")))
    assert "luty 2026" not in " ".join(_all_texts(user, "entries-statements"))


def _all_texts(user: User, marker: str) -> list[str]:
    (card,) = [e for e in user.client.elements.values() if marker in e._markers]
    return [str(getattr(e, "text", "")) for e in card.descendants()]


async def test_edit_and_delete_a_hand_typed_entry(user: User) -> None:
    company_id = await _company("Edycja Testowa", 6105)
    entry_id = await app_services().entries.add(
        await _actor(),
        company_id,
        DataType.ZUS,
        {
            "period": "2026-04",
            "person": "Jan Wspólnik",
            "social": "100",
            "health": "50",
            "total": "150",
        },
    )
    await _open_tab(user, company_id, "Składki ZUS")
    await eventually(lambda: "Jan Wspólnik" in _row_text(user, entry_id))

    user.find(marker=f"edit-{entry_id}").click()
    await user.should_see("Edytuj składkę ZUS")
    assert _field(user, "person").value == "Jan Wspólnik"
    assert _field(user, "social").value == "100,00"
    _fill(user, health="60", total="160")
    _save(user)
    await eventually(lambda: zl("160,00") in _row_text(user, entry_id))
    assert any("Zapisano składkę ZUS za kwiecień 2026." in m for m in user.notify.messages)

    user.find(marker=f"delete-{entry_id}").click()
    await user.should_see("Usunąć składkę ZUS za kwiecień 2026?")
    await user.should_see("Pozycja zniknie z tabeli. Klient jeszcze jej nie widział.")
    user.find(kind=ui.button, marker="entry-confirm-delete").click()
    await eventually(lambda: _row_text(user, entry_id) == "")
    assert await _entries(company_id, DataType.ZUS, 2026) == []
    await user.should_see("Tu pojawią się składki ZUS firmy.")


async def test_synced_entry_is_read_only_in_the_tab(user: User) -> None:
    from persistence.repositories.entries import EntryRepo

    company_id = await _company("Synchronizacja Testowa", 6106)
    admin = await _actor()
    values = ZusValues(
        period="2026-05",
        settlement=ZusSettlement.K,
        person="",
        social=Decimal("10.00"),
        health=Decimal("5.00"),
        labour_fund=Decimal("0.00"),
        total=Decimal("15.00"),
    )
    synced = await EntryRepo().add(admin.office_id, company_id, values, Source.SYNC)
    manual = await app_services().entries.add(
        admin,
        company_id,
        DataType.ZUS,
        {"period": "2026-06", "social": "1", "health": "1", "total": "2"},
    )
    await _open_tab(user, company_id, "Składki ZUS")
    await eventually(lambda: "maj 2026" in _row_text(user, synced))
    row = _row_text(user, synced)
    assert "korekta" in row and "Wpisane ręcznie" not in row
    await user.should_see("zmienisz je w programie księgowym")  # the legend says why
    assert not _has_marker(user, f"edit-{synced}") and not _has_marker(user, f"delete-{synced}")
    assert _has_marker(user, f"send-{synced}")  # read-only, but it can still be sent
    assert _has_marker(user, f"edit-{manual}") and _has_marker(user, f"hand-typed-{manual}")


async def test_send_from_the_tab_and_a_later_change_waits_again(user: User) -> None:
    company_id = await _company("Wysyłka Testowa", 6107)
    admin = await _actor()
    entries = app_services().entries
    form = {"kind": "vat", "period": "2026-09", "amount": "1234,56"}
    entry_id = await entries.add(admin, company_id, DataType.TAXES, form)
    await _open_tab(user, company_id, "Podatki")
    await eventually(lambda: "Niezatwierdzona" in _row_text(user, entry_id))
    assert "26.10.2026" in _row_text(user, entry_id)

    user.find(kind=ui.button, marker=f"send-{entry_id}").click()
    await eventually(lambda: f"Wysłane przez: {ADMIN_NAME}" in _row_text(user, entry_id))
    assert "Niezatwierdzona" not in _row_text(user, entry_id)
    assert not _has_marker(user, f"send-{entry_id}")
    assert any("Wysłano klientowi: VAT wrzesień 2026." in m for m in user.notify.messages)
    (entry,) = await _entries(company_id, DataType.TAXES, 2026)
    assert not entry.waiting and entry.sending is not None

    # A change after sending: the row waits again, live, and says so.
    await entries.update(admin, entry_id, {**form, "amount": "2000"})
    await eventually(lambda: "Zmiana czeka na zatwierdzenie" in _row_text(user, entry_id))
    row = _row_text(user, entry_id)
    assert "Niezatwierdzona" in row and zl("2 000,00") in row and "Klient widzi wersję" in row


async def test_another_users_entry_appears_live(create_user: Callable[[], User]) -> None:
    company_id = await _company("Na Żywo Wpisy", 6108)
    watcher = create_user()
    await _open_tab(watcher, company_id, "Zestawienia")
    await watcher.should_see("Tu pojawią się zestawienia miesięczne.")

    writer = create_user()
    await _open_tab(writer, company_id, "Zestawienia")
    writer.find(kind=ui.button, marker="add-statements").click()
    _fill(writer, period="2026-07", revenue="500", costs="100")
    _save(writer)

    # The watcher did nothing: the tab re-read itself on the writer's EntriesChanged.
    await eventually(lambda: "lipiec 2026" in " ".join(_all_texts(watcher, "entries-statements")))
    assert zl("400,00") in " ".join(_all_texts(watcher, "entries-statements"))
    await watcher.should_not_see("Tu pojawią się zestawienia miesięczne.")
