"""Ustawienia biura, "Zatwierdzanie danych": per data type, send by hand, on every sync or on
a monthly schedule (a day of the month and an hour)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nicegui import ui

from domain.actors import Actor
from domain.entries.approval import ApprovalMode, ApprovalRule, DataType
from domain.errors import DomainError, ValidationError
from domain.services import ServicesLike
from ui.components.entry_labels import TYPE_TITLES
from ui.forms import show_field_errors
from ui.i18n import N_, _

MODE_LABELS = {
    ApprovalMode.MANUAL: N_("ręcznie"),
    ApprovalMode.ON_SYNC: N_("przy każdej synchronizacji"),
    ApprovalMode.SCHEDULED: N_("według harmonogramu"),
}


@dataclass
class RuleRow:
    """The inputs of one data type's rule."""

    mode: ui.select
    day: ui.number
    hour: ui.number

    def fields(self) -> dict[str, Any]:
        return {"day_of_month": self.day, "hour": self.hour}

    def rule(self) -> ApprovalRule:
        """The typed rule; raises ``ValidationError`` for a bad day or hour of a schedule."""
        mode = ApprovalMode(self.mode.value)
        try:
            return ApprovalRule(mode, _whole(self.day.value), _whole(self.hour.value))
        except ValidationError:
            if mode is ApprovalMode.SCHEDULED:
                raise
            return ApprovalRule(mode)  # the schedule is out of sight: forget what is wrong


def _whole(value: object) -> int:
    # An emptied field or a fraction is as wrong as 31: the rule's own check names it.
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    return -1


async def approval_rules_card(services: ServicesLike, actor: Actor) -> None:
    rules = await services.approval.rules(actor)
    with ui.card().classes("w-full biurko-card gap-3").mark("approval-rules"):
        ui.label(_("Zatwierdzanie danych")).classes("text-lg font-medium text-gray-800")
        ui.label(
            _(
                "Dane z programu księgowego czekają na Twoje zatwierdzenie, zanim zobaczy je "
                "klient. Wybierz, kiedy mają wychodzić do klientów same."
            )
        ).classes("text-sm text-gray-500 -mt-2")
        rows = {data_type: _rule_row(data_type, rules[data_type]) for data_type in DataType}

        async def save() -> None:
            await save_rules(services, actor, rows)

        with ui.row().classes("w-full justify-end"):
            ui.button(_("Zapisz zasady"), icon="save", on_click=save).mark("save-rules")


def _rule_row(data_type: DataType, rule: ApprovalRule) -> RuleRow:
    key = data_type.value
    with ui.row().classes("w-full items-start gap-x-4 gap-y-2"):
        ui.label(_(TYPE_TITLES[data_type])).classes("w-32 shrink-0 pt-2 font-medium text-gray-700")
        mode = (
            ui.select(
                {mode.value: _(label) for mode, label in MODE_LABELS.items()},
                label=_("Wysyłka do klientów"),
                value=rule.mode.value,
            )
            .props("outlined dense")
            .classes("w-60 shrink-0")
            .mark(f"rule-mode-{key}")
        )
        with ui.row().classes("gap-3 no-wrap") as schedule:
            day = ui.number(_("Dzień miesiąca (1–28)"), value=rule.day_of_month, precision=0)
            hour = ui.number(_("Godzina (0–23)"), value=rule.hour, precision=0)
            day.props("outlined dense").classes("w-44").mark(f"rule-day-{key}")
            hour.props("outlined dense").classes("w-32").mark(f"rule-hour-{key}")
        schedule.bind_visibility_from(
            mode, "value", backward=lambda v: v == ApprovalMode.SCHEDULED.value
        )
    return RuleRow(mode, day, hour)


async def save_rules(services: ServicesLike, actor: Actor, rows: dict[DataType, RuleRow]) -> None:
    """Check every row first (errors at their fields), then save all three."""
    typed: dict[DataType, ApprovalRule] = {}
    failed = False
    for data_type, row in rows.items():
        try:
            typed[data_type] = row.rule()
        except ValidationError as error:
            show_field_errors(row.fields(), error.errors)
            failed = True
        else:
            show_field_errors(row.fields(), {})
    if failed:
        ui.notify(_("Popraw zaznaczone pola."), type="negative")
        return
    try:
        for data_type, rule in typed.items():
            await services.approval.save_rule(actor, data_type, rule)
    except DomainError as error:
        ui.notify(_(error.message), type="negative")
        return
    ui.notify(_("Zapisano zasady zatwierdzania."), type="positive")
