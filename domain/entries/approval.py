"""Approval: synced data stays hidden from clients until the office sends it.

Per data type the office chooses manual approval, approval on every sync, or a schedule (a day
of the month and an hour). A change that a later sync brings to an already sent item waits as a
pending change; clients keep seeing the sent value until it is approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.clock import WARSAW
from domain.errors import ValidationError


class ApprovalMode(StrEnum):
    MANUAL = "manual"  # "ręcznie"
    ON_SYNC = "on_sync"  # "przy każdej synchronizacji"
    SCHEDULED = "scheduled"  # "według harmonogramu"


class DataType(StrEnum):
    ZUS = "zus"
    TAXES = "taxes"
    STATEMENTS = "statements"


@dataclass(frozen=True)
class ApprovalRule:
    mode: ApprovalMode = ApprovalMode.MANUAL
    day_of_month: int = 1
    hour: int = 8

    def __post_init__(self) -> None:
        if not 1 <= self.day_of_month <= 28:
            raise ValidationError.single(
                "day_of_month", "Wybierz dzień od 1 do 28 (taki jest w każdym miesiącu)."
            )
        if not 0 <= self.hour <= 23:
            raise ValidationError.single("hour", "Godzina musi być od 0 do 23.")


def sends_on_sync(rule: ApprovalRule) -> bool:
    return rule.mode is ApprovalMode.ON_SYNC


def scheduled_run_due(rule: ApprovalRule, now: datetime, last_run: datetime | None) -> bool:
    """Has this month's scheduled send come (in Warsaw time) and not run yet?"""
    if rule.mode is not ApprovalMode.SCHEDULED:
        return False
    local = now.astimezone(WARSAW)
    slot = local.replace(day=rule.day_of_month, hour=rule.hour, minute=0, second=0, microsecond=0)
    if local < slot:
        return False
    return last_run is None or last_run.astimezone(WARSAW) < slot


class ChangeOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def classify_change(
    existing_values: tuple[object, ...] | None, incoming_values: tuple[object, ...]
) -> ChangeOutcome:
    """How a synced record relates to what is stored (equal values count as unchanged)."""
    if existing_values is None:
        return ChangeOutcome.CREATED
    if existing_values == incoming_values:
        return ChangeOutcome.UNCHANGED
    return ChangeOutcome.UPDATED
