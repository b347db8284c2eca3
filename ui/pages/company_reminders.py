"""The company page's reminder log (in the "Użytkownicy" tab): which payment reminders went
to whom, newest first.

Read when the tab is opened (not with the page), so the company page stays quick. The office
sets how many days before a due date reminders go out in its settings.
"""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.companies.model import CompanyDetails
from domain.errors import NotFound, PermissionDenied
from domain.formatting import format_day, format_moment, format_money
from domain.portal.reminders import ReminderKind, ReminderLogEntry
from domain.services import ServicesLike
from ui.components.channel_names import channels_text
from ui.i18n import N_, _
from ui.theme import empty_state

TAB = "uzytkownicy"  # the log sits under the users it went to
KIND_LABELS = {
    ReminderKind.BEFORE: (N_("przed terminem"), "grey-8"),
    ReminderKind.DUE: (N_("w dniu terminu"), "warning"),
}
COLUMNS = (
    ("sent_at", N_("Wysłano"), "left"),
    ("whom", N_("Do kogo"), "left"),
    ("what", N_("Czego dotyczy"), "left"),
    ("amount", N_("Kwota"), "right"),
    ("due", N_("Termin"), "left"),
    ("kind", N_("Kiedy"), "left"),
    ("channels", N_("Kanały"), "left"),
)


async def reminder_log(
    services: ServicesLike, actor: Actor, details: CompanyDetails, tabs: ui.tabs
) -> None:
    """The log card; call inside the "Użytkownicy" tab panel. It is read each time the tab
    is opened (reminders go out in the background, so an open page may be behind)."""
    log = ui.refreshable(_draw)
    with ui.element("div").classes("w-full mt-4"):
        log(None)

    async def opened(value: object) -> None:
        if value != TAB:
            return
        try:
            entries = await services.reminders.log(actor, details.id)
        except (NotFound, PermissionDenied):
            entries = []
        log.refresh(entries)

    tabs.on_value_change(lambda event: opened(event.value))
    await opened(tabs.value)


def _draw(entries: list[ReminderLogEntry] | None) -> None:
    with ui.card().classes("w-full biurko-card gap-2").mark("reminder-log"):
        ui.label(_("Przypomnienia o płatnościach")).classes("text-lg font-medium text-gray-800")
        ui.label(
            _(
                "Klienci dostają przypomnienie przed terminem i w dniu terminu każdej "
                "niezapłaconej składki i podatku, kanałami wybranymi w zakładce „Powiadomienia”. "
                "Liczbę dni ustawisz w ustawieniach biura."
            )
        ).classes("text-sm text-gray-500")
        if entries is None:
            ui.spinner(size="lg").classes("self-center my-8")
            return
        if not entries:
            empty_state(
                "notifications_none",
                _("Nie wysłano jeszcze żadnych przypomnień."),
                _("Tu zobaczysz, komu i kiedy przypomnieliśmy o płatności."),
            )
            return
        _table(entries)


def _table(entries: list[ReminderLogEntry]) -> None:
    columns = [
        {"name": key, "label": _(label), "field": key, "align": align}
        for key, label, align in COLUMNS
    ]
    rows = [
        {
            "id": index,
            "sent_at": format_moment(entry.sent_at),
            "whom": entry.user_name or entry.user_email,
            "email": entry.user_email if entry.user_name else "",
            "what": entry.label or _("(wpis usunięty)"),
            "amount": format_money(entry.amount) if entry.amount is not None else "",
            "due": format_day(entry.due_date) if entry.due_date else "",
            "kind": _(KIND_LABELS[entry.kind][0]),
            "kind_color": KIND_LABELS[entry.kind][1],
            "channels": channels_text(entry.channels),
        }
        for index, entry in enumerate(entries)
    ]
    table = (
        ui.table(columns=columns, rows=rows, row_key="id", pagination=25)
        .props("flat dense wrap-cells")
        .classes("w-full")
        .mark("reminder-table")
    )
    table.add_slot(
        "body-cell-whom",
        r"""<q-td :props="props"><div>{{ props.row.whom }}</div>
        <div class="text-xs text-gray-500">{{ props.row.email }}</div></q-td>""",
    )
    table.add_slot(
        "body-cell-amount",
        r"""<q-td :props="props" class="biurko-amount">{{ props.value }}</q-td>""",
    )
    table.add_slot(
        "body-cell-kind",
        r"""<q-td :props="props"><q-chip outline dense square :color="props.row.kind_color"
        :label="props.value" /></q-td>""",
    )
