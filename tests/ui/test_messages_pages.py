"""Messages as the office and its clients see them: compose and send, read receipts updating
live on the office's open page, field errors with nothing sent, another company's thread
answering "Nie znaleziono", a client writing to the office and the office replying."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import eventually, log_in

ADMIN = "admin@demo.biurko.pl"
EMPLOYEE = "pracownik@demo.biurko.pl"  # assigned to company 3: the default recipient
OWNER_3 = "wlasciciel3@demo.biurko.pl"  # Zielony Ogród Anna Nowak
OWNER_4 = "wlasciciel4@demo.biurko.pl"  # Auto-Serwis Wiśniewski s.c.
COMPANY_3 = "Zielony Ogród Anna Nowak"
UNREAD = "nieprzeczytane"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def element(user: User, marker: str) -> Any:
    found = [e for e in user.client.elements.values() if marker in e._markers]
    assert len(found) == 1, marker
    return found[0]


def label_text(user: User, marker: str) -> str:
    return str(element(user, marker).text)


def receipt_rows(user: User) -> list[dict[str, str]]:
    """The receipts table's rows; none while the table is being redrawn."""
    found = [e for e in user.client.elements.values() if "receipts" in e._markers]
    return list(found[0].rows) if len(found) == 1 else []


async def open_composer(office: User) -> None:
    await office.open("/biuro/wiadomosci")
    await office.should_see("Nie wysłano jeszcze żadnej wiadomości.")
    office.find(marker="new-message").click()
    await office.should_see("Odbiorcy")


def pick_company(office: User, name: str) -> None:
    select = element(office, "audience-one")
    select.value = next(key for key, label in select.options.items() if label == name)


async def test_office_sends_to_one_company_and_sees_the_read_live(
    create_user: Callable[[], User],
) -> None:
    office = create_user()
    await log_in(office, ADMIN)
    await open_composer(office)
    pick_company(office, COMPANY_3)
    await eventually(lambda: "Firmy: 1" in label_text(office, "audience-summary"))
    office.find(marker="composer-subject").type("Dokumenty za październik")
    office.find(marker="composer-body").type("Proszę o **faktury** do 5 listopada.")
    office.find(marker="composer-send").click()
    await office.should_see("Wysłano wiadomość.")
    await office.should_see("Dokumenty za październik")
    office.find(marker="sent-message").click()
    await office.should_see(marker="remind-unread", retries=30)
    await eventually(lambda: label_text(office, "read-count") == "przeczytane 0 z 1")
    assert [r["read"] for r in receipt_rows(office)] == [UNREAD]

    client = create_user()
    await log_in(client, OWNER_3)
    await client.open("/klient/wiadomosci")
    await client.should_see("Dokumenty za październik")
    assert any("unread" in e._markers for e in client.find(marker="client-thread").elements)
    client.find(marker="client-thread").click()
    await client.should_see("faktury</strong> do 5 listopada")

    # The office's page was open all along: the receipt arrives without a reload.
    await eventually(lambda: label_text(office, "read-count") == "przeczytane 1 z 1")
    await eventually(lambda: [r["read"] for r in receipt_rows(office)] not in ([], [UNREAD]))
    assert [r["company"] for r in receipt_rows(office)] == [COMPANY_3]

    await client.open("/klient/wiadomosci")
    await client.should_see("Dokumenty za październik")
    assert not any("unread" in e._markers for e in client.find(marker="client-thread").elements)

    # Nobody is left unread, so there is nobody to remind; the proof downloads for the office.
    office.find(marker="remind-unread").click()
    await office.should_see("Nie ma firm do przypomnienia", retries=30)
    message_id = office.back_history[-1].rsplit("/", 1)[1]
    csv = await office.http_client.get(f"/biuro/wiadomosci/{message_id}/potwierdzenia.csv")
    assert csv.status_code == 200 and COMPANY_3 in csv.content.decode("utf-8-sig")
    pdf = await office.http_client.get(f"/biuro/wiadomosci/{message_id}/potwierdzenie.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    denied = await client.http_client.get(f"/biuro/wiadomosci/{message_id}/potwierdzenia.csv")
    assert denied.status_code == 404


async def test_bad_input_shows_errors_at_the_fields_and_sends_nothing(user: User) -> None:
    await log_in(user, ADMIN)
    await open_composer(user)
    pick_company(user, COMPANY_3)
    user.find(marker="composer-body").type("Treść bez tematu.")
    user.find(marker="composer-send").click()
    subject = element(user, "composer-subject")
    await eventually(lambda: subject.error is not None)

    # A text file calling itself a PDF: the error names the file, nothing is sent.
    subject.value = "Umowa"
    upload = user.find(marker="attachments-upload").elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload("umowa.pdf", "application/pdf", b"hej")])
    user.find(marker="composer-send").click()
    await user.should_see("Plik umowa.pdf nie jest tym, za co się podaje.")
    assert subject.error is None

    # Karta podatkowa with monthly VAT: no demo company has both.
    element(user, "audience-kind").value = "filter"
    element(user, "filter-tax").value = "karta"
    element(user, "filter-vat").value = "monthly"
    await user.should_see("Żadna firma nie spełnia wybranych warunków.")
    user.find(marker="remove-file").click()
    user.find(marker="composer-send").click()
    await user.should_see("Żadna firma nie spełnia wybranych warunków.")
    await user.open("/biuro/wiadomosci")
    await user.should_see("Nie wysłano jeszcze żadnej wiadomości.")


async def write_to_office(client: User, subject: str, body: str) -> int:
    await client.open("/klient/wiadomosci")
    client.find(kind=ui.button, marker="write-to-office").click()
    await client.should_see(marker="write-subject")
    client.find(marker="write-subject").type(subject)
    client.find(marker="write-body").type(body)
    upload = client.find(marker="attachments-upload").elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload("faktura.pdf", "application/pdf", PDF)])
    await client.should_see("faktura.pdf")
    pages = len(client.back_history)
    client.find(marker="write-send").click()
    await eventually(lambda: len(client.back_history) > pages)
    return int(client.back_history[-1].rsplit("/", 1)[1])


async def test_another_companys_thread_is_not_found(create_user: Callable[[], User]) -> None:
    owner = create_user()
    await log_in(owner, OWNER_3)
    thread_id = await write_to_office(owner, "Pytanie o ZUS", "Czy mogę zapłacić później?")
    await owner.should_see("Czy mogę zapłacić później?")

    other = create_user()
    await log_in(other, OWNER_4)
    await other.open(f"/klient/wiadomosci/{thread_id}")
    await other.should_see("Nie znaleziono wiadomości.")
    await other.should_not_see("Czy mogę zapłacić później?")
    link = owner.find(kind=ui.link, content="faktura.pdf").elements.pop()
    response = await other.http_client.get(link.props["href"])
    assert response.status_code == 404
    response = await owner.http_client.get(link.props["href"])
    assert response.status_code == 200 and response.content == PDF


async def test_client_writes_to_office_and_office_replies_live(
    create_user: Callable[[], User],
) -> None:
    client = create_user()
    await log_in(client, OWNER_3)
    thread_id = await write_to_office(client, "Faktura korygująca", "Jak zaksięgować korektę?")

    office = create_user()
    await log_in(office, EMPLOYEE)
    await office.open("/biuro/wiadomosci?tab=skrzynka")
    await office.should_see("Faktura korygująca")
    assert label_text(office, "thread-unread") == "1"
    office.find(marker="inbox-thread").click()
    await office.should_see("Jak zaksięgować korektę?")
    await office.should_see("faktura.pdf")
    office.find(marker="reply-body").type("Wystawiamy ją w rejestrze sprzedaży.")
    office.find(marker="reply-send").click()
    await office.should_see("Wysłano odpowiedź.")

    # The client's thread page is still open: the reply appears without a reload.
    assert client.back_history[-1].endswith(f"/{thread_id}")
    await client.should_see("Wystawiamy ją w rejestrze sprzedaży.", retries=50)
    client.find(marker="reply-body").type("Dziękuję!")
    client.find(marker="reply-send").click()
    await office.should_see("Dziękuję!", retries=50)


def badge_texts(user: User, marker: str) -> list[str]:
    return [
        e.text if e.visible else ""
        for e in user.client.elements.values()
        if isinstance(e, ui.badge) and marker in e._markers
    ]


async def test_unread_badges_company_tab_and_reminder_days(create_user: Callable[[], User]) -> None:
    from persistence.models import Company

    client = create_user()
    await log_in(client, OWNER_3)
    await write_to_office(client, "Urlop", "Od poniedziałku jestem na urlopie.")
    await client.open("/klient/wiadomosci")
    assert set(badge_texts(client, "messages-count")) == {""}

    office = create_user()
    await log_in(office, EMPLOYEE)
    await office.open("/biuro")
    assert badge_texts(office, "messages-count") == ["1"]
    company = await Company.get(name=COMPANY_3)
    await office.open(f"/biuro/firmy/{company.id}")
    await office.should_see("Urlop")
    office.find(marker="inbox-thread").click()
    await office.should_see("Od poniedziałku jestem na urlopie.", retries=30)
    await eventually(lambda: badge_texts(office, "messages-count") == [""])

    admin = create_user()
    await log_in(admin, ADMIN)
    await admin.open("/biuro/ustawienia")
    days = element(admin, "message-reminder-days")
    assert days.value == 3
    days.value = 0
    admin.find(marker="message-reminder-save").click()
    await eventually(lambda: days.error is not None)
    days.value = 7
    admin.find(marker="message-reminder-save").click()
    await admin.should_see("Zapisano.")
    await admin.open("/biuro/ustawienia")
    assert element(admin, "message-reminder-days").value == 7
