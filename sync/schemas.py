"""The sync API, version 1: the batch an agent pushes, as pydantic models.

Shared by the server (``POST /api/sync/v1/batches``) and the reference agent (``sync.agent``),
so this module imports nothing but pydantic: the agent's small dependency set stays small.
Every field and enumeration carries a description that ends up in the OpenAPI schema.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MONTH_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
TAX_PERIOD = re.compile(r"^\d{4}-((0[1-9]|1[0-2])|Q[1-4])$")
MAX_INTEGER_DIGITS = 8


class TaxKind(StrEnum):
    """Kind of a tax entry."""

    VAT = "vat"
    PIT_SKALA = "pit_skala"
    PIT_LINIOWY = "pit_liniowy"
    RYCZALT = "ryczalt"
    CIT = "cit"
    PIT_4R = "pit_4r"
    KARTA = "karta"
    INNY = "inny"


class ZusSettlement(StrEnum):
    """D: deklaracja (declaration), K: korekta (correction)."""

    D = "D"
    K = "K"


class TaxSettlement(StrEnum):
    """D deklaracja, K korekta, Z zaliczka (advance), P prognoza (forecast), I inne (other)."""

    D = "D"
    K = "K"
    Z = "Z"
    P = "P"
    I = "I"  # noqa: E741 - the settlement code is the letter I


class TaxForm(StrEnum):
    """Form of income taxation of the company."""

    SKALA = "skala"
    LINIOWY = "liniowy"
    RYCZALT = "ryczalt"
    KARTA = "karta"
    CIT = "cit"


class VatPeriod(StrEnum):
    """How the company settles VAT: monthly (JPK_V7M), quarterly (JPK_V7K) or not at all."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    NONE = "none"


class ZusPayer(IntEnum):
    """Day of the month by which the payer pays ZUS contributions (5th, 15th or 20th)."""

    DAY_5 = 5
    DAY_15 = 15
    DAY_20 = 20


# "1234.56": at most 8 integer digits, exactly 2 decimals, no sign, no leading zero. The usual
# form of an amount (and how a batch is stored) is accepted as is; anything else goes through
# the full rules of _money, which also word the errors.
_PLAIN_AMOUNT = re.compile(r"(?:0|[1-9][0-9]{0,7})\.[0-9]{2}").fullmatch


def _amount(value: Any) -> Decimal:
    """Validator of a required amount (a module function: pydantic calls it per field)."""
    if type(value) is str and _PLAIN_AMOUNT(value):
        return Decimal(value)  # already what _money returns: 2 places, in range, not negative
    return _money(value)


def _optional_amount(value: Any) -> Decimal | None:
    if value is None:
        return None
    if type(value) is str and _PLAIN_AMOUNT(value):
        return Decimal(value)
    return _money(value)


def _money(value: Any, *, allow_negative: bool = False) -> Decimal:
    """Amounts travel as decimal strings ("1234.56"): floats would lose grosze."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError('an amount must be a decimal string such as "1234.56"')
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError as error:
        raise ValueError('an amount must be a decimal string such as "1234.56"') from error
    if not amount.is_finite():
        raise ValueError("an amount must be a finite number")
    # The size first: quantizing a huge exponent ("1e400") raises instead of answering.
    if abs(amount) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        raise ValueError(f"an amount may have at most {MAX_INTEGER_DIGITS} integer digits")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("an amount may have at most 2 decimal places")
    if amount < 0 and not allow_negative:
        raise ValueError("an amount must not be negative")
    return amount.quantize(Decimal("0.01"))


def _month_period(value: str) -> str:
    if not MONTH_PERIOD.match(value):
        raise ValueError("period must be YYYY-MM")
    return value


Money = Annotated[Decimal, Field(description='Decimal string, e.g. "1234.56" (max 8+2 digits)')]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Source(Strict):
    program: str = Field(max_length=100, description="The accounting program the data came from")
    agent: str = Field(max_length=100, description="Agent name and version, e.g. biurko-agent/1.0")


class CompanyRef(Strict):
    """Which company a record belongs to: by the agent's own id or by NIP (one of them)."""

    external_id: str | None = Field(default=None, max_length=100)
    nip: str | None = Field(default=None, max_length=13, description="NIP, 10 digits")

    @model_validator(mode="after")
    def _exactly_one(self) -> CompanyRef:
        if (self.external_id is None) == (self.nip is None):
            raise ValueError("give exactly one of external_id or nip")
        return self


class CompanyRecord(Strict):
    external_id: str | None = Field(
        default=None, max_length=100, description="The agent's own, stable id of the company"
    )
    name: str = Field(min_length=1, max_length=200)
    nip: str | None = Field(default=None, max_length=13)
    pesel: str | None = Field(default=None, max_length=11)
    regon: str | None = Field(default=None, max_length=14)
    vat_ue: str | None = Field(default=None, max_length=14)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=20)
    address: str | None = Field(default=None, max_length=300)
    tax_form: TaxForm | None = None
    vat_period: VatPeriod | None = None
    zus_payer: ZusPayer | None = None

    @model_validator(mode="after")
    def _identified(self) -> CompanyRecord:
        if not (self.nip or self.pesel or self.regon or self.vat_ue):
            raise ValueError("a company needs one identifier: nip, pesel, regon or vat_ue")
        return self


class ZusRecord(Strict):
    company: CompanyRef
    period: str = Field(description="Month the contributions are for, YYYY-MM")
    settlement: ZusSettlement = ZusSettlement.D
    person: str = Field(
        default="",
        max_length=200,
        description="The insured person (owner or partner); empty for the owner",
    )
    pesel: str | None = Field(default=None, max_length=11)
    social: Money = Field(
        description="Social contributions (emerytalne+rentowe+chorobowe+wypadkowe)"
    )
    pension: Money | None = Field(default=None, description="Emerytalne (optional split of social)")
    disability: Money | None = Field(default=None, description="Rentowe (optional split)")
    sickness: Money | None = Field(default=None, description="Chorobowe (optional split)")
    accident: Money | None = Field(default=None, description="Wypadkowe (optional split)")
    health: Money = Field(description="Składka zdrowotna")
    labour_fund: Money = Field(description="Fundusz Pracy and FS")
    fgsp: Money | None = Field(default=None, description="FGŚP, optional")
    total: Money
    due_date: date | None = Field(default=None, description="Overrides the computed due date")

    _period = field_validator("period")(_month_period)
    _amounts = field_validator("social", "health", "labour_fund", "total", mode="before")(_amount)
    _optional = field_validator(
        "fgsp", "pension", "disability", "sickness", "accident", mode="before"
    )(_optional_amount)


class TaxRecord(Strict):
    company: CompanyRef
    kind: TaxKind
    period: str = Field(description="YYYY-MM for a month or YYYY-Qn for a quarter")
    settlement: TaxSettlement = TaxSettlement.D
    amount: Money
    due_date: date | None = None

    _amounts = field_validator("amount", mode="before")(_amount)

    @field_validator("period")
    @classmethod
    def _tax_period(cls, value: str) -> str:
        if not TAX_PERIOD.match(value):
            raise ValueError("period must be YYYY-MM or YYYY-Qn")
        return value


class StatementRecord(Strict):
    company: CompanyRef
    period: str = Field(description="YYYY-MM")
    revenue: Money
    costs: Money
    comment: str | None = Field(default=None, max_length=2000)

    _period = field_validator("period")(_month_period)
    _amounts = field_validator("revenue", "costs", mode="before")(_amount)


class Batch(Strict):
    batch_id: str = Field(
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Chosen by the agent (a UUID); sending it again is safe",
    )
    source: Source
    companies: list[CompanyRecord] = Field(default_factory=list)
    zus: list[ZusRecord] = Field(default_factory=list)
    taxes: list[TaxRecord] = Field(default_factory=list)
    statements: list[StatementRecord] = Field(default_factory=list)


SECTIONS_OF_BATCH = ("companies", "zus", "taxes", "statements")
