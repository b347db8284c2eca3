"""A live SMS counter under a textarea: characters, parts, encoding and the estimated cost.

The numbers come from the domain (``domain.sms_service.make_preview``), computed on every
keystroke from the office's options read once per page, so typing never waits on the database.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from babel.numbers import format_decimal
from nicegui import ui

from domain.sms_service import ComposerSettings, SmsPreview, make_preview
from ui.i18n import N_, _, current_language

CHARACTERS = (N_("{n} znak"), N_("{n} znaki"), N_("{n} znaków"))
PARTS = (N_("{n} część"), N_("{n} części"), N_("{n} części"))
UCS2_POLISH = N_("UCS-2 (polskie znaki)")
COST = N_("ok. {points} pkt")
REMAINING = N_("zostało {n} w tej części")
HINT_UCS2 = N_(
    "Polskie litery wymuszają kodowanie UCS-2: 70 znaków w jednej części zamiast 160. "
    "Włącz „zamieniaj polskie znaki” w ustawieniach bramki SMS, aby płacić mniej."
)
HINT_REPLACED = N_("Polskie litery zostaną zamienione (np. ą → a), więc SMS zmieści więcej.")


def polish_plural(n: int, forms: tuple[str, str, str]) -> str:
    """Pick ``1 znak`` / ``2 znaki`` / ``5 znaków`` (Polish plural rules)."""
    if n == 1:
        form = forms[0]
    elif n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        form = forms[1]
    else:
        form = forms[2]
    return _(form).format(n=n)


def format_points(value: Decimal) -> str:
    locale = "en_GB" if current_language() == "en" else "pl_PL"
    return format_decimal(value, format="#,##0.00##", locale=locale)


def summary(preview: SmsPreview) -> str:
    """``12 znaków · 1 część · GSM-7 · ok. 0,16 pkt``."""
    encoding = (
        _(UCS2_POLISH) if preview.encoding == "UCS-2" and preview.has_polish else preview.encoding
    )
    return " · ".join(
        (
            polish_plural(preview.characters, CHARACTERS),
            polish_plural(preview.parts, PARTS),
            encoding,
            _(COST).format(points=format_points(preview.cost)),
        )
    )


class SmsCounter:
    """The counter's labels; ``update`` recomputes from a text (bound to the textarea)."""

    def __init__(self, options: ComposerSettings, recipients: Callable[[], int]) -> None:
        self.options = options
        self._recipients = recipients
        with ui.column().classes("w-full gap-0 -mt-1"):
            with ui.row().classes("w-full justify-between items-baseline gap-2"):
                self.line = ui.label().classes("text-sm text-gray-600").mark("sms-counter")
                self.remaining = ui.label().classes("text-xs text-gray-400")
            self.hint = ui.label().classes("text-xs text-amber-700").mark("sms-counter-hint")
        self.preview = make_preview("", options, 1)
        self._text = ""
        self.update("")

    def refresh(self) -> SmsPreview:
        """Recompute the last text (after the options or the recipients changed)."""
        return self.update(self._text)

    def update(self, text: str) -> SmsPreview:
        self._text = text
        self.preview = make_preview(text, self.options, max(self._recipients(), 1))
        self.line.set_text(summary(self.preview))
        self.remaining.set_text(
            _(REMAINING).format(n=self.preview.remaining_in_part) if self.preview.parts else ""
        )
        warn = self.preview.has_polish and not self.options.transliterate
        self.hint.classes(replace="text-xs " + ("text-amber-700" if warn else "text-gray-500"))
        if warn:
            self.hint.set_text(_(HINT_UCS2))
        elif self.preview.has_polish:
            self.hint.set_text(_(HINT_REPLACED))
        else:
            self.hint.set_text("")
        self.hint.set_visibility(bool(self.hint.text))
        return self.preview


def sms_counter(
    textarea: ui.textarea | ui.input,
    options: ComposerSettings,
    recipients: Callable[[], int] = lambda: 1,
) -> SmsCounter:
    """Put a counter under ``textarea`` that follows every change of its value."""
    counter = SmsCounter(options, recipients)
    counter.update(str(textarea.value or ""))
    textarea.on_value_change(lambda event: counter.update(str(event.value or "")))
    return counter
