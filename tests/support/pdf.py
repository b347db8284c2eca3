"""Reading a generated PDF's text back (pypdfium2) for assertions."""

from __future__ import annotations

import pypdfium2 as pdfium


def pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range())
            text_page.close()
            page.close()
        return "\n".join(pages).replace("\xa0", " ")
    finally:
        document.close()
