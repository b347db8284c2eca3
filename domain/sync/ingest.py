"""Applying one sync batch: companies first, then ZUS, taxes and statements.

Runs inside one ``IngestUnit`` (one transaction). A record that names an unknown company, or
breaks a domain rule, is rejected with its error; the rest is applied. A record equal to what
is stored counts as unchanged and writes nothing. When the office approves a data type on
every sync, new and changed entries are written as sent in the same statement.

Batches are large (tens of thousands of records), so the per-record work is kept small: records
in the API's canonical form take the parsing fast path (``domain.entries.parsing_fast``, the
same rules and the same canonical JSON), each NIP text is validated once per batch, and the
cyclic garbage collector is held back while a batch is applied (``paused_gc``). New entries
are passed on as plain tuples and a record counts as unchanged when its canonical JSON is the
stored text: no values are decoded or built for the comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.companies.model import CompanyData, CompanyForm
from domain.companies.validation import validate_company
from domain.entries.approval import ApprovalMode, ApprovalRule, DataType
from domain.entries.model import EntryValues, encode_values
from domain.entries.parsing import parse_statement, parse_tax, parse_zus
from domain.entries.parsing_fast import FastEntry, fast_statement, fast_tax, fast_zus
from domain.errors import ValidationError
from domain.identifiers import IdentifierType
from domain.sync.company_index import CompanyIndex
from domain.sync.gc_pause import paused_gc
from domain.sync.ports import EntryUpdateRow, IngestUnit, KnownCompany, NewEntryRow, StoredRow

__all__ = ["CompanyIndex", "IngestResult", "Ingestion", "paused_gc"]  # importers predate the split

Parse = Callable[[Mapping[str, Any]], EntryValues]
FastParse = Callable[[Mapping[str, Any]], FastEntry | None]
SECTIONS: tuple[tuple[str, DataType, Parse, FastParse], ...] = (
    ("zus", DataType.ZUS, parse_zus, fast_zus),
    ("taxes", DataType.TAXES, parse_tax, fast_tax),
    ("statements", DataType.STATEMENTS, parse_statement, fast_statement),
)
UNKNOWN_COMPANY = "Nieznana firma: najpierw prześlij ją w sekcji companies albo dodaj w Biurku."
DELETED_COMPANY = (
    "Ta firma jest usunięta w Biurku: przywróć ją w „Usunięte firmy”, aby przyjmować jej dane."
)
DUPLICATE_RECORD = "Ten sam wpis (okres, typ, osoba) wystąpił już wcześniej w tej paczce."
IDENTIFIER_ORDER = (
    ("nip", IdentifierType.NIP),
    ("pesel", IdentifierType.PESEL),
    ("vat_ue", IdentifierType.VAT_UE),
    ("regon", IdentifierType.REGON),
)
FILLABLE = ("email", "phone", "address", "regon")


def empty_counts() -> dict[str, int]:
    return {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}


@dataclass
class IngestResult:
    summary: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            s: empty_counts() for s in ("companies", "zus", "taxes", "statements")
        }
    )
    errors: list[dict[str, Any]] = field(default_factory=list)
    created_companies: list[int] = field(default_factory=list)
    touched: set[tuple[int, DataType]] = field(default_factory=set)

    def reject(self, section: str, index: int, error: ValidationError | str) -> None:
        self.summary[section]["rejected"] += 1
        if isinstance(error, str):
            self.errors.append({"section": section, "index": index, "field": "", "message": error})
            return
        for name, message in error.errors.items():
            self.errors.append(
                {"section": section, "index": index, "field": name, "message": message}
            )


class Ingestion:
    def __init__(
        self, unit: IngestUnit, rules: dict[DataType, ApprovalRule], batch_ref: str, now: datetime
    ) -> None:
        self._unit = unit
        self._rules = rules
        self._batch_ref = batch_ref
        self._now = now
        self.result = IngestResult()

    async def run(self, batch: Mapping[str, Any]) -> IngestResult:
        with paused_gc():
            return await self._run(batch)

    async def _run(self, batch: Mapping[str, Any]) -> IngestResult:
        index = CompanyIndex(await self._unit.companies())
        for position, record in enumerate(batch.get("companies") or []):
            await self._company(index, position, record)
        for section, data_type, parse, fast in SECTIONS:
            await self._entries(index, section, data_type, parse, fast, batch.get(section) or [])
        return self.result

    # --- companies ------------------------------------------------------------------------

    async def _company(self, index: CompanyIndex, position: int, record: Mapping[str, Any]) -> None:
        counts = self.result.summary["companies"]
        try:
            data, _ = validate_company(_company_form(record))
        except ValidationError as error:
            self.result.reject("companies", position, error)
            return
        external_id = str(record.get("external_id") or "")
        known = index.by_identifier.get((data.identifier_type, data.identifier)) or (
            index.by_external.get(external_id) if external_id else None
        )
        if known is not None and known.deleted:
            self.result.reject("companies", position, DELETED_COMPANY)
            return
        if known is None:
            company_id = await self._unit.create_company(data, external_id, self._now)
            index.add(_known(company_id, data, external_id))
            self.result.created_companies.append(company_id)
            counts["created"] += 1
            return
        # Biurko's data wins: a sync only fills what the office left empty.
        changes = {
            name: getattr(data, name)
            for name in FILLABLE
            if getattr(data, name) and not getattr(known, name)
        }
        if external_id and not known.external_id:
            changes["external_id"] = external_id
            index.by_external[external_id] = known
        if changes:
            await self._unit.fill_company(known.id, changes)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1

    # --- entries --------------------------------------------------------------------------

    async def _entries(
        self,
        index: CompanyIndex,
        section: str,
        data_type: DataType,
        parse: Parse,
        fast: FastParse,
        records: list[Mapping[str, Any]],
    ) -> None:
        parsed = self._parse(index, section, parse, fast, records)
        if parsed:
            await self._apply(section, data_type, parsed)

    def _parse(
        self,
        index: CompanyIndex,
        section: str,
        parse: Parse,
        fast: FastParse,
        records: list[Mapping[str, Any]],
    ) -> dict[tuple[int, str], NewEntryRow]:
        """(company id, natural key) -> the row of each good record of the section; the others
        are rejected with their errors."""
        parsed: dict[tuple[int, str], NewEntryRow] = {}
        resolve = index.resolve
        reject = self.result.reject
        for position, record in enumerate(records):
            company_id = resolve(record.get("company") or {})
            if company_id is None:
                reject(section, position, ValidationError.single("company", UNKNOWN_COMPANY))
                continue
            # Records as the API stores them take the fast path; anything it does not vouch
            # for goes through the generic parser, which also words the errors.
            entry = fast(record)
            if entry is None:
                try:
                    values = parse(record)
                except ValidationError as error:
                    reject(section, position, error)
                    continue
                entry = (values.natural_key(), values.period, encode_values(values))
            key = (company_id, entry[0])
            if key in parsed:
                reject(section, position, DUPLICATE_RECORD)
                continue
            parsed[key] = (company_id, *entry)
        return parsed

    async def _apply(
        self,
        section: str,
        data_type: DataType,
        parsed: dict[tuple[int, str], NewEntryRow],
    ) -> None:
        counts = self.result.summary[section]
        send_now = self._rules.get(data_type, ApprovalRule()).mode is ApprovalMode.ON_SYNC
        rows = parsed.values()
        stored = await self._unit.stored_entries(
            {row[0] for row in rows}, data_type, {row[2] for row in rows}
        )
        if stored:
            inserts, updates, unchanged = self._compare(data_type, parsed, stored, send_now)
        else:
            inserts, updates, unchanged = list(rows), [], 0  # nothing stored yet: all new
        self.result.touched.update((company, data_type) for company in {r[0] for r in inserts})
        counts["unchanged"] += unchanged
        counts["created"] += len(inserts)
        counts["updated"] += len(updates)
        await self._unit.insert_entries(data_type, inserts, send_now, self._batch_ref, self._now)
        await self._unit.update_entries(updates, self._batch_ref, self._now)

    def _compare(
        self,
        data_type: DataType,
        parsed: dict[tuple[int, str], NewEntryRow],
        stored: dict[tuple[int, str], StoredRow],
        send_now: bool,
    ) -> tuple[list[NewEntryRow], list[EntryUpdateRow], int]:
        """New rows, updates and the number unchanged; a record is unchanged when its canonical
        JSON is the stored text (and, when sent at once, the sent text too)."""
        inserts: list[NewEntryRow] = []
        updates: list[EntryUpdateRow] = []
        touched = self.result.touched
        unchanged = 0
        for key, row in parsed.items():
            existing = stored.get(key)
            if existing is None:
                inserts.append(row)
                continue
            text = row[3]
            if existing[1] == text and (not send_now or existing[2] == text):
                unchanged += 1
                continue
            sent_json = text if send_now else existing[2]
            updates.append(EntryUpdateRow(existing[0], text, sent_json, send_now))
            touched.add((row[0], data_type))
        return inserts, updates, unchanged


def _company_form(record: Mapping[str, Any]) -> CompanyForm:
    identifier_type, identifier = next(
        ((kind, str(record[name])) for name, kind in IDENTIFIER_ORDER if record.get(name)),
        (IdentifierType.NIP, ""),
    )
    defaults = CompanyForm()
    return CompanyForm(
        name=str(record.get("name") or ""),
        identifier_type=identifier_type.value,
        identifier=identifier,
        regon=str(record.get("regon") or "") if identifier_type is not IdentifierType.REGON else "",
        address=str(record.get("address") or ""),
        email=str(record.get("email") or ""),
        phone=str(record.get("phone") or ""),
        tax_form=str(record.get("tax_form") or defaults.tax_form),
        vat_period=str(record.get("vat_period") or defaults.vat_period),
        zus_payer=record.get("zus_payer") or defaults.zus_payer,
    )


def _known(company_id: int, data: CompanyData, external_id: str) -> KnownCompany:
    return KnownCompany(
        id=company_id,
        name=data.name,
        identifier_type=data.identifier_type,
        identifier=data.identifier,
        external_id=external_id,
        regon=data.regon,
        email=data.email,
        phone=data.phone,
        address=data.address,
    )
