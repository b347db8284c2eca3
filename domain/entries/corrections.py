"""Which entries a client has to pay: a correction (K) supersedes the declaration (D) of the
same obligation and period for payment purposes; both stay visible in the history.

"The same obligation" is the same period and person for ZUS, and the same kind and period for
taxes. Advances (Z), forecasts (P) and other (I) tax items are never superseded: they are
separate payments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from domain.entries.model import (
    EntryValues,
    TaxSettlement,
    TaxValues,
    ZusSettlement,
    ZusValues,
)

T = TypeVar("T")


def obligation(values: EntryValues) -> tuple[str, ...] | None:
    """What a declaration and its correction have in common; None for non-payments."""
    if isinstance(values, ZusValues):
        return ("zus", values.period, " ".join(values.person.split()).casefold())
    if isinstance(values, TaxValues) and values.settlement in (TaxSettlement.D, TaxSettlement.K):
        return ("tax", str(values.kind), values.period)
    return None


def is_correction(values: EntryValues) -> bool:
    return (isinstance(values, ZusValues) and values.settlement is ZusSettlement.K) or (
        isinstance(values, TaxValues) and values.settlement is TaxSettlement.K
    )


def superseded(values: Sequence[EntryValues]) -> set[int]:
    """Positions (in ``values``) of declarations that a correction in the list replaces."""
    corrected = {obligation(v) for v in values if is_correction(v)}
    return {
        position
        for position, v in enumerate(values)
        if not is_correction(v) and obligation(v) is not None and obligation(v) in corrected
    }


def payable(items: Sequence[tuple[T, EntryValues]]) -> list[tuple[T, EntryValues]]:
    """The items left to pay once corrections replace their declarations."""
    replaced = superseded([values for _, values in items])
    return [item for position, item in enumerate(items) if position not in replaced]
