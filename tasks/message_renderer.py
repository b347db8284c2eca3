"""The read-receipt PDF renderer as bootstrap wires it: borb is imported on the first render
(as ``tasks.statement_renderer`` does for statements)."""

from __future__ import annotations

from domain.messages.receipts import ConfirmationDocument


class ConfirmationPdfRenderer:
    """``ConfirmationRenderer`` port (layout in ``tasks.message_pdf_borb``)."""

    def render(self, document: ConfirmationDocument) -> bytes:
        from tasks.message_pdf_borb import render_confirmation

        return render_confirmation(document)
