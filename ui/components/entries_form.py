"""The add/edit dialog for one entry (ZUS contribution, tax or monthly statement).

Fields carry the names the entry service parses; its ``ValidationError`` lands at the fields,
the dialog stays open with what was typed, Enter saves and Escape closes. For ZUS the total
follows the typed parts until the person types a total of their own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from domain.actors import Actor
from domain.deadlines import Period
from domain.entries.approval import DataType
from domain.entries.model import Entry, EntryValues
from domain.entries.parsing import ZUS_SPLIT, parse_amount
from domain.entries.service import DUPLICATE
from domain.errors import DomainError, ValidationError
from domain.services import ServicesLike
from ui.components.entry_texts import TAX_KINDS, TAX_SETTLEMENTS, TEXTS, ZUS_SETTLEMENTS
from ui.forms import show_field_errors
from ui.i18n import N_, _

OUTLINED = "outlined dense"
ZUS_PARTS = ("social", "health", "labour_fund", "fgsp")
SavedHandler = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, date, select, textarea
    hint: str = ""
    options: dict[str, str] = field(default_factory=dict)
    wide: bool = False


def _choices(labels: dict[Any, str]) -> dict[str, str]:
    return {str(code): f"{code} – {_(word)}" for code, word in labels.items()}


def fields_for(data_type: DataType) -> list[Field]:
    due = Field(
        "due_date", N_("Termin płatności (opcjonalnie)"), "date", N_("Puste: termin ustawowy")
    )
    if data_type is DataType.ZUS:
        return [
            Field("period", N_("Okres"), hint=N_("Miesiąc, np. 2026-10")),
            Field("settlement", N_("Typ"), "select", options=_choices(ZUS_SETTLEMENTS)),
            Field("person", N_("Osoba (opcjonalnie)"), hint=N_("Puste: właściciel firmy")),
            Field("pesel", N_("PESEL (opcjonalnie)")),
            Field("social", N_("Składki społeczne")),
            Field("health", N_("Składka zdrowotna")),
            Field("labour_fund", N_("Fundusz Pracy i FS")),
            Field("fgsp", N_("FGŚP (opcjonalnie)")),
            Field("total", N_("Razem do zapłaty"), hint=N_("Liczy się sama z kwot powyżej")),
            due,
        ]
    if data_type is DataType.TAXES:
        kinds = {str(kind): _(label) for kind, label in TAX_KINDS.items()}
        return [
            Field("kind", N_("Rodzaj podatku"), "select", options=kinds),
            Field("period", N_("Okres"), hint=N_("Miesiąc 2026-10 albo kwartał 2026-Q3")),
            Field("settlement", N_("Typ"), "select", options=_choices(TAX_SETTLEMENTS)),
            Field("amount", N_("Kwota")),
            Field(
                "due_date",
                N_("Termin płatności (opcjonalnie)"),
                "date",
                N_("Puste: termin ustawowy; dla „inny” wymagany"),
                wide=True,
            ),
        ]
    return [
        Field("period", N_("Miesiąc"), hint=N_("np. 2026-10"), wide=True),
        Field("revenue", N_("Przychody")),
        Field("costs", N_("Koszty")),
        Field("comment", N_("Komentarz dla klienta (opcjonalnie)"), "textarea", wide=True),
    ]


SPLIT_FIELDS = [
    Field("pension", N_("Emerytalna")),
    Field("disability", N_("Rentowa")),
    Field("sickness", N_("Chorobowa")),
    Field("accident", N_("Wypadkowa")),
]


def plain_amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def initial_form(values: EntryValues) -> dict[str, str]:
    """What the edit dialog starts with: the entry's values as a person would type them."""
    form: dict[str, str] = {}
    for name, value in vars(values).items():
        if value is None:
            continue
        if isinstance(value, Decimal):
            form[name] = plain_amount(value)
        elif isinstance(value, date):
            form[name] = value.isoformat()
        else:
            form[name] = str(value)
    return form


def previous_month(today: date) -> str:
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year}-{month:02d}"


class EntryDialog:
    def __init__(
        self,
        services: ServicesLike,
        actor: Actor,
        company_id: int,
        data_type: DataType,
        entry: Entry | None,
        on_saved: SavedHandler,
    ) -> None:
        self._services = services
        self._actor = actor
        self._company_id = company_id
        self._data_type = data_type
        self._entry = entry
        self._on_saved = on_saved
        self._fields: dict[str, ValidationElement[Any]] = {}
        self._auto_total = entry is None
        self._last_auto = ""
        if entry is not None:
            initial = initial_form(entry.values)
        else:
            initial = {"period": previous_month(services.clock.now().date()), "settlement": "D"}
        texts = TEXTS[data_type]
        self.dialog = ui.dialog().props("no-backdrop-dismiss")
        with self.dialog, ui.card().classes("w-full max-w-2xl gap-3").mark("entry-dialog"):
            title = texts.new_title if entry is None else texts.edit_title
            ui.label(_(title)).classes("text-xl font-semibold text-gray-800")
            with ui.grid(columns=2).classes("w-full gap-x-4 gap-y-1"):
                for spec in fields_for(data_type):
                    self._add(spec, initial.get(spec.name, ""))
            if data_type is DataType.ZUS:
                self._split(initial)
            with ui.row().classes("w-full justify-end gap-2 pt-2"):
                ui.button(_("Anuluj"), on_click=self.dialog.close).props("flat")
                label = _(texts.add) if entry is None else _("Zapisz zmiany")
                self._save = ui.button(label, on_click=self.submit)
                self._save.props("unelevated no-caps color=primary").mark("entry-save")

    # --- fields -------------------------------------------------------------------------------

    def _add(self, spec: Field, value: str) -> None:
        element: ValidationElement[Any]
        if spec.kind == "select":
            element = ui.select(spec.options, label=_(spec.label), value=value or None)
        elif spec.kind == "textarea":
            element = ui.textarea(_(spec.label), value=value).props("autogrow")
        else:
            element = ui.input(_(spec.label), value=value)
            element.on("keydown.enter", self.submit)
            if spec.kind == "date":
                _date_picker(element)
        element.props(OUTLINED).classes("w-full" + (" col-span-2" if spec.wide else ""))
        if spec.hint:
            element.props(f'hint="{_(spec.hint)}"')
        if spec.name == "period":
            element.props("autofocus")
        element.mark(f"entry-field-{spec.name}")
        self._fields[spec.name] = element
        if self._data_type is DataType.ZUS and spec.name in ZUS_PARTS:
            element.on_value_change(self._parts_changed)
        if spec.name == "total":
            element.on_value_change(self._total_changed)

    def _split(self, initial: dict[str, str]) -> None:
        opened = any(initial.get(name) for name in ZUS_SPLIT)
        self._expansion = ui.expansion(
            _("Podział składek społecznych (opcjonalnie)"), value=opened
        ).classes("w-full text-gray-700")
        with self._expansion, ui.grid(columns=4).classes("w-full gap-x-3"):
            for spec in SPLIT_FIELDS:
                self._add(spec, initial.get(spec.name, ""))

    def _parts_changed(self) -> None:
        if not self._auto_total:
            return
        total = Decimal("0.00")
        for name in ZUS_PARTS:
            text = str(self._fields[name].value or "").strip()
            try:
                total += parse_amount(text) if text else Decimal("0.00")
            except ValueError:
                return
        self._last_auto = plain_amount(total)
        self._fields["total"].value = self._last_auto

    def _total_changed(self) -> None:
        value = str(self._fields["total"].value or "").strip()
        self._auto_total = value in ("", self._last_auto)

    # --- saving -------------------------------------------------------------------------------

    def open(self) -> None:
        self.dialog.on("hide", self.dialog.delete)
        self.dialog.open()

    async def submit(self) -> None:
        for element in self._fields.values():
            element.error = None
        form = {name: element.value for name, element in self._fields.items()}
        self._save.props("loading")
        try:
            if self._entry is None:
                await self._services.entries.add(
                    self._actor, self._company_id, self._data_type, form
                )
            else:
                await self._services.entries.update(self._actor, self._entry.id, form)
        except ValidationError as error:
            self._show_errors(error.errors)
            return
        except DomainError as error:
            if error.message == DUPLICATE[self._data_type]:
                self._show_errors({"period": error.message})
            else:
                ui.notify(_(error.message), type="negative")
            return
        finally:
            self._save.props(remove="loading")
        self.dialog.close()
        await self._on_saved(str(Period.parse(str(form["period"]))))

    def _show_errors(self, errors: dict[str, str]) -> None:
        show_field_errors(self._fields, errors)
        if self._data_type is DataType.ZUS and any(name in errors for name in ZUS_SPLIT):
            self._expansion.open()


def _date_picker(element: ui.input) -> None:
    with (
        element,
        ui.menu().props("no-parent-event") as menu,
        ui.date().bind_value(element),
        ui.row().classes("justify-end"),
    ):
        ui.button(_("Zamknij"), on_click=menu.close).props("flat")
    with element.add_slot("append"):
        ui.icon("event").on("click", menu.open).classes("cursor-pointer").props(
            f'role=button aria-label="{_("Wybierz datę")}"'
        )


def open_entry_dialog(
    services: ServicesLike,
    actor: Actor,
    company_id: int,
    data_type: DataType,
    entry: Entry | None,
    on_saved: SavedHandler,
) -> EntryDialog:
    """Open the add (``entry`` None) or edit dialog of one tab."""
    dialog = EntryDialog(services, actor, company_id, data_type, entry, on_saved)
    dialog.open()
    return dialog
