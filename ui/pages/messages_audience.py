"""The composer's audience helpers: the companies to choose from and the words for
``preview()``'s answer (how many companies and people, which channels, who exactly)."""

from __future__ import annotations

from nicegui import ui

from domain.actors import Actor
from domain.companies.model import CompanyQuery, StatusFilter
from domain.messages.model import AudiencePreview
from domain.services import ServicesLike
from ui.components.channel_names import CHANNEL_NAMES, channels_text
from ui.i18n import _

MAX_COMPANIES_LISTED = 2000  # pages of 100; a larger office narrows by the filter instead


async def company_options(services: ServicesLike, actor: Actor) -> dict[int, str]:
    """Every company the actor may write to, by name (restricted staff: their own)."""
    options: dict[int, str] = {}
    page_no = 1
    while len(options) < MAX_COMPANIES_LISTED:
        page = await services.companies.list_companies(
            actor, CompanyQuery(status=StatusFilter.ALL, page=page_no, per_page=100)
        )
        options.update({row.id: row.name for row in page.rows})
        if page_no * page.per_page >= page.total or not page.rows:
            break
        page_no += 1
    return options


def preview_text(preview: AudiencePreview) -> str:
    channels = ", ".join(
        f"{_(label)}: {preview.by_channel.get(channel, 0)}"
        for channel, label in CHANNEL_NAMES.items()
    )
    return _("Firmy: {companies} · osoby: {people} · kanały: {channels}").format(
        companies=preview.companies, people=preview.people, channels=channels
    )


def preview_rows(preview: AudiencePreview | None) -> None:
    """Who gets it and how: the first companies of the preview, folded away."""
    if preview is None or not preview.rows:
        return
    with ui.expansion(_("Pokaż odbiorców")).props("dense").classes("w-full text-sm"):
        for row in preview.rows:
            people = "; ".join(
                f"{name} ({channels_text(channels)})" for name, channels in row.people
            )
            ui.label(f"{row.company_name}: {people or '—'}").classes("text-sm text-gray-600")
        if preview.companies > len(preview.rows):
            ui.label(
                _("…i {count} kolejnych firm").format(count=preview.companies - len(preview.rows))
            ).classes("text-sm text-gray-500")
