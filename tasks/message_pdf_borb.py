"""The "Potwierdzenie doręczenia i odczytu" PDF laid out with borb 3.

Reuses the statement renderer's machinery (``tasks.pdf_borb``): ``render_locked`` (borb is
not thread-safe; character fallback, layout-cache clearing), the page set-up and the cell
style. A4, one column: the office and the generation time, the title, the message (subject,
date, author, attachments with SHA-256), the totals, then one borb table per receipt row so
long lists flow across pages.
"""

from __future__ import annotations

from borb.pdf import FixedColumnWidthTable, Paragraph, SingleColumnLayout
from borb.pdf.layout_element.layout_element import LayoutElement

from domain.messages.receipts import ConfirmationDocument, ConfirmationRow
from tasks.pdf_borb import (
    ACCENT,
    HEADER,
    MUTED,
    RIGHT,
    STRIPE,
    TEXT,
    _cell,
    new_layout,
    pdf_bytes,
    render_locked,
)
from tasks.pdf_fonts import Fonts, fonts_for

COLUMNS = ("Firma", "NIP", "Osoba", "Kanały", "Przeczytano")
WIDTHS = [30, 14, 22, 14, 20]


def render_confirmation(document: ConfirmationDocument) -> bytes:
    return render_locked(document, _fonts, _render)


def _fonts(document: ConfirmationDocument) -> Fonts:
    return fonts_for(document.characters() | set("".join(COLUMNS)))


def _render(document: ConfirmationDocument, fonts: Fonts) -> bytes:
    pdf, layout = new_layout()
    layout.append_layout_element(_header(document, fonts))
    layout.append_layout_element(
        Paragraph(document.title, font=fonts.bold, font_size=16, font_color=TEXT, margin_top=14)
    )
    layout.append_layout_element(
        Paragraph(document.subject, font=fonts.bold, font_size=12, font_color=TEXT, margin_top=8)
    )
    for line in (document.sent, document.author):
        layout.append_layout_element(
            Paragraph(line, font=fonts.regular, font_size=9, font_color=MUTED)
        )
    if document.attachments:
        layout.append_layout_element(
            Paragraph("Załączniki", font=fonts.bold, font_size=10, margin_top=8)
        )
        for attachment in document.attachments:
            name, _, digest = attachment.partition(", SHA-256: ")
            layout.append_layout_element(Paragraph(name, font=fonts.regular, font_size=9))
            if digest:
                layout.append_layout_element(
                    Paragraph(
                        f"SHA-256: {digest}", font=fonts.regular, font_size=7, font_color=MUTED
                    )
                )
    layout.append_layout_element(
        Paragraph(document.totals, font=fonts.bold, font_size=11, font_color=TEXT, margin_top=10)
    )
    _place_rows(layout, document, fonts)
    return pdf_bytes(pdf)


def _header(document: ConfirmationDocument, fonts: Fonts) -> FixedColumnWidthTable:
    table = FixedColumnWidthTable(number_of_rows=1, number_of_columns=2, column_widths=[3, 2])
    name = Paragraph(document.office_name, font=fonts.bold, font_size=12, font_color=ACCENT)
    generated = Paragraph(
        document.generated,
        font=fonts.regular,
        font_size=8,
        font_color=MUTED,
        horizontal_alignment=RIGHT,
    )
    table.append_layout_element(_cell(name, bottom=1, inset=0))
    table.append_layout_element(_cell(generated, bottom=1, inset=0))
    return table


def _place_rows(layout: SingleColumnLayout, document: ConfirmationDocument, fonts: Fonts) -> None:
    """One table per row: borb cannot split a table across pages, single rows flow."""
    header = ConfirmationRow(*COLUMNS)
    rows = [(header, True, HEADER)] + [
        (row, False, STRIPE if index % 2 else None) for index, row in enumerate(document.rows)
    ]
    for index, (row, bold, background) in enumerate(rows):
        table = FixedColumnWidthTable(
            number_of_rows=1,
            number_of_columns=len(COLUMNS),
            column_widths=WIDTHS,
            margin_top=12 if index == 0 else 1,
            margin_bottom=1,
        )
        texts = (row.company, row.nip, row.person, row.channels, row.read_at or "—")
        for text in texts:
            paragraph: LayoutElement = Paragraph(
                text or " ",
                font=fonts.bold if bold else fonts.regular,
                font_size=8,
                font_color=TEXT,
            )
            table.append_layout_element(_cell(paragraph, background=background))
        layout.append_layout_element(table)
