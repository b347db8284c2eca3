"""How a set of notification channels reads in a sentence or a table cell ("portal, e-mail")."""

from __future__ import annotations

from domain.channels import Channel
from ui.i18n import N_, _

CHANNEL_NAMES = {
    Channel.PORTAL: N_("portal"),
    Channel.EMAIL: N_("e-mail"),
    Channel.SMS: N_("SMS"),
}


def channels_text(channels: frozenset[Channel]) -> str:
    if not channels:
        return _("bez kanału")
    return ", ".join(_(label) for channel, label in CHANNEL_NAMES.items() if channel in channels)
