"""Showing a service's ``ValidationError`` in a form: each message at its field, the rest as a
notification. What the user typed stays in the fields."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from domain.errors import DomainError, ValidationError
from ui.i18n import _


def show_field_errors(
    fields: Mapping[str, ValidationElement[Any]], errors: Mapping[str, str]
) -> None:
    """Set (or clear) every field's error; messages without a field are notified."""
    for name, field in fields.items():
        message = errors.get(name)
        field.error = _(message) if message else None
    for name, message in errors.items():
        if name not in fields:
            ui.notify(_(message), type="negative")


async def run_notified(action: Awaitable[Any], success: str) -> bool:
    """Await a service call: a domain error is notified in red, success in green."""
    try:
        await action
    except DomainError as error:
        ui.notify(_(error.message), type="negative")
        return False
    ui.notify(success, type="positive")
    return True


def whole_days(value: object) -> int:
    """A number field's value as whole days; an emptied field or a fraction becomes -1, as
    wrong as any out-of-range number, so the service's own check names it."""
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    return -1


def days_card(
    *,
    days: int,
    save: Callable[[int], Awaitable[int]],
    title: str,
    hint: str,
    field_label: str,
    saved_text: str,
    save_label: str,
    marks: tuple[str, str, str],
) -> None:
    """An Ustawienia card with one "number of days" field and its Zapisz button; ``save``
    is the service call (errors land at the field). ``marks``: card, field, button."""
    card_mark, field_mark, save_mark = marks
    with ui.card().classes("w-full biurko-card gap-3").mark(card_mark):
        ui.label(title).classes("text-lg font-medium text-gray-800")
        ui.label(hint).classes("text-sm text-gray-500 -mt-2")
        field = (
            ui.number(field_label, value=days, precision=0)
            .props("outlined dense")
            .classes("w-56")
            .mark(field_mark)
        )

        async def on_save() -> None:
            try:
                saved = await save(whole_days(field.value))
            except ValidationError as error:
                show_field_errors({"reminder_days": field}, error.errors)
                return
            except DomainError as error:
                ui.notify(_(error.message), type="negative")
                return
            show_field_errors({"reminder_days": field}, {})
            field.value = saved
            ui.notify(saved_text, type="positive")

        field.on("keydown.enter", on_save)
        with ui.row().classes("w-full justify-end"):
            ui.button(save_label, icon="save", on_click=on_save).mark(save_mark)
