"""Showing a service's ``ValidationError`` in a form: each message at its field, the rest as a
notification. What the user typed stays in the fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

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
