"""One look for the whole product: one accent colour, status colours, shared CSS."""

from __future__ import annotations

from nicegui import ui

ACCENT = "#0f766e"
CSS = """
body { background: #f5f7f8; }
.biurko-amount { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
.biurko-card { border-radius: 12px; }
.biurko-nav-item { min-height: 48px; }
.q-footer .q-btn { min-height: 56px; }
"""


def apply_theme() -> None:
    ui.colors(
        primary=ACCENT,
        secondary="#334155",
        accent=ACCENT,
        positive="#15803d",
        negative="#b91c1c",
        warning="#b45309",
        info="#0369a1",
    )
    ui.add_css(CSS)


def empty_state(icon: str, title: str, text: str) -> None:
    """What will appear here, and what to do next: every list has one."""
    with ui.column().classes("items-center text-center w-full py-12 gap-2"):
        ui.icon(icon, size="48px").classes("text-gray-400")
        ui.label(title).classes("text-lg font-medium text-gray-700")
        ui.label(text).classes("text-gray-500 max-w-md")


def status_chip(text: str, color: str) -> None:
    """Status is a chip with a word, never colour alone."""
    ui.chip(text, color=color).props("outline dense square")
