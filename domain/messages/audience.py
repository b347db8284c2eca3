"""Who gets an office message: the audience's shape checked, its people and their channels.

Recipients are the active client users of each company (a Wspólnik too); the channels per
person come from the ``ChannelResolver`` (inactive companies: e-mail only, the resolver's
rule). A person with no channel left still has a recipient row: the portal shows the
message to them and the receipt records whether they read it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from domain.channels import Channel
from domain.errors import ValidationError
from domain.messages.model import (
    PREVIEW_ROWS,
    Audience,
    AudienceKind,
    AudiencePreview,
    PreviewRow,
)
from domain.messages.ports import AudienceCompany, Person

NOBODY = "Żadna firma nie spełnia wybranych warunków."
NO_PEOPLE = "Wybrane firmy nie mają aktywnych użytkowników portalu."
PICK_ONE = "Wybierz jedną firmę."
PICK_SOME = "Wybierz co najmniej jedną firmę."
PICK_FILTER = "Wybierz warunki."


def check_shape(audience: Audience) -> None:
    """The audience names companies the way its kind says."""
    if audience.kind is AudienceKind.ONE and len(set(audience.company_ids)) != 1:
        raise ValidationError.single("audience", PICK_ONE)
    if audience.kind is AudienceKind.SELECTED and not audience.company_ids:
        raise ValidationError.single("audience", PICK_SOME)
    if audience.kind is AudienceKind.FILTER and audience.filter is None:
        raise ValidationError.single("audience", PICK_FILTER)


def audience_json(audience: Audience) -> dict[str, object]:
    """How the recipients were chosen, stored with the message."""
    data: dict[str, object] = {"kind": audience.kind.value}
    if audience.company_ids:
        data["company_ids"] = sorted(set(audience.company_ids))
    if audience.filter is not None:
        data["filter"] = {k: v for k, v in vars(audience.filter).items() if v is not None}
    return data


@dataclass(frozen=True)
class Resolved:
    """The audience's companies and people with their channels."""

    companies: list[AudienceCompany]
    people: list[Person]
    channels: dict[tuple[int, int], frozenset[Channel]]

    def channels_of(self, person: Person) -> frozenset[Channel]:
        key = (person.recipient.company_id, person.recipient.client_user_id)
        return self.channels.get(key, frozenset())


def preview_of(resolved: Resolved) -> AudiencePreview:
    by_company: dict[int, list[Person]] = defaultdict(list)
    for person in resolved.people:
        by_company[person.recipient.company_id].append(person)
    counts: Counter[Channel] = Counter()
    for person in resolved.people:
        counts.update(resolved.channels_of(person))
    rows = [
        PreviewRow(
            company.id,
            company.name,
            [(p.name, resolved.channels_of(p)) for p in by_company.get(company.id, [])],
        )
        for company in resolved.companies[:PREVIEW_ROWS]
    ]
    return AudiencePreview(
        companies=len(resolved.companies),
        people=len(resolved.people),
        by_channel={channel: counts.get(channel, 0) for channel in Channel},
        rows=rows,
    )
