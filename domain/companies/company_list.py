"""The office's company list: the query, its rows and pages, deleted companies, staff filter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.identifiers import IdentifierType

RESTORE_DAYS = 30


class CompanySort(StrEnum):
    PREFIX = "prefix"
    NAME = "name"
    IDENTIFIER = "identifier"
    STATUS = "status"


class StatusFilter(StrEnum):
    ALL = "all"
    ACTIVE = "active"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class CompanyScope:
    """What a list query may return: one office, and for a restricted employee only the
    assigned companies (``company_ids`` None: every company of the office)."""

    office_id: int
    company_ids: frozenset[int] | None = None


@dataclass(frozen=True)
class CompanyQuery:
    search: str = ""
    status: StatusFilter = StatusFilter.ALL
    staff_id: int | None = None
    sort: CompanySort = CompanySort.NAME
    descending: bool = False
    page: int = 1
    per_page: int = 25


@dataclass(frozen=True)
class CompanyRow:
    id: int
    prefix: str
    name: str
    identifier_type: IdentifierType
    identifier: str
    active: bool
    invoice_module: bool
    users: int = 0
    waiting: int = 0
    overdue: int = 0  # sent ZUS and tax items past their due date, not marked paid
    email_channel: bool = False
    sms_channel: bool = False


@dataclass(frozen=True)
class CompanyPage:
    rows: tuple[CompanyRow, ...]
    total: int
    page: int
    per_page: int
    show_prefix: bool


@dataclass(frozen=True)
class DeletedCompany:
    id: int
    name: str
    identifier_type: IdentifierType
    identifier: str
    deleted_at: datetime
    restorable_until: datetime


@dataclass(frozen=True)
class StaffChoice:
    id: int
    name: str
