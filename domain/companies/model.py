"""Companies of an office and their client users: the values services take and return.

``*Form`` classes carry what a person typed (strings as they are); the service validates them
into ``CompanyData`` / ``ClientUserData`` (normalized) or raises ``ValidationError`` with one
Polish message per field.

This module holds one company's values; the list's values live in ``company_list`` and the
client users' in ``client_user_model``, both re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.actors import CompanyRef
from domain.companies.client_user_model import (
    AddUserResult,
    ClientUserData,
    ClientUserForm,
    ClientUserRow,
    ExistingClientUser,
)
from domain.companies.company_list import (
    RESTORE_DAYS,
    CompanyPage,
    CompanyQuery,
    CompanyRow,
    CompanyScope,
    CompanySort,
    DeletedCompany,
    StaffChoice,
    StatusFilter,
)
from domain.deadlines import ZusPayerDeadline
from domain.identifiers import IdentifierType

__all__ = [
    "RESTORE_DAYS",
    "AddUserResult",
    "BankAccount",
    "BankAccountInput",
    "ClientUserData",
    "ClientUserForm",
    "ClientUserRow",
    "CompanyData",
    "CompanyDetails",
    "CompanyForm",
    "CompanyHead",
    "CompanyPage",
    "CompanyQuery",
    "CompanyRow",
    "CompanyScope",
    "CompanySort",
    "DeletedCompany",
    "ExistingClientUser",
    "SaveResult",
    "StaffChoice",
    "StatusFilter",
    "StatusInterval",
    "TaxForm",
    "VatPeriod",
]


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
