"""The office's composer ("Nowa wiadomość"): subject, Markdown body with a preview, attachments
and the recipients (one company, selected companies, all active ones, or a filter).

The summary under the recipients comes from ``preview()`` and follows every change of the
audience. One idempotency key per open composer: a double click on "Wyślij" sends once.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from domain.actors import Actor
from domain.errors import DomainError, ValidationError
from domain.messages.model import (
    Audience,
    AudienceFilter,
    AudienceKind,
    Draft,
)
from domain.services import ServicesLike
from ui.components.company_form import TAX_FORM_LABELS, VAT_PERIOD_LABELS
from ui.i18n import N_, _
from ui.pages.messages_audience import company_options, preview_rows, preview_text
from ui.pages.messages_parts import AttachmentPicker

ANY = ""  # "dowolna" in the filter selects
KIND_LABELS = {
    AudienceKind.ONE.value: N_("Jedna firma"),
    AudienceKind.SELECTED.value: N_("Wybrane firmy"),
    AudienceKind.ALL_ACTIVE.value: N_("Wszystkie aktywne"),
    AudienceKind.FILTER.value: N_("Według filtra"),
}


class Composer:
    """A dialog; ``on_sent`` gets the new message's id."""

    def __init__(
        self,
        services: ServicesLike,
        actor: Actor,
        on_sent: Callable[[int], Awaitable[None]],
    ) -> None:
        self._services = services
        self._actor = actor
        self._on_sent = on_sent
        self._key = uuid.uuid4().hex
        self._companies: dict[int, str] = {}
        self._staff: dict[Any, str] = {}

    async def open(self) -> None:
        self._companies = await company_options(self._services, self._actor)
        staff = await self._services.companies.staff_choices(self._actor)
        self._staff = {ANY: _("Dowolny"), **{s.id: s.name for s in staff}}
        self._key = uuid.uuid4().hex  # a new form: a new message
        with (
            ui.dialog().props("persistent") as self._dialog,
            ui.card().classes("w-full max-w-3xl gap-3").mark("composer"),
        ):
            ui.label(_("Nowa wiadomość")).classes("text-xl font-semibold")
            self._draw_recipients()
            self._draw_text()
            self._picker = AttachmentPicker()
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button(_("Anuluj"), on_click=self._dialog.close).props("flat")
                self._send_button = (
                    ui.button(_("Wyślij"), icon="send", on_click=self._send)
                    .props("unelevated")
                    .mark("composer-send")
                )
        self._dialog.on("hide", self._dialog.delete)  # each "Nowa wiadomość" is a new form
        self._dialog.open()
        await self._refresh_preview()

    # --- the form ---------------------------------------------------------------------

    def _draw_recipients(self) -> None:
        ui.label(_("Odbiorcy")).classes("text-sm font-medium text-gray-600")
        self._kind = (
            ui.toggle(
                {k: _(v) for k, v in KIND_LABELS.items()},
                value=AudienceKind.ONE.value,
                on_change=self._audience_changed,
            )
            .props("no-caps unelevated toggle-color=primary")
            .mark("audience-kind")
        )
        self._one = (
            ui.select(
                self._companies, label=_("Firma"), with_input=True, on_change=self._audience_changed
            )
            .props("outlined clearable")
            .classes("w-full")
            .mark("audience-one")
        )
        self._many = (
            ui.select(
                self._companies,
                label=_("Firmy"),
                multiple=True,
                with_input=True,
                on_change=self._audience_changed,
            )
            .props("outlined use-chips clearable")
            .classes("w-full")
            .mark("audience-many")
        )
        with ui.row().classes("w-full gap-2") as self._filters:
            self._tax = self._filter_select(
                _("Forma opodatkowania"),
                {f.value: _(label) for f, label in TAX_FORM_LABELS.items()},
                "filter-tax",
            )
            self._vat = self._filter_select(
                _("Rozliczenie VAT"),
                {p.value: _(label) for p, label in VAT_PERIOD_LABELS.items()},
                "filter-vat",
            )
            self._staff_select = self._filter_select(
                _("Przypisany pracownik"), self._staff, "filter-staff"
            )
            self._status = self._filter_select(
                _("Status"), {"active": _("Aktywne"), "inactive": _("Nieaktywne")}, "filter-status"
            )
        self._audience_error = ui.label().classes("text-negative text-sm").mark("audience-error")
        self._summary = ui.label().classes("text-sm text-gray-700").mark("audience-summary")
        self._who = ui.refreshable(preview_rows)
        self._who(None)
        self._show_kind()

    def _filter_select(self, label: str, options: dict[Any, str], marker: str) -> ui.select:
        choices = options if ANY in options else {ANY: _("Dowolna"), **options}
        return (
            ui.select(choices, label=label, value=ANY, on_change=self._audience_changed)
            .props("outlined dense")
            .classes("min-w-[180px] flex-1")
            .mark(marker)
        )

    def _draw_text(self) -> None:
        self._subject = (
            ui.input(_("Temat")).props("outlined").classes("w-full").mark("composer-subject")
        )
        with ui.row().classes("w-full items-center justify-between"):
            ui.label(_("Formatowanie: **pogrubienie**, *kursywa*, listy od „- ”")).classes(
                "text-sm text-gray-600"
            )
            ui.switch(_("Podgląd"), on_change=lambda e: self._toggle_preview(e.value)).mark(
                "composer-preview-toggle"
            )
        self._body = (
            ui.textarea(_("Treść")).props("outlined rows=7").classes("w-full").mark("composer-body")
        )
        self._rendered = ui.markdown("").classes(
            "w-full border rounded p-3 bg-gray-50 min-h-[8rem]"
        )
        self._rendered.set_visibility(False)

    def _toggle_preview(self, on: bool) -> None:
        self._rendered.content = self._body.value or _("(pusta treść)")
        self._rendered.set_visibility(on)
        self._body.set_visibility(not on)

    def _show_kind(self) -> None:
        kind = self._kind.value
        self._one.set_visibility(kind == AudienceKind.ONE.value)
        self._many.set_visibility(kind == AudienceKind.SELECTED.value)
        self._filters.set_visibility(kind == AudienceKind.FILTER.value)

    # --- audience and preview ---------------------------------------------------------

    def audience(self) -> Audience:
        kind = AudienceKind(self._kind.value)
        if kind is AudienceKind.ONE:
            ids = (int(self._one.value),) if self._one.value not in (None, "") else ()
            return Audience(kind=kind, company_ids=ids)
        if kind is AudienceKind.SELECTED:
            return Audience(kind=kind, company_ids=tuple(int(i) for i in self._many.value or ()))
        if kind is AudienceKind.ALL_ACTIVE:
            return Audience(kind=kind)
        status = self._status.value
        return Audience(
            kind=kind,
            filter=AudienceFilter(
                tax_form=self._tax.value or None,
                vat_period=self._vat.value or None,
                staff_id=int(self._staff_select.value) if self._staff_select.value else None,
                active=None if not status else status == "active",
            ),
        )

    async def _audience_changed(self) -> None:
        self._show_kind()
        await self._refresh_preview()

    async def _refresh_preview(self) -> None:
        audience = self.audience()
        if audience.kind in (AudienceKind.ONE, AudienceKind.SELECTED) and not audience.company_ids:
            self._set_audience_error(None)
            self._summary.text = _("Wybierz odbiorców.")
            self._who.refresh(None)
            return
        try:
            preview = await self._services.messages.preview(self._actor, audience)
        except ValidationError as error:
            self._set_audience_error(next(iter(error.errors.values())))
            self._summary.text = ""
            self._who.refresh(None)
            return
        except DomainError as error:
            self._set_audience_error(error.message)
            self._summary.text = ""
            return
        self._set_audience_error(None)
        self._summary.text = preview_text(preview)
        self._who.refresh(preview)

    def _set_audience_error(self, message: str | None) -> None:
        self._audience_error.text = _(message) if message else ""
        self._audience_error.set_visibility(bool(message))

    # --- sending ----------------------------------------------------------------------

    async def _send(self) -> None:
        draft = Draft(
            subject=self._subject.value or "",
            body=self._body.value or "",
            audience=self.audience(),
            attachments=tuple(self._picker.files),
            idempotency_key=self._key,
        )
        self._send_button.disable()
        try:
            message_id = await self._services.messages.send(self._actor, draft)
        except ValidationError as error:
            self._show_errors(error.errors)
            return
        except DomainError as error:
            ui.notify(_(error.message), type="negative")
            return
        finally:
            self._send_button.enable()
        self._dialog.close()
        ui.notify(_("Wysłano wiadomość."), type="positive")
        await self._on_sent(message_id)

    def _show_errors(self, errors: dict[str, str]) -> None:
        self._subject.error = _(errors["subject"]) if "subject" in errors else None
        self._body.error = _(errors["body"]) if "body" in errors else None
        if "body" in errors:
            self._toggle_preview(False)
        self._picker.show_error(_(errors["attachments"]) if "attachments" in errors else None)
        self._set_audience_error(errors.get("audience"))
        known = {"subject", "body", "attachments", "audience"}
        for field, message in errors.items():
            if field not in known:
                ui.notify(_(message), type="negative")
