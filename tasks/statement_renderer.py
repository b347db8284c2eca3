"""The statement PDF renderer as bootstrap wires it: borb is imported on the first render.

borb and fontTools take about a second to import; the web process, the worker and the CLI
commands should not pay for it until a statement PDF is actually rendered.
"""

from __future__ import annotations

from domain.portal.statement_document import StatementDocument


class StatementPdfRenderer:
    """``StatementRenderer`` port: DejaVu Sans subset once per process (see tasks.pdf_borb)."""

    def render(self, document: StatementDocument) -> bytes:
        from tasks.pdf_borb import BorbStatementRenderer

        return BorbStatementRenderer().render(document)
