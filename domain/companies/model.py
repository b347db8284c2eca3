"""Companies of an office and their client users: the values services take and return.

``*Form`` classes carry what a person typed (strings as they are); the service validates them
into ``CompanyData`` / ``ClientUserData`` (normalized) or raises ``ValidationError`` with one
Polish message per field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.actors import ClientRole, CompanyRef
from domain.deadlines import ZusPayerDeadline
from domain.identifiers import IdentifierType

RESTORE_DAYS = 30


class TaxForm(StrEnum):
    SKALA = "skala"
    LINIOWY = "liniowy"
    RYCZALT = "ryczalt"
    KARTA = "karta"
    CIT = "cit"


class VatPeriod(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    NONE = "none"


class CompanySort(StrEnum):
    PREFIX = "prefix"
    NAME = "name"
    IDENTIFIER = "identifier"
    STATUS = "status"


class StatusFilter(StrEnum):
    ALL = "all"
    ACTIVE = "active"
    INACTIVE = "inactive"


# --- company input and stored values ---------------------------------------------------------


@dataclass(frozen=True)
class BankAccountInput:
    number: str = ""
    label: str = ""


@dataclass(frozen=True)
class CompanyForm:
    """A company as typed in the form; ``active`` is used only when the company is created."""

    name: str = ""
    prefix: str = ""
    identifier_type: str = IdentifierType.NIP.value
    identifier: str = ""
    regon: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    tax_form: str = TaxForm.SKALA.value
    vat_period: str = VatPeriod.MONTHLY.value
    zus_payer: int | str = ZusPayerDeadline.DAY_20.value
    zus_account: str = ""
    bank_accounts: tuple[BankAccountInput, ...] = ()
    invoice_module: bool = False
    internal_note: str = ""
    active: bool = True


@dataclass(frozen=True)
class BankAccount:
    """A stored account: 26 digits (Polish) or a compact foreign IBAN."""

    number: str
    label: str = ""


@dataclass(frozen=True)
class CompanyData:
    """Validated, normalized company values: what is stored."""

    name: str
    prefix: str
    identifier_type: IdentifierType
    identifier: str
    regon: str
    address: str
    email: str
    phone: str
    tax_form: TaxForm
    vat_period: VatPeriod
    zus_payer: ZusPayerDeadline
    zus_account: str
    bank_accounts: tuple[BankAccount, ...]
    invoice_module: bool
    internal_note: str

    def audit_values(self) -> dict[str, Any]:
        """Plain JSON values per field, for the audit log's before/after pairs."""
        return {
            "name": self.name,
            "prefix": self.prefix,
            "identifier_type": self.identifier_type.value,
            "identifier": self.identifier,
            "regon": self.regon,
            "address": self.address,
            "email": self.email,
            "phone": self.phone,
            "tax_form": self.tax_form.value,
            "vat_period": self.vat_period.value,
            "zus_payer": int(self.zus_payer),
            "zus_account": self.zus_account,
            "bank_accounts": [f"{a.number} {a.label}".strip() for a in self.bank_accounts],
            "invoice_module": self.invoice_module,
            "internal_note": self.internal_note,
        }

    def changes_to(self, after: CompanyData) -> dict[str, list[Any]]:
        """``{field: [before, after]}`` for every field that differs."""
        before_values, after_values = self.audit_values(), after.audit_values()
        return {
            name: [before_values[name], after_values[name]]
            for name in before_values
            if before_values[name] != after_values[name]
        }


@dataclass(frozen=True)
class StatusInterval:
    """One period in which the company was active; ``ended_at`` None: still active."""

    started_at: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True)
class CompanyHead:
    """The little every check needs: scope, status, name, identifier, deletion."""

    id: int
    office_id: int
    name: str
    active: bool
    identifier_type: IdentifierType
    identifier: str
    deleted_at: datetime | None = None

    @property
    def ref(self) -> CompanyRef:
        return CompanyRef(id=self.id, office_id=self.office_id, active=self.active)


@dataclass(frozen=True)
class CompanyDetails:
    """Everything the company page shows."""

    id: int
    office_id: int
    active: bool
    data: CompanyData
    created_at: datetime
    history: tuple[StatusInterval, ...] = ()

    @property
    def name(self) -> str:
        return self.data.name

    def to_form(self) -> CompanyForm:
        """The stored values as the form shows them for editing."""
        data = self.data
        return CompanyForm(
            name=data.name,
            prefix=data.prefix,
            identifier_type=data.identifier_type.value,
            identifier=data.identifier,
            regon=data.regon,
            address=data.address,
            email=data.email,
            phone=data.phone,
            tax_form=data.tax_form.value,
            vat_period=data.vat_period.value,
            zus_payer=int(data.zus_payer),
            zus_account=data.zus_account,
            bank_accounts=tuple(BankAccountInput(a.number, a.label) for a in data.bank_accounts),
            invoice_module=data.invoice_module,
            internal_note=data.internal_note,
            active=self.active,
        )


@dataclass(frozen=True)
class SaveResult:
    """A saved company and the warnings worth showing (field -> Polish message)."""

    company_id: int
    warnings: dict[str, str] = field(default_factory=dict)


# --- the list --------------------------------------------------------------------------------


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


# --- client users ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientUserForm:
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    role: str = ClientRole.FIRMA.value
    can_edit_company: bool = False
    use_email: bool = True
    send_activation: bool = True


@dataclass(frozen=True)
class ClientUserData:
    """Validated values of a new member."""

    first_name: str
    last_name: str
    email: str
    phone: str
    role: ClientRole
    can_edit_company: bool
    use_email: bool


@dataclass(frozen=True)
class ExistingClientUser:
    id: int
    full_name: str
    activated_at: datetime | None


@dataclass(frozen=True)
class ClientUserRow:
    """A client user as a member of one company."""

    user_id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    role: ClientRole
    can_edit_company: bool
    use_email: bool
    active: bool
    activated_at: datetime | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def activated(self) -> bool:
        return self.activated_at is not None


@dataclass(frozen=True)
class AddUserResult:
    user_id: int
    existing_account: bool
    activation_sent: bool
