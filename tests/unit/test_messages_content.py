"""Message content rules without I/O: attachment types by content and limits, safe Markdown,
audience shape and preview counts, the receipts CSV."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from domain.channels import Channel, EventType, Recipient, decode_channels, encode_channels
from domain.errors import ValidationError
from domain.messages.attachments import check_attachments, clean_filename
from domain.messages.audience import Resolved, check_shape, preview_of
from domain.messages.markdown import render_markdown
from domain.messages.model import Audience, AudienceKind, NewAttachment
from domain.messages.ports import AudienceCompany, Person, StoredReceipt
from domain.messages.receipts import receipts_csv

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 32
MB = 1024 * 1024


def attachment_error(*files: NewAttachment) -> str:
    with pytest.raises(ValidationError) as raised:
        check_attachments(files)
    return raised.value.errors["attachments"]


def test_types_come_from_the_content_not_the_name() -> None:
    [pdf, photo] = check_attachments(
        (NewAttachment("../../etc/umowa.pdf", PDF), NewAttachment("foto.JPG", JPEG))
    )
    assert (pdf.filename, pdf.content_type, pdf.size) == ("umowa.pdf", "application/pdf", len(PDF))
    assert len(pdf.sha256) == 64
    assert photo.content_type == "image/jpeg"
    assert attachment_error(NewAttachment("faktura.pdf", b"plain text")) == (
        "Plik faktura.pdf nie jest tym, za co się podaje."
    )
    assert "nie jest tym" in attachment_error(NewAttachment("zdjecie.png", PDF))
    assert "niedozwolony typ" in attachment_error(NewAttachment("skrypt.sh", b"#!/bin/sh\n"))
    assert "niedozwolony typ" in attachment_error(NewAttachment("bez-rozszerzenia", b"MZ" * 64))
    assert "pusty" in attachment_error(NewAttachment("pusty.pdf", b""))


def test_size_limits_per_file_and_in_total() -> None:
    exactly_ten = PDF + b"\0" * (10 * MB - len(PDF))
    assert check_attachments((NewAttachment("a.pdf", exactly_ten),))[0].size == 10 * MB
    assert "za duży" in attachment_error(NewAttachment("a.pdf", exactly_ten + b"\0"))
    nine = PDF + b"\0" * (9 * MB)
    assert "razem" in attachment_error(*(NewAttachment(f"{n}.pdf", nine) for n in range(3)))


def test_file_names_are_cleaned() -> None:
    assert clean_filename("C:\\Users\\jan\\plan.pdf") == "plan.pdf"
    assert clean_filename('a<b>:"c".pdf') == "a_b_c_.pdf"
    assert clean_filename("...") == "plik"
    long = clean_filename("x" * 300 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")


@pytest.mark.parametrize(
    ("source", "present", "absent"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script>"),
        ("<img src=x onerror=alert(1)>", "&lt;img", "<img"),
        ("[klik](javascript:alert(1))", "[klik]", "href"),
        ("[strona](https://biurko.test)", 'href="https://biurko.test"', "javascript"),
        ("![logo](https://tracker.test/a.png)", "logo", "<img"),
        ("**ważne**\n\n- jeden\n- dwa", "<strong>ważne</strong>", "<script"),
    ],
)
def test_markdown_is_rendered_without_raw_html_or_unsafe_links(
    source: str, present: str, absent: str
) -> None:
    html = render_markdown(source)
    assert present in html and absent not in html


def test_links_open_in_a_new_tab_without_referrer() -> None:
    html = render_markdown("[a](https://biurko.test)")
    assert 'target="_blank"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_audience_shapes() -> None:
    check_shape(Audience(AudienceKind.ONE, (1,)))
    check_shape(Audience(AudienceKind.ALL_ACTIVE))
    for wrong in (
        Audience(AudienceKind.ONE, (1, 2)),
        Audience(AudienceKind.ONE),
        Audience(AudienceKind.SELECTED),
        Audience(AudienceKind.FILTER),
    ):
        with pytest.raises(ValidationError) as raised:
            check_shape(wrong)
        assert list(raised.value.errors) == ["audience"]


class SmallResolver:
    """Portal for everyone, e-mail for users who want it, SMS for those who consented;
    inactive companies e-mail only."""

    async def channels_for(
        self, office_id: int, event: EventType, recipients: list[Recipient]
    ) -> dict[tuple[int, int], frozenset[Channel]]:
        result = {}
        for r in recipients:
            channels = {Channel.EMAIL} if r.use_email else set()
            if r.company_active:
                channels.add(Channel.PORTAL)
                if r.sms_consent and r.phone:
                    channels.add(Channel.SMS)
            result[(r.company_id, r.client_user_id)] = frozenset(channels)
        return result


def person(company_id: int, user_id: int, active: bool = True, sms: bool = False) -> Person:
    recipient = Recipient(
        user_id, company_id, f"u{user_id}@x.test", "+48600100200", True, sms, active
    )
    return Person(recipient, f"Osoba {user_id}", "Osoba")


def test_preview_counts_people_per_channel() -> None:
    companies = [AudienceCompany(1, "Alfa", True), AudienceCompany(2, "Beta", False)]
    people = [person(1, 10, sms=True), person(1, 11), person(2, 20, active=False)]
    channels = asyncio.run(
        SmallResolver().channels_for(1, EventType.NEW_MESSAGE, [p.recipient for p in people])
    )
    preview = preview_of(Resolved(companies, people, channels))
    assert (preview.companies, preview.people) == (2, 3)
    assert preview.by_channel == {Channel.PORTAL: 2, Channel.EMAIL: 3, Channel.SMS: 1}
    assert preview.rows[1].people == [("Osoba 20", frozenset({Channel.EMAIL}))]


def test_channels_round_trip_in_a_fixed_order() -> None:
    channels = frozenset({Channel.SMS, Channel.PORTAL})
    assert encode_channels(channels) == "portal,sms"
    assert decode_channels("portal,sms") == channels
    assert decode_channels("") == frozenset()


def test_receipts_csv_has_polish_columns_and_warsaw_times() -> None:
    rows = [
        StoredReceipt(
            1,
            "Alfa; Sp. z o.o.",
            "5261040828",
            7,
            "Jan Kowalski",
            frozenset({Channel.EMAIL, Channel.PORTAL}),
            datetime(2026, 7, 1, 8, 30, tzinfo=UTC),
            None,
            3,
            None,
        ),
        StoredReceipt(
            2, "Beta", "1234563218", 8, "Ewa Nowak", frozenset({Channel.EMAIL}), None, None, 4, None
        ),
    ]
    text = receipts_csv(rows).decode("utf-8")
    assert text.startswith("\ufeffFirma;NIP;Osoba;Kanały;Przeczytano\r\n")
    lines = text.lstrip("\ufeff").splitlines()
    assert (
        lines[1]
        == '"Alfa; Sp. z o.o.";5261040828;Jan Kowalski;portal, e-mail;2026-07-01T10:30:00+02:00'
    )
    assert lines[2] == "Beta;1234563218;Ewa Nowak;e-mail;"
