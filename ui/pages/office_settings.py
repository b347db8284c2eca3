"""Ustawienia biura: the profile, the logo and how e-mails are sent; the public logo route."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app, events, ui
from starlette.responses import Response

from domain.actors import Actor
from domain.errors import DomainError, PermissionDenied, ValidationError
from domain.identifiers import format_nip
from domain.images import LOGO_MAX_BYTES, TOO_LARGE
from domain.office_settings import OfficeProfile
from domain.services import ServicesLike
from ui.forms import show_field_errors
from ui.frames import office_frame
from ui.i18n import N_, _
from ui.pages.messages_office import reminder_days_card
from ui.pages.settings_approval import approval_rules_card
from ui.pages.settings_notifications import notifications_card
from ui.pages.settings_reminders import reminders_card
from ui.pages.settings_sms import sms_card
from ui.pages.settings_smtp import smtp_card
from ui.pages.settings_sync import sync_card
from ui.session import actor_of

ADMIN_ONLY = N_("Tę stronę widzi tylko administrator biura.")
LOGO_CACHE_SECONDS = 86400
PROFILE_FIELDS = (  # in the order of the form: two columns, name and address span both
    ("name", N_("Nazwa biura")),
    ("address", N_("Adres")),
    ("nip", N_("NIP")),
    ("phone", N_("Telefon")),
    ("email", N_("E-mail")),
    ("website", N_("Strona internetowa")),
)


def register(services: ServicesLike) -> None:
    @app.get("/logo/{office_id}", include_in_schema=False)
    async def office_logo(office_id: int, request: Request) -> Response:
        """Public by design: the logo appears in the portal and in e-mails."""
        found = await services.office_settings.public_logo(office_id)
        if found is None:
            return Response(status_code=404, headers={"Cache-Control": "no-cache"})
        data, media_type, version = found
        headers = {
            "Cache-Control": f"public, max-age={LOGO_CACHE_SECONDS}",
            "ETag": f'"{version}"',
            "X-Content-Type-Options": "nosniff",
        }
        if request.headers.get("if-none-match") == headers["ETag"]:
            return Response(status_code=304, headers=headers)
        return Response(data, media_type=media_type, headers=headers)

    @ui.page("/biuro/ustawienia")
    async def office_settings_page(request: Request) -> RedirectResponse | None:
        actor = actor_of(request)
        if not actor.is_staff:
            return RedirectResponse("/klient")
        async with office_frame(services, actor, N_("Ustawienia biura"), "/biuro/ustawienia"):
            try:
                profile = await services.office_settings.profile(actor)
                smtp = await services.office_settings.smtp_settings(actor)
            except PermissionDenied:
                ui.label(_(ADMIN_ONLY)).classes("text-gray-600")
                return None
            with ui.column().classes("w-full max-w-3xl gap-4"):
                _profile_card(services, actor, profile)
                await _logo_card(services, actor)
                smtp_card(services, actor, smtp)
                await approval_rules_card(services, actor)
                await reminders_card(services, actor)
                await reminder_days_card(services, actor)
                await notifications_card(services, actor)
                await sms_card(services, actor)
                await sync_card(services, actor)
        return None


def _section(title: str, text: str) -> None:
    ui.label(title).classes("text-lg font-medium text-gray-800")
    ui.label(text).classes("text-sm text-gray-500 -mt-2")


def _profile_card(services: ServicesLike, actor: Actor, profile: OfficeProfile) -> None:
    values = {
        "name": profile.name,
        "nip": format_nip(profile.nip) if profile.nip else "",
        "address": profile.address,
        "email": profile.email,
        "phone": profile.phone,
        "website": profile.website,
    }
    with ui.card().classes("w-full biurko-card gap-3"):
        _section(
            _("Dane biura"),
            _("Klienci widzą je w portalu i w stopce e-maili."),
        )
        fields: dict[str, ui.input | ui.number] = {}
        with ui.grid(columns="1fr 1fr").classes("w-full gap-x-4 gap-y-3"):
            for name, label in PROFILE_FIELDS:
                field = ui.input(_(label), value=values[name]).props("outlined dense")
                field.classes("col-span-2" if name in {"name", "address"} else "")
                field.on("keydown.enter", lambda: save())
                fields[name] = field

        async def save() -> None:
            typed = {name: str(field.value or "") for name, field in fields.items()}
            try:
                saved = await services.office_settings.update_profile(actor, OfficeProfile(**typed))
            except ValidationError as error:
                show_field_errors(fields, error.errors)
                return
            except DomainError as error:
                ui.notify(_(error.message), type="negative")
                return
            show_field_errors(fields, {})
            fields["nip"].value = format_nip(saved.nip) if saved.nip else ""
            fields["website"].value = saved.website
            ui.notify(_("Zapisano dane biura."), type="positive")

        with ui.row().classes("w-full justify-end"):
            ui.button(_("Zapisz dane"), icon="save", on_click=save).mark("save-profile")


async def _logo_card(services: ServicesLike, actor: Actor) -> None:
    with ui.card().classes("w-full biurko-card gap-3"):
        _section(
            _("Logo"),
            _(
                "Pojawia się w nagłówku panelu, w portalu klienta i w e-mailach. "
                "PNG albo JPEG, najwyżej 1 MB i 2000 × 2000 pikseli."
            ),
        )

        @ui.refreshable
        async def preview() -> None:
            url = await services.office_settings.logo_url(actor)
            with ui.row().classes("items-center gap-4"):
                with ui.element("div").classes(
                    "w-48 h-24 rounded border border-gray-200 bg-gray-50 flex items-center "
                    "justify-center overflow-hidden"
                ):
                    if url:
                        ui.image(url).classes("w-48 h-24").props(
                            f'fit=contain no-spinner alt="{_("Logo biura")}"'
                        )
                    else:
                        with ui.column().classes("items-center gap-0 text-gray-400"):
                            ui.icon("image", size="32px")
                            ui.label(_("Brak logo")).classes("text-sm")
                with ui.column().classes("gap-1"):
                    ui.button(
                        _("Zmień logo") if url else _("Wgraj logo"),
                        icon="upload",
                        on_click=lambda: upload.run_method("pickFiles"),
                    ).props("outline").mark("pick-logo")
                    if url:
                        ui.button(_("Usuń logo"), icon="delete", on_click=remove).props(
                            "flat color=negative"
                        )

        async def remove() -> None:
            await services.office_settings.remove_logo(actor)
            error_label.set_visibility(False)
            preview.refresh()
            ui.notify(_("Usunięto logo."), type="positive")

        def show_error(message: str) -> None:
            error_label.text = _(message)
            error_label.set_visibility(True)
            ui.notify(_(message), type="negative")

        async def uploaded(event: events.UploadEventArguments) -> None:
            upload.reset()
            # The browser's size limit is only a courtesy: check again before reading it all.
            if event.file.size() > LOGO_MAX_BYTES:
                show_error(TOO_LARGE)
                return
            try:
                await services.office_settings.upload_logo(actor, await event.file.read())
            except ValidationError as error:
                show_error(next(iter(error.errors.values())))
                return
            except DomainError as error:
                show_error(error.message)
                return
            error_label.set_visibility(False)
            preview.refresh()
            ui.notify(_("Zapisano nowe logo."), type="positive")

        # The uploader itself stays out of sight: the buttons next to the preview open it.
        upload = (
            ui.upload(
                label=_("Wybierz plik z logo"),
                auto_upload=True,
                max_file_size=LOGO_MAX_BYTES,
                on_upload=uploaded,
                on_rejected=lambda: show_error(TOO_LARGE),
            )
            .props('accept=".png,.jpg,.jpeg,image/png,image/jpeg"')
            .classes("hidden")
        )
        await preview()
        error_label = ui.label().classes("text-negative text-sm").mark("logo-error")
        error_label.set_visibility(False)
