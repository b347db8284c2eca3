"""Do zatwierdzenia and the approval/sync sections of office settings, as a user sees them.

The demo data leaves the last month waiting; the tests use periods of their own (2031) so
their groups stand apart, and empty the queue first where they need an empty page.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.testing import User

from domain.entries.approval import ApprovalMode, ApprovalRule, DataType
from tests.ui.helpers import app_services, badge_text, eventually, log_in

ADMIN = "admin@demo.biurko.pl"
EMPLOYEE = "pracownik@demo.biurko.pl"
PAGE = "/biuro/zatwierdzanie"
SETTINGS = "/biuro/ustawienia"


async def _actor(email: str):  # type: ignore[no-untyped-def]
    from domain.accounts.service import actor_from
    from persistence.repositories.accounts import AccountRepo

    account = await AccountRepo().find_by_email(email)
    assert account is not None
    return actor_from(account, None)


async def _companies(active: bool = True) -> list[Any]:
    from persistence.models import Company

    return await Company.filter(office__name="Biuro Rachunkowe Demo", active=active).order_by("id")


def _zus(period: str = "2031-03", total: str = "1500", person: str = "") -> dict[str, str]:
    return {
        "period": period,
        "social": "1000",
        "health": "400",
        "labour_fund": "100",
        "total": total,
        "person": person,
    }


async def _add(company_id: int, data_type: DataType, form: dict[str, str]) -> int:
    return int(await app_services().entries.add(await _actor(ADMIN), company_id, data_type, form))


async def _empty_queue() -> None:
    admin = await _actor(ADMIN)
    groups = await app_services().approval.queue(admin)
    await app_services().approval.send(admin, [i.entry.id for g in groups for i in g.items])


def _id(element: ui.element) -> int:
    return element.id


def _element(user: User, marker: str) -> Any:
    # Also hidden ones (user.find skips them): the schedule fields hide outside "harmonogram".
    (element,) = [e for e in user.client.elements.values() if marker in e._markers]
    return element


# --- the queue ----------------------------------------------------------------------------------


async def test_queue_groups_items_by_period_and_type_with_amounts(user: User) -> None:
    first, second = (await _companies())[:2]
    inactive = (await _companies(active=False))[0]
    await _add(first.id, DataType.ZUS, _zus())
    await _add(second.id, DataType.ZUS, _zus(person="Jan Kowalski"))
    await _add(inactive.id, DataType.ZUS, _zus())
    await _add(first.id, DataType.TAXES, {"kind": "vat", "period": "2031-03", "amount": "2300"})
    await _add(first.id, DataType.STATEMENTS, {"period": "2031-02", "revenue": "10", "costs": "20"})
    changed = await _add(second.id, DataType.ZUS, _zus(period="2031-01", total="1534.5"))
    admin = await _actor(ADMIN)
    await app_services().approval.send(admin, [changed])
    await app_services().entries.update(admin, changed, _zus(period="2031-01", total="2345.67"))

    await log_in(user, ADMIN)
    await user.open(PAGE)
    await user.should_see("marzec 2031 · Składki ZUS (3)")
    await user.should_see("marzec 2031 · Podatki (1)")
    await user.should_see("luty 2031 · Zestawienia (1)")
    await user.should_see("styczeń 2031 · Składki ZUS (1)")
    await user.should_see("ZUS 2031-03 (Jan Kowalski)")
    await user.should_see("VAT 2031-03")
    await user.should_see("Zestawienie 2031-02")
    await user.should_see("2\u00a0300,00\u00a0zł")
    await user.should_see("-10,00\u00a0zł")
    await user.should_see("1\u00a0534,50\u00a0zł → 2\u00a0345,67\u00a0zł")
    await user.should_see("zmiana")
    await user.should_see("nowa")
    await user.should_see("nieaktywna")
    await user.should_see(inactive.name)
    headings = [e.text for e in sorted(user.find(marker="group-heading").elements, key=_id)]
    mine = [h for h in headings if "2031" in h]
    assert mine == [
        "marzec 2031 · Składki ZUS (3)",
        "marzec 2031 · Podatki (1)",
        "luty 2031 · Zestawienia (1)",
        "styczeń 2031 · Składki ZUS (1)",
    ]
    total = await app_services().approval.waiting_total(admin)
    assert badge_text(user, "waiting-count") == str(total)


async def test_send_one_item(user: User) -> None:
    company = (await _companies())[0]
    entry_id = await _add(company.id, DataType.ZUS, _zus())
    await log_in(user, ADMIN)
    await user.open(PAGE)
    await user.should_see("marzec 2031 · Składki ZUS (1)")
    before = await app_services().approval.waiting_total(await _actor(ADMIN))
    user.find(marker=f"send-{entry_id}").click()
    await user.should_see("Wysłano 1 pozycję.")
    await user.should_not_see("marzec 2031 · Składki ZUS (1)")
    assert await app_services().approval.waiting_total(await _actor(ADMIN)) == before - 1
    await eventually(lambda: badge_text(user, "waiting-count") == str(before - 1))


async def test_send_a_selection(user: User) -> None:
    companies = await _companies()
    ids = [await _add(c.id, DataType.ZUS, _zus()) for c in companies[:3]]
    await log_in(user, ADMIN)
    await user.open(PAGE)
    await user.should_see("marzec 2031 · Składki ZUS (3)")
    await user.should_not_see(marker="send-selected")  # the bar appears with a selection
    user.find(marker=f"select-{ids[0]}").click()
    user.find(marker=f"select-{ids[2]}").click()
    await user.should_see("Wyślij zaznaczone (2)")
    user.find(marker="send-selected").click()
    await user.should_see("Wysłano 2 pozycje.")
    await user.should_see("marzec 2031 · Składki ZUS (1)")
    await user.should_see(marker=f"entry-{ids[1]}")
    await user.should_not_see(marker="send-selected")


async def test_send_a_whole_group_after_confirmation(user: User) -> None:
    await _empty_queue()
    companies = await _companies()
    for company in companies[:5]:
        await _add(company.id, DataType.ZUS, _zus())
    await log_in(user, ADMIN)
    await user.open(PAGE)
    await user.should_see("marzec 2031 · Składki ZUS (5)")
    user.find(marker="send-group-2031-03-zus").click()
    await user.should_see("Wysłać klientom wszystko z tej grupy?")
    await user.should_see("marzec 2031 · Składki ZUS: 5 pozycji.", retries=1)
    user.find(marker="confirm-send").click()
    await user.should_see("Wysłano 5 pozycji.")
    await user.should_see("Nic nie czeka na zatwierdzenie")
    assert await app_services().approval.waiting_total(await _actor(ADMIN)) == 0


async def test_a_long_group_shows_the_first_items_until_asked(user: User) -> None:
    company = (await _companies())[0]
    for number in range(33):
        await _add(company.id, DataType.ZUS, _zus("2031-05", person=f"Wspólnik {number:02d}"))
    await log_in(user, ADMIN)
    await user.open(PAGE)
    await user.should_see("maj 2031 · Składki ZUS (33)")
    await user.should_see("ZUS 2031-05 (Wspólnik 00)")
    await user.should_not_see("ZUS 2031-05 (Wspólnik 32)")
    user.find(marker="more-2031-05-zus").click()
    await user.should_see("ZUS 2031-05 (Wspólnik 32)")
    await user.should_not_see(marker="more-2031-05-zus")


async def test_employee_sees_only_assigned_companies(user: User) -> None:
    employee = await _actor(EMPLOYEE)
    assert employee.restricted
    companies = await _companies()
    mine = next(c for c in companies if c.id in employee.assigned_company_ids)
    other = next(c for c in companies if c.id not in employee.assigned_company_ids)
    await _add(mine.id, DataType.TAXES, {"kind": "vat", "period": "2031-03", "amount": "10"})
    await _add(other.id, DataType.TAXES, {"kind": "vat", "period": "2031-03", "amount": "20"})
    await log_in(user, EMPLOYEE)
    await user.open(PAGE)
    await user.should_see("marzec 2031 · Podatki (1)")
    await user.should_see(mine.name)
    await user.should_not_see(other.name)
    await user.should_not_see("20,00\u00a0zł")


async def test_queue_updates_live_when_entries_are_added_and_sent(user: User) -> None:
    await _empty_queue()
    await log_in(user, ADMIN)
    await user.open(PAGE)
    await user.should_see("Nic nie czeka na zatwierdzenie")
    company = (await _companies())[0]
    entry_id = await _add(company.id, DataType.ZUS, _zus())
    await user.should_see("marzec 2031 · Składki ZUS (1)", retries=40)
    await eventually(lambda: badge_text(user, "waiting-count") == "1")
    user.find(marker=f"select-{entry_id}").click()
    second = await _add((await _companies())[1].id, DataType.ZUS, _zus())
    await user.should_see("marzec 2031 · Składki ZUS (2)", retries=40)
    assert _element(user, f"select-{entry_id}").value  # the selection survived the redraw
    await app_services().approval.send(await _actor(ADMIN), [entry_id, second])
    await user.should_see("Nic nie czeka na zatwierdzenie", retries=40)
    await eventually(lambda: badge_text(user, "waiting-count") == "")


# --- settings -----------------------------------------------------------------------------------


async def test_approval_rules_save_each_mode_and_show_a_field_error(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open(SETTINGS)
    await user.should_see("Zatwierdzanie danych")
    _element(user, "rule-mode-zus").value = ApprovalMode.ON_SYNC.value
    _element(user, "rule-mode-taxes").value = ApprovalMode.SCHEDULED.value
    day = _element(user, "rule-day-taxes")
    day.value = 31
    user.find(marker="save-rules").click()
    await user.should_see("Wybierz dzień od 1 do 28 (taki jest w każdym miesiącu).")
    assert day.error is not None
    rules = await app_services().approval.rules(await _actor(ADMIN))
    assert rules[DataType.ZUS].mode is ApprovalMode.MANUAL  # nothing saved while one is wrong
    day.value = 15
    _element(user, "rule-hour-taxes").value = 7
    user.find(marker="save-rules").click()
    await user.should_see("Zapisano zasady zatwierdzania.")
    assert day.error is None
    rules = await app_services().approval.rules(await _actor(ADMIN))
    assert rules[DataType.ZUS] == ApprovalRule(ApprovalMode.ON_SYNC)
    assert rules[DataType.TAXES] == ApprovalRule(ApprovalMode.SCHEDULED, 15, 7)
    assert rules[DataType.STATEMENTS].mode is ApprovalMode.MANUAL

    await user.open(SETTINGS)
    await user.should_see("Zatwierdzanie danych")
    assert _element(user, "rule-mode-taxes").value == ApprovalMode.SCHEDULED.value
    assert _element(user, "rule-day-taxes").value == 15
    _element(user, "rule-mode-taxes").value = ApprovalMode.MANUAL.value
    _element(user, "rule-hour-taxes").value = 99  # out of sight in manual mode: not an error
    user.find(marker="save-rules").click()
    await user.should_see("Zapisano zasady zatwierdzania.")
    rules = await app_services().approval.rules(await _actor(ADMIN))
    assert rules[DataType.TAXES].mode is ApprovalMode.MANUAL


async def test_sync_token_is_shown_once_and_listed(user: User) -> None:
    await log_in(user, ADMIN)
    await user.open(SETTINGS)
    await user.should_see("Nie ma jeszcze tokenów synchronizacji.")
    user.find(marker="create-token").click()
    await user.should_see("Podaj nazwę tokenu (np. „Komputer w biurze”).")
    user.find(marker="token-name").type("Komputer w biurze")
    user.find(marker="create-token").click()
    await user.should_see("Nowy token: Komputer w biurze")
    token = _element(user, "new-token-value").value
    assert token.startswith("bsk_") and len(token) > 40
    await user.should_see("Biurko nie pokaże go ponownie", retries=1)
    await user.should_see("Ostatnio użyty: nigdy")
    actor = await app_services().sync_tokens.authenticate(token)
    assert actor is not None  # the token shown is the one that works

    await user.open(SETTINGS)
    await user.should_see("Komputer w biurze")
    await user.should_see(f"{token[:10]}…")
    await user.should_not_see(token)
    await user.should_not_see(marker="new-token-value")


async def test_revoking_a_token_asks_first(user: User) -> None:
    created = await app_services().sync_tokens.create(await _actor(ADMIN), "Laptop księgowej")
    await log_in(user, ADMIN)
    await user.open(SETTINGS)
    await user.should_see("Laptop księgowej")
    user.find(marker=f"revoke-{created.info.id}").click()
    await user.should_see("Unieważnić token „Laptop księgowej”?")
    user.find(marker="confirm-revoke").click()
    await user.should_see("Unieważniono token Laptop księgowej.")
    await user.should_see("Unieważniony")
    await user.should_not_see(marker=f"revoke-{created.info.id}")
    assert await app_services().sync_tokens.authenticate(created.token) is None


async def test_recent_batches_show_status_summary_and_errors(user: User) -> None:
    company = (await _companies())[0]
    created = await app_services().sync_tokens.create(await _actor(ADMIN), "Agent")
    record = {"company": {"nip": company.identifier}, "settlement": "D", **_zus()}
    record.pop("person")
    body = {
        "batch_id": "paczka-2031-03",
        "source": {"program": "Test", "agent": "pytest/1"},
        "zus": [record, {**record, "period": "2031-04", "total": "1"}],
    }
    response = await user.http_client.post(
        "/api/sync/v1/batches", json=body, headers={"Authorization": f"Bearer {created.token}"}
    )
    assert response.status_code == 202, response.text
    await app_services().jobs.idle()

    await log_in(user, ADMIN)
    await user.open(SETTINGS)
    await user.should_see("paczka-2031-03")
    await user.should_see("Przetworzona")
    await user.should_see("Składki ZUS: nowe 1 · odrzucone 1")
    await user.should_see("Odrzucone rekordy i błędy (1)")
    await user.open(PAGE)
    await user.should_see("marzec 2031 · Składki ZUS (1)")


async def test_employee_cannot_open_the_settings(user: User) -> None:
    await log_in(user, EMPLOYEE)
    await user.open(SETTINGS)
    await user.should_see("Tę stronę widzi tylko administrator biura.")
    await user.should_not_see("Zatwierdzanie danych")
    await user.should_not_see("Synchronizacja")
    await user.should_not_see(kind=ui.input)
