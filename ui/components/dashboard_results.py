"""The dashboard's results at a glance: the latest month's revenue, costs and result, and a
chart of the last twelve months (``ui.echart``: bars for revenue and costs, a line for the
result)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from nicegui import ui

from domain.entries.model import StatementValues
from domain.formatting import LOCALES
from ui.components.entry_texts import money_text, period_text
from ui.i18n import _, current_language

REVENUE_COLOR = "#0f766e"
COSTS_COLOR = "#94a3b8"
RESULT_COLOR = "#1e3a8a"


def latest_statement(values: StatementValues) -> None:
    """Three figures for the newest month; a loss in red (bad news), with a minus sign."""
    with ui.card().classes("w-full biurko-card gap-2").mark("latest-statement"):
        ui.label(_("Wyniki za {period}").format(period=period_text(values.period))).classes(
            "text-base font-medium text-gray-800"
        )
        with ui.grid(columns=3).classes("w-full gap-2"):
            _figure(_("Przychody"), values.revenue, "statement-revenue")
            _figure(_("Koszty"), values.costs, "statement-costs")
            result = values.result
            _figure(
                _("Dochód") if result >= 0 else _("Strata"),
                result,
                "statement-result",
                "text-negative" if result < 0 else "text-primary",
            )
        if values.comment:
            ui.label(values.comment).classes("text-sm text-gray-600")


def _figure(caption: str, amount: Decimal, marker: str, color: str = "text-gray-900") -> None:
    with ui.column().classes("gap-0 min-w-0"):
        ui.label(caption).classes("text-xs text-gray-500")
        ui.label(money_text(amount)).classes(
            f"biurko-amount text-left text-sm sm:text-lg font-semibold {color} whitespace-normal"
        ).mark(marker)


def _month_short(period: str) -> str:
    locale = LOCALES.get(current_language(), "pl_PL")
    month = date(int(period[:4]), int(period[5:7]), 1)
    return f"{format_date(month, format='LLL', locale=locale)} {period[2:4]}"


def _money_formatter() -> str:
    """JS that shows ``1 234,56 zł`` in the tooltip."""
    locale = json.dumps("pl-PL" if current_language() == "pl" else "en-GB")
    return (
        f"(v) => new Intl.NumberFormat({locale}, "
        "{minimumFractionDigits: 2, maximumFractionDigits: 2}).format(v) + ' "
        f"{_('zł')}'"
    )


def _thousands_formatter() -> str:
    suffix = json.dumps(" " + _("tys."))
    return f"(v) => (v / 1000).toLocaleString() + {suffix}"


def chart_options(history: list[StatementValues]) -> dict[str, Any]:
    months = [v for v in history if len(v.period) == 7]
    series = [
        (_("Przychody"), "bar", REVENUE_COLOR, [float(v.revenue) for v in months]),
        (_("Koszty"), "bar", COSTS_COLOR, [float(v.costs) for v in months]),
        (_("Wynik"), "line", RESULT_COLOR, [float(v.result) for v in months]),
    ]
    return {
        "animation": False,
        "legend": {"top": 0},
        "grid": {"left": 4, "right": 8, "top": 36, "bottom": 4, "containLabel": True},
        "tooltip": {"trigger": "axis", ":valueFormatter": _money_formatter()},
        "xAxis": {"type": "category", "data": [_month_short(v.period) for v in months]},
        "yAxis": {"type": "value", "axisLabel": {":formatter": _thousands_formatter()}},
        "series": [
            {"name": name, "type": kind, "data": data, "itemStyle": {"color": color}}
            | ({"barMaxWidth": 14} if kind == "bar" else {"symbolSize": 6})
            for name, kind, color, data in series
        ],
    }


def results_chart(history: list[StatementValues]) -> None:
    """Revenue, costs and result of the last twelve months."""
    with ui.card().classes("w-full biurko-card gap-1").mark("results-chart-card"):
        ui.label(_("Ostatnie 12 miesięcy")).classes("text-base font-medium text-gray-800")
        ui.echart(chart_options(history)).classes("w-full h-64").mark("results-chart")
        with ui.row().classes("w-full justify-end"):
            ui.link(_("Wszystkie zestawienia"), "/klient/zestawienia").classes(
                "text-primary text-sm py-2"
            )
