"""Statement PDFs laid out with borb 3 (the ``StatementRenderer``), fonts from tasks.pdf_fonts.

A4, one column: the office (logo and name) and the generation time, the title, the company,
the result in words, the month table (a loss in red with a minus sign, the office's comment per
month) with totals for a year. Long comments go under the table at full width.

borb is not thread-safe and caches layout sizes with ``functools.cache`` on its classes (every
element would stay in memory for good), so renders run one at a time under a lock and clear
those caches afterwards. Usage statistics are switched off when this module is imported,
before any document exists (otherwise borb also replaces the SIGTERM handler).
"""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Callable
from typing import Protocol, Self, TypeVar

from borb.pdf import UsageStatistics

UsageStatistics.opt_out()

from borb.pdf import (  # noqa: E402 - after the opt-out, on purpose
    PDF,
    Document,
    FixedColumnWidthTable,
    HexColor,
    Image,
    Page,
    Paragraph,
    SingleColumnLayout,
    Table,
)
from borb.pdf.layout_element.layout_element import LayoutElement  # noqa: E402
from PIL import Image as PilImage  # noqa: E402

from domain.portal.statement_document import StatementDocument, StatementLine  # noqa: E402
from tasks.pdf_fonts import Fonts, fonts_for, full_fonts  # noqa: E402

LOGO_BOX = (150, 48)  # points; the logo is scaled into this box, keeping its proportions
LOGO_PIXELS = 3  # pixels per point kept in the PDF (sharp when printed, small file)
# Longer comments go under the table at full width: a table row must fit on one page.
COMMENT_IN_TABLE = 300
SEE_BELOW = "Komentarz pod tabelą."
RIGHT = LayoutElement.HorizontalAlignment.RIGHT
LEFT = LayoutElement.HorizontalAlignment.LEFT
TEXT = HexColor("#1f2937")
MUTED = HexColor("#6b7280")
NEGATIVE = HexColor("#b91c1c")
RULE = HexColor("#d1d5db")
HEADER = HexColor("#e5e7eb")
STRIPE = HexColor("#f5f6f8")
ACCENT = HexColor("#0f766e")
_lock = threading.Lock()


class BorbStatementRenderer:
    """``subset=False`` renders the naive way: whole fonts, loaded anew for every document."""

    def __init__(self, subset: bool = True) -> None:
        self._subset = subset

    def render(self, document: StatementDocument) -> bytes:
        return render_locked(document, self._fonts, _render)

    def _fonts(self, document: StatementDocument) -> Fonts:
        return fonts_for(document.characters()) if self._subset else full_fonts()


class TextDocument(Protocol):
    def map_text(self, change: Callable[[str], str]) -> Self: ...


D = TypeVar("D", bound=TextDocument)


def render_locked(
    document: D, fonts_of: Callable[[D], Fonts], render: Callable[[D, Fonts], bytes]
) -> bytes:
    """One render at a time (borb is not thread-safe): pick the fonts, replace what they
    cannot show, lay out, and forget borb's layout caches afterwards."""
    with _lock:
        try:
            fonts = fonts_of(document)
            if fonts.characters is not None:
                shown = fonts.characters
                document = document.map_text(lambda text: _showable(text, shown))
            return render(document, fonts)
        finally:
            _clear_layout_caches()


def new_layout() -> tuple[Document, SingleColumnLayout]:
    """An A4 document with one page and a single-column layout that adds pages as it fills."""
    pdf = Document()
    page = Page()
    pdf.append_page(page)
    return pdf, SingleColumnLayout(page)


def pdf_bytes(pdf: Document) -> bytes:
    buffer = io.BytesIO()
    PDF.write(what=pdf, where_to=buffer)
    data = buffer.getvalue()
    if not data:  # borb has written 0 bytes to reused handles before: never store that
        raise RuntimeError("borb produced an empty PDF")
    return data


def _showable(text: str, shown: frozenset[str]) -> str:
    """Whitespace (line breaks too) as spaces; a character the font lacks as its plain
    letters (NFKD: "ǅ" -> "Dž") or "?", never a glyph borb cannot measure."""
    if all(character in shown for character in text):
        return text
    result = []
    for character in text:
        if character in shown:
            result.append(character)
        elif character.isspace():
            result.append(" ")
        else:
            plain = unicodedata.normalize("NFKD", character)
            result.append("".join(c for c in plain if c in shown) or "?")
    return "".join(result)


def _render(document: StatementDocument, fonts: Fonts) -> bytes:
    pdf, layout = new_layout()
    layout.append_layout_element(_header(document, fonts))
    layout.append_layout_element(
        Paragraph(document.title, font=fonts.bold, font_size=18, font_color=TEXT, margin_top=18)
    )
    layout.append_layout_element(_company(document, fonts))
    layout.append_layout_element(
        Paragraph(
            document.summary,
            font=fonts.bold,
            font_size=12,
            font_color=NEGATIVE if document.summary_negative else TEXT,
            margin_top=12,
        )
    )
    _place_table(layout, document, fonts)
    long_comments = [line for line in document.lines if len(line.comment) > COMMENT_IN_TABLE]
    if long_comments:
        layout.append_layout_element(
            Paragraph("Komentarze biura", font=fonts.bold, font_size=10, margin_top=12)
        )
        for line in long_comments:
            layout.append_layout_element(
                Paragraph(f"{line.label}: {line.comment}", font=fonts.regular, font_size=9)
            )
    note = (
        f"Kwoty w złotych. Wynik = przychody − koszty. Przygotowane przez {document.office_name}."
    )
    layout.append_layout_element(
        Paragraph(note, font=fonts.regular, font_size=8, font_color=MUTED, margin_top=10)
    )
    return pdf_bytes(pdf)


def _header(document: StatementDocument, fonts: Fonts) -> Table:
    """The office (logo and name, or the name alone) on the left, the date on the right."""
    name = Paragraph(document.office_name, font=fonts.bold, font_size=12, font_color=ACCENT)
    left: list[LayoutElement] = (
        [_logo(document.office_logo), name] if document.office_logo else [name]
    )
    generated = Paragraph(
        document.generated,
        font=fonts.regular,
        font_size=8,
        font_color=MUTED,
        horizontal_alignment=RIGHT,
    )
    right: list[LayoutElement] = [generated] + [Paragraph(" ", font=fonts.regular)] * (
        len(left) - 1
    )
    header = FixedColumnWidthTable(
        number_of_rows=len(left), number_of_columns=2, column_widths=[3, 2]
    )
    for row, (first, second) in enumerate(zip(left, right, strict=True)):
        last = row == len(left) - 1
        header.append_layout_element(_cell(first, bottom=1 if last else 0, inset=0))
        header.append_layout_element(_cell(second, bottom=1 if last else 0, inset=0))
    return header


def _company(document: StatementDocument, fonts: Fonts) -> Table:
    """Name, identifier and address, close together."""
    lines = [Paragraph(document.company_name, font=fonts.bold, font_size=11, font_color=TEXT)]
    lines += [
        Paragraph(text, font=fonts.regular, font_size=9, font_color=MUTED)
        for text in (document.company_identifier, document.company_address)
        if text
    ]
    table = FixedColumnWidthTable(number_of_rows=len(lines), number_of_columns=1, margin_top=6)
    for line in lines:
        table.append_layout_element(_cell(line, padding=1, inset=0))
    return table


def _logo(data: bytes) -> LayoutElement:
    with PilImage.open(io.BytesIO(data)) as original:
        image = original.convert("RGBA" if original.has_transparency_data else "RGB")
    scale = min(LOGO_BOX[0] / image.width, LOGO_BOX[1] / image.height, 1.0)
    size = (max(int(image.width * scale), 1), max(int(image.height * scale), 1))
    pixels = (size[0] * LOGO_PIXELS, size[1] * LOGO_PIXELS)
    if image.width > pixels[0] or image.height > pixels[1]:
        image = image.resize(pixels, PilImage.Resampling.LANCZOS)
    return Image(image, size=size)


def _place_table(layout: SingleColumnLayout, document: StatementDocument, fonts: Fonts) -> None:
    """The month table, one borb table per row: borb cannot split a table across pages (it
    would move a tall one whole to the next page, or refuse it), single rows flow. Rows are
    striped instead of ruled, so the 1 pt between them does not show."""
    for index, row in enumerate(_rows(document, fonts)):
        # A margin of 0 means "the default" (14 pt) to borb: 1 pt keeps the rows together.
        table = FixedColumnWidthTable(
            number_of_rows=1,
            number_of_columns=5,
            column_widths=[16, 17, 17, 17, 33],
            margin_top=14 if index == 0 else 1,
            margin_bottom=1,
        )
        for cell in row:
            table.append_layout_element(cell)
        layout.append_layout_element(table)


def _rows(document: StatementDocument, fonts: Fonts) -> list[list[Table.TableCell]]:
    titles = ("Miesiąc", "Przychody", "Koszty", "Wynik", "Komentarz biura")
    header = [
        _cell(
            Paragraph(
                title,
                font=fonts.bold,
                font_size=9,
                font_color=TEXT,
                horizontal_alignment=RIGHT if 0 < index < 4 else LEFT,
            ),
            background=HEADER,
        )
        for index, title in enumerate(titles)
    ]
    rows = [header]
    for number, line in enumerate(document.lines):
        rows.append(_row(line, fonts, bold=False, background=STRIPE if number % 2 else None))
    if document.totals:
        rows.append(_row(document.totals, fonts, bold=True, background=HEADER))
    return rows


def _row(
    line: StatementLine, fonts: Fonts, bold: bool, background: HexColor | None
) -> list[Table.TableCell]:
    cells = []
    for index, text in enumerate((line.label, line.revenue, line.costs, line.result)):
        negative = index == 3 and line.negative
        paragraph = Paragraph(
            text,
            font=fonts.bold if bold or negative else fonts.regular,
            font_size=9,
            font_color=NEGATIVE if negative else TEXT,
            horizontal_alignment=RIGHT if index else LEFT,
        )
        cells.append(_cell(paragraph, background=background))
    comment = line.comment if len(line.comment) <= COMMENT_IN_TABLE else SEE_BELOW
    paragraph = Paragraph(comment or " ", font=fonts.regular, font_size=8, font_color=MUTED)
    cells.append(_cell(paragraph, background=background))
    return cells


def _cell(
    element: LayoutElement,
    bottom: int = 0,
    background: HexColor | None = None,
    padding: int = 4,
    inset: int = 3,
) -> Table.TableCell:
    return Table.TableCell(
        element,
        background_color=background,
        border_color=RULE,
        border_width_top=0,
        border_width_left=0,
        border_width_right=0,
        border_width_bottom=bottom,
        padding_top=padding,
        padding_bottom=padding,
        padding_left=inset,
        padding_right=inset,
    )


def _clear_layout_caches() -> None:
    """borb memoizes ``get_size`` per element with ``functools.cache`` on the class: forget
    them, or every element of every document stays in memory."""
    from borb.pdf.layout_element.text.chunk import Chunk
    from borb.pdf.layout_element.text.heterogeneous_paragraph import HeterogeneousParagraph

    for cls in (Chunk, HeterogeneousParagraph, FixedColumnWidthTable, Table, Table.TableCell):
        for attribute in vars(cls).values():
            clear = getattr(attribute, "cache_clear", None)
            if callable(clear):
                clear()
