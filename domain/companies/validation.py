"""Turning what a person typed into stored values, with one Polish message per wrong field.

Every field is checked, so the form shows all mistakes at once; nothing is stored when any
field is wrong. Identifier, account, phone and prefix rules come from ``domain.identifiers``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from domain.actors import ClientRole
from domain.companies.model import (
    BankAccount,
    ClientUserData,
    ClientUserForm,
    CompanyData,
    CompanyForm,
    TaxForm,
    VatPeriod,
)
from domain.deadlines import ZusPayerDeadline
from domain.errors import ValidationError
from domain.identifiers import (
    IdentifierType,
    normalize_bank_account,
    normalize_identifier,
    normalize_nrs,
    normalize_phone,
    normalize_regon,
    nrs_matches_nip,
    validate_prefix,
)

T = TypeVar("T")

NAME_MAX = 200
ADDRESS_MAX = 300
EMAIL_MAX = 254
NOTE_MAX = 2000
LABEL_MAX = 100
PERSON_NAME_MAX = 100

NAME_EMPTY = "Podaj nazwę firmy."
NAME_TOO_LONG = "Nazwa firmy może mieć najwyżej 200 znaków. Skróć ją."
ADDRESS_TOO_LONG = "Adres może mieć najwyżej 300 znaków. Skróć go."
EMAIL_INVALID = "Podaj prawidłowy adres e-mail, np. biuro@firma.pl."
EMAIL_TOO_LONG = "Adres e-mail może mieć najwyżej 254 znaki."
EMAIL_EMPTY = "Podaj adres e-mail."
NOTE_TOO_LONG = "Notatka może mieć najwyżej 2000 znaków. Skróć ją."
TAX_FORM_INVALID = "Wybierz formę opodatkowania z listy."
VAT_PERIOD_INVALID = "Wybierz okres rozliczenia VAT z listy."
ZUS_PAYER_INVALID = "Wybierz termin płatności składek ZUS: 5., 15. albo 20. dzień miesiąca."
ACCOUNT_DUPLICATE = "Ten rachunek jest już na liście."
LABEL_TOO_LONG = "Opis rachunku może mieć najwyżej 100 znaków."
NRS_NOT_NIP = (
    "Rachunek składkowy nie kończy się NIP-em tej firmy. Sprawdź, czy to rachunek tej firmy."
)
FIRST_NAME_EMPTY = "Podaj imię."
LAST_NAME_EMPTY = "Podaj nazwisko."
FIRST_NAME_TOO_LONG = "Imię może mieć najwyżej 100 znaków."
LAST_NAME_TOO_LONG = "Nazwisko może mieć najwyżej 100 znaków."
ROLE_INVALID = "Wybierz rolę: Firma albo Wspólnik."

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


class _Collector:
    """Runs checks and gathers their messages instead of stopping at the first one."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def check(self, check: Callable[[], T], default: T) -> T:
        try:
            return check()
        except ValidationError as error:
            for name, message in error.errors.items():
                self.errors.setdefault(name, message)
            return default

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _text(value: str) -> str:
    return " ".join(value.split())


def _bounded(collector: _Collector, name: str, value: str, limit: int, message: str) -> str:
    if len(value) > limit:
        collector.fail(name, message)
    return value


def normalize_email_address(value: str, name: str = "email", required: bool = False) -> str:
    """A lower-case e-mail address, or "" when blank and not required."""
    email = value.strip().lower()
    if not email:
        if required:
            raise ValidationError.single(name, EMAIL_EMPTY)
        return ""
    if len(email) > EMAIL_MAX:
        raise ValidationError.single(name, EMAIL_TOO_LONG)
    if _EMAIL.fullmatch(email) is None:
        raise ValidationError.single(name, EMAIL_INVALID)
    return email


def _choice(collector: _Collector, name: str, value: object, kind: type[T], message: str) -> T:
    try:
        return kind(value)  # type: ignore[call-arg]
    except (ValueError, TypeError):
        collector.fail(name, message)
        return next(iter(kind))  # type: ignore[call-overload, no-any-return]


def validate_company(form: CompanyForm) -> tuple[CompanyData, dict[str, str]]:
    """Validate a company form: the stored values and warnings (field -> message).

    Raises ``ValidationError`` listing every wrong field.
    """
    collector = _Collector()
    name = _text(form.name)
    if not name:
        collector.fail("name", NAME_EMPTY)
    _bounded(collector, "name", name, NAME_MAX, NAME_TOO_LONG)
    prefix = collector.check(lambda: validate_prefix(form.prefix), "")
    identifier_type = _choice(
        collector,
        "identifier_type",
        form.identifier_type,
        IdentifierType,
        "Wybierz rodzaj identyfikatora: NIP, PESEL, VAT UE albo REGON.",
    )
    identifier = collector.check(lambda: normalize_identifier(identifier_type, form.identifier), "")
    regon = ""
    if form.regon.strip():
        regon = collector.check(lambda: normalize_regon(form.regon), "")
    elif identifier_type is IdentifierType.REGON:
        regon = identifier
    address = _bounded(collector, "address", _text(form.address), ADDRESS_MAX, ADDRESS_TOO_LONG)
    email = collector.check(lambda: normalize_email_address(form.email), "")
    phone = collector.check(lambda: normalize_phone(form.phone), "") if form.phone.strip() else ""
    tax_form = _choice(collector, "tax_form", form.tax_form, TaxForm, TAX_FORM_INVALID)
    vat_period = _choice(collector, "vat_period", form.vat_period, VatPeriod, VAT_PERIOD_INVALID)
    zus_payer = _zus_payer(collector, form.zus_payer)
    zus_account = (
        collector.check(lambda: normalize_nrs(form.zus_account), "")
        if form.zus_account.strip()
        else ""
    )
    accounts = _bank_accounts(collector, form)
    note = form.internal_note.strip()
    _bounded(collector, "internal_note", note, NOTE_MAX, NOTE_TOO_LONG)
    collector.raise_if_any()

    warnings: dict[str, str] = {}
    if (
        zus_account
        and identifier_type is IdentifierType.NIP
        and not nrs_matches_nip(zus_account, identifier)
    ):
        warnings["zus_account"] = NRS_NOT_NIP
    data = CompanyData(
        name=name,
        prefix=prefix,
        identifier_type=identifier_type,
        identifier=identifier,
        regon=regon,
        address=address,
        email=email,
        phone=phone,
        tax_form=tax_form,
        vat_period=vat_period,
        zus_payer=zus_payer,
        zus_account=zus_account,
        bank_accounts=accounts,
        invoice_module=bool(form.invoice_module),
        internal_note=note,
    )
    return data, warnings


def _zus_payer(collector: _Collector, value: int | str) -> ZusPayerDeadline:
    try:
        return ZusPayerDeadline(int(value))
    except (TypeError, ValueError):
        collector.fail("zus_payer", ZUS_PAYER_INVALID)
        return ZusPayerDeadline.DAY_20


def _bank_accounts(collector: _Collector, form: CompanyForm) -> tuple[BankAccount, ...]:
    accounts: list[BankAccount] = []
    seen: set[str] = set()
    for index, entry in enumerate(form.bank_accounts):
        if not entry.number.strip() and not entry.label.strip():
            continue  # an empty row the person added and left
        name = f"bank_account_{index}"
        number = collector.check(partial(normalize_bank_account, entry.number, name), "")
        label = _text(entry.label)
        _bounded(collector, f"bank_label_{index}", label, LABEL_MAX, LABEL_TOO_LONG)
        if number and number in seen:
            collector.fail(name, ACCOUNT_DUPLICATE)
        seen.add(number)
        accounts.append(BankAccount(number, label))
    return tuple(accounts)


def validate_client_user(form: ClientUserForm) -> ClientUserData:
    collector = _Collector()
    first_name = _text(form.first_name)
    last_name = _text(form.last_name)
    if not first_name:
        collector.fail("first_name", FIRST_NAME_EMPTY)
    if not last_name:
        collector.fail("last_name", LAST_NAME_EMPTY)
    _bounded(collector, "first_name", first_name, PERSON_NAME_MAX, FIRST_NAME_TOO_LONG)
    _bounded(collector, "last_name", last_name, PERSON_NAME_MAX, LAST_NAME_TOO_LONG)
    email = collector.check(lambda: normalize_email_address(form.email, required=True), "")
    phone = collector.check(lambda: normalize_phone(form.phone), "") if form.phone.strip() else ""
    role = _choice(collector, "role", form.role, ClientRole, ROLE_INVALID)
    collector.raise_if_any()
    return ClientUserData(
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        role=role,
        can_edit_company=bool(form.can_edit_company),
        use_email=bool(form.use_email),
    )
