"""The fast ingestion path agrees with the generic one: parsing, canonical JSON, amounts.

``fast_zus`` / ``fast_tax`` / ``fast_statement`` may decline any record (None: the generic
parser decides), but whatever they accept must give exactly the generic parser's natural key,
period and ``encode_values`` text, and a record the generic parser rejects must never be
accepted. The same holds for the schema's shortcut for plain amounts and for ingestion as a
whole (fast path on or off: the same rows, counts and errors).
"""

from __future__ import annotations

import gc
import json
import random
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import asdict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from domain.companies.model import CompanyData
from domain.deadlines import TaxKind
from domain.entries.approval import ApprovalMode, ApprovalRule, DataType
from domain.entries.model import (
    EntryValues,
    StatementValues,
    TaxSettlement,
    TaxValues,
    ZusSettlement,
    ZusValues,
    encode_values,
)
from domain.entries.parsing import parse_statement, parse_tax, parse_zus
from domain.entries.parsing_fast import FastEntry, fast_statement, fast_tax, fast_zus
from domain.errors import ValidationError
from domain.identifiers import IdentifierType, generate_valid_nip
from domain.sync import ingest
from domain.sync.ingest import CompanyIndex, Ingestion, paused_gc
from domain.sync.ports import EntryUpdateRow, KnownCompany, NewEntryRow, StoredRow
from sync import schemas

PESEL = "44051401359"
BAD_PESEL = "44051401358"
Parser = Callable[[Mapping[str, Any]], EntryValues]
Fast = Callable[[Mapping[str, Any]], FastEntry | None]
PAIRS: list[tuple[str, Parser, Fast]] = [
    ("zus", parse_zus, fast_zus),
    ("taxes", parse_tax, fast_tax),
    ("statements", parse_statement, fast_statement),
]


def generic(parse: Parser, raw: Mapping[str, Any]) -> FastEntry | None:
    """What ingestion gets from the generic parser; None when it rejects the record."""
    try:
        values = parse(raw)
    except ValidationError:
        return None
    return values.natural_key(), values.period, encode_values(values)


def assert_agree(parse: Parser, fast: Fast, raw: Mapping[str, Any]) -> FastEntry | None:
    quick = fast(raw)
    slow = generic(parse, raw)
    if quick is not None:
        assert quick == slow, raw
    return quick


def zus(**values: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "company": {"nip": "5261040828"},
        "period": "2026-10",
        "settlement": "D",
        "person": "",
        "social": "1646.47",
        "health": "432.54",
        "labour_fund": "123.42",
        "total": "2202.43",
    }
    record.update(values)
    return {name: value for name, value in record.items() if value is not ...}


def tax(**values: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "company": {"nip": "5261040828"},
        "kind": "vat",
        "period": "2026-10",
        "settlement": "D",
        "amount": "2300.00",
    }
    record.update(values)
    return {name: value for name, value in record.items() if value is not ...}


def statement(**values: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "company": {"nip": "5261040828"},
        "period": "2026-10",
        "revenue": "10000.00",
        "costs": "4000.50",
    }
    record.update(values)
    return {name: value for name, value in record.items() if value is not ...}


SPLIT = {"pension": "800.00", "disability": "500.00", "sickness": "300.00", "accident": "46.47"}

GOOD = [
    ("zus", zus()),
    ("zus", zus(settlement=..., person=..., labour_fund=...)),
    ("zus", zus(settlement="K", **SPLIT)),
    ("zus", zus(fgsp="10.00", total="2212.43")),
    ("zus", zus(fgsp="0.00", **SPLIT, due_date="2026-11-20")),
    ("zus", zus(person="  Anna   Wspólniczka \t", pesel=PESEL)),
    ("zus", zus(person='Jan "Kowal" \\ Nowak\n')),
    ("zus", zus(person="Ł" * 250)),
    ("zus", zus(person="a" * 199 + " b")),
    ("zus", zus(social="0.00", health="0.00", labour_fund="0.00", total="0.00")),
    ("zus", zus(total="99999999.99")),
    ("zus", zus(pesel="")),
    ("zus", zus(period="2000-01")),
    ("zus", zus(period="2099-12")),
    ("taxes", tax()),
    ("taxes", tax(settlement=...)),
    ("taxes", tax(kind="pit_liniowy", period="2026-Q3", settlement="Z")),
    ("taxes", tax(kind="pit_4r", amount="0.00")),
    ("taxes", tax(kind="karta", period="2026-12")),
    ("taxes", tax(kind="inny", due_date="2026-11-30", settlement="I")),
    ("taxes", tax(kind="cit", due_date="2024-02-29", settlement="P")),
    ("taxes", tax(kind="ryczalt", settlement="K", amount="99999999.99")),
    ("statements", statement()),
    ("statements", statement(comment='  Dobry miesiąc, "ale" \\ drogi\n ')),
    ("statements", statement(comment="")),
    ("statements", statement(comment="x" * 2000)),
    ("statements", statement(revenue="0.00", costs="99999999.99")),
]

BAD = [  # broken domain rules: the fast path must decline, the generic parser reject
    ("zus", zus(due_date="2026-02-30")),  # an unreadable due date is reported, not dropped
    ("zus", zus(total="2202.42")),
    ("zus", zus(fgsp="0.01")),
    ("zus", zus(**{**SPLIT, "accident": "46.48"})),
    ("zus", zus(pension="1646.47", disability="0.01")),
    ("zus", zus(period="1999-12")),
    ("zus", zus(period="2100-01")),
    ("zus", zus(period="2026-13")),
    ("zus", zus(period="2026-00")),
    ("zus", zus(period="2026-Q3")),
    ("zus", zus(pesel=BAD_PESEL)),
    ("zus", zus(pesel="4405140135")),
    ("zus", zus(social="-1.00")),
    ("zus", zus(health="123456789.00")),
    ("zus", zus(total="1.234")),
    ("zus", zus(social=...)),
    ("zus", zus(settlement="X")),
    ("zus", zus(total=1000.5)),
    ("taxes", tax(kind="pit_4r", period="2026-Q1")),
    ("taxes", tax(kind="karta", period="2026-Q4")),
    ("taxes", tax(kind="inny")),
    ("taxes", tax(kind="akcyza")),
    ("taxes", tax(period="2026-Q5")),
    ("taxes", tax(period="1999-Q4")),
    ("taxes", tax(amount="-0.01")),
    ("taxes", tax(amount="NaN")),
    ("taxes", tax(amount=True)),
    ("taxes", tax(settlement="Q")),
    ("taxes", tax(due_date="30.11.2026")),
    ("statements", statement(revenue="-5.00")),
    ("statements", statement(period="2026-Q1")),
    ("statements", statement(comment="x" * 2001)),
    ("statements", statement(revenue=...)),
]

OTHER_FORMS = [  # accepted by the generic parser, not in the canonical form: fast declines
    ("zus", zus(social="1 646,47")),
    ("zus", zus(total="02202.43")),
    ("zus", zus(health="432.5")),
    ("zus", zus(settlement=" K ")),
    ("zus", zus(settlement="")),
    ("zus", zus(pesel=" 44051401359 ")),
    ("zus", zus(period=" 2026-10")),
    ("zus", zus(due_date=date(2026, 11, 20))),
    ("zus", zus(labour_fund="-0.00")),
    ("zus", zus(social=Decimal("1646.47"))),
    ("taxes", tax(period="2026-q3")),
    ("taxes", tax(amount="2300")),
    ("taxes", tax(amount=2300)),
    ("taxes", tax(kind=" vat")),
    ("taxes", tax(due_date="20261130")),
    ("statements", statement(revenue="10000,00")),
    ("statements", statement(comment=17)),
]

FUNCTIONS = {name: (parse, fast) for name, parse, fast in PAIRS}


@pytest.mark.parametrize(("section", "raw"), GOOD)
def test_fast_path_accepts_canonical_records_exactly_as_the_generic_parser(
    section: str, raw: dict[str, Any]
) -> None:
    parse, fast = FUNCTIONS[section]
    assert assert_agree(parse, fast, raw) is not None


@pytest.mark.parametrize(("section", "raw"), BAD)
def test_fast_path_declines_what_breaks_a_domain_rule(section: str, raw: dict[str, Any]) -> None:
    parse, fast = FUNCTIONS[section]
    assert fast(raw) is None
    assert generic(parse, raw) is None


@pytest.mark.parametrize(("section", "raw"), OTHER_FORMS)
def test_fast_path_leaves_other_notations_to_the_generic_parser(
    section: str, raw: dict[str, Any]
) -> None:
    parse, fast = FUNCTIONS[section]
    assert fast(raw) is None
    assert generic(parse, raw) is not None


def test_canonical_json_of_the_fast_path_decodes_to_the_generic_values() -> None:
    entry = fast_zus(zus(person=" Anna  Ż ", pesel=PESEL, fgsp="1.00", total="2203.43", **SPLIT))
    assert entry is not None
    key, period, text = entry
    assert key == "2026-10|D|anna ż" and period == "2026-10"
    assert json.loads(text)["person"] == "Anna Ż" and json.loads(text)["pesel"] == PESEL
    assert list(json.loads(text)) == sorted(json.loads(text))


# --- random records: whatever the fast path accepts, the generic parser gives the same ------

AMOUNTS: list[Any] = [
    "0.00",
    "0.05",
    "1.00",
    "10.10",
    "123.45",
    "99999999.99",
    "1000.00",
    "5",
    "1,50",
]
AMOUNTS += ["-1.00", "01.00", "1.5", "1.234", " 2.00", "abc", "", None, 3, 2.5, "100000000.00"]
PERIODS: list[Any] = ["2026-10", "2000-01", "2099-12", "2026-Q3", "2026-q1", "1999-12", "2100-01"]
PERIODS += ["2026-13", "2026-00", "2026-1", " 2026-10", "", None, "٢٠٢٦-10"]
DAYS = [None, None, "2026-11-20", "2024-02-29", "2026-02-30", "20261120", "", "x"]
PERSONS = [None, "", "Anna", "  Jan  Kowalski ", 'Zoë "Q"', "ŁÓDŹ\\x", 5, "a" * 210]
PESELS = [None, None, "", PESEL, BAD_PESEL, "123", " " + PESEL]
COMMENTS = [None, "", "ok", "  spaces  ", '"q" \\ ż\n', "x" * 2001, 7]


def _maybe(rng: random.Random, record: dict[str, Any], name: str, pool: list[Any]) -> None:
    value = rng.choice(pool)
    if value is None and rng.random() < 0.5:
        record.pop(name, None)
    else:
        record[name] = value


def random_zus(rng: random.Random) -> dict[str, Any]:
    social_parts = [rng.randrange(0, 50_000) for _ in range(4)]
    social = sum(social_parts)
    health, labour, fgsp = (rng.randrange(0, 20_000) for _ in range(3))
    total = social + health + labour + fgsp + rng.choice([0, 0, 1, -1])

    def cents(value: int) -> str:
        return f"{value // 100}.{value % 100:02d}"

    record: dict[str, Any] = {
        "period": rng.choice(PERIODS[:3] * 4 + PERIODS),
        "social": cents(social),
        "health": cents(health),
        "labour_fund": cents(labour),
        "total": cents(total),
    }
    if rng.random() < 0.5:
        record["fgsp"] = cents(fgsp)
    else:
        record["total"] = cents(total - fgsp)
    if rng.random() < 0.4:
        names = ("pension", "disability", "sickness", "accident")
        for name, value in zip(names, social_parts, strict=True):
            record[name] = cents(value + (1 if rng.random() < 0.05 else 0))
    for name in ("social", "health", "labour_fund", "total", "fgsp"):
        if rng.random() < 0.05:
            _maybe(rng, record, name, AMOUNTS)
    _maybe(rng, record, "settlement", ["D", "K", "D", None, "", "X", " K"])
    _maybe(rng, record, "person", PERSONS)
    _maybe(rng, record, "pesel", PESELS)
    _maybe(rng, record, "due_date", DAYS)
    return record


def random_tax(rng: random.Random) -> dict[str, Any]:
    record: dict[str, Any] = {
        "kind": rng.choice(["vat", "pit_4r", "karta", "inny", "cit", "ryczalt", "x", " vat"]),
        "period": rng.choice(PERIODS[:4] * 3 + PERIODS),
    }
    _maybe(rng, record, "amount", AMOUNTS[:6] * 3 + AMOUNTS)
    _maybe(rng, record, "settlement", ["D", "K", "Z", "P", "I", None, "", "X", "d"])
    _maybe(rng, record, "due_date", DAYS)
    return record


def random_statement(rng: random.Random) -> dict[str, Any]:
    record: dict[str, Any] = {"period": rng.choice(PERIODS[:3] * 4 + PERIODS)}
    _maybe(rng, record, "revenue", AMOUNTS[:6] * 3 + AMOUNTS)
    _maybe(rng, record, "costs", AMOUNTS[:6] * 3 + AMOUNTS)
    _maybe(rng, record, "comment", COMMENTS)
    return record


@pytest.mark.parametrize(
    ("section", "make"),
    [("zus", random_zus), ("taxes", random_tax), ("statements", random_statement)],
)
def test_random_records_never_disagree(
    section: str, make: Callable[[random.Random], dict[str, Any]]
) -> None:
    parse, fast = FUNCTIONS[section]
    rng = random.Random(f"biurko-{section}")
    accepted = declined = 0
    for _ in range(3000):
        if assert_agree(parse, fast, make(rng)) is None:
            declined += 1
        else:
            accepted += 1
    assert accepted > 100 and declined > 300  # both paths were exercised


# --- canonical JSON: encode_values as it was (asdict + json.dumps) ---------------------------


def reference_encode(values: EntryValues) -> str:
    plain = {
        name: str(value) if isinstance(value, Decimal | date) else value
        for name, value in asdict(values).items()
        if value is not None
    }
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize(
    "values",
    [
        ZusValues(
            "2026-10",
            ZusSettlement.K,
            'Zoë "Q"',
            Decimal("1.00"),
            Decimal("0.00"),
            Decimal("0.00"),
            Decimal("1.00"),
            pesel=PESEL,
            pension=Decimal("1.00"),
            fgsp=Decimal("0.00"),
            due_date=date(2026, 11, 20),
        ),
        ZusValues(
            "2026-10",
            ZusSettlement.D,
            "",
            Decimal("-0.00"),
            Decimal("2"),
            Decimal("3.5"),
            Decimal("10.00"),
        ),
        TaxValues(TaxKind.VAT, "2026-Q3", TaxSettlement.Z, Decimal("12.30")),
        TaxValues(TaxKind.INNY, "2026-10", TaxSettlement.I, Decimal("0.00"), date(2026, 11, 30)),
        StatementValues("2026-10", Decimal("1.00"), Decimal("2.00"), 'ż\n"x"'),
        StatementValues("2026-10", Decimal("1.00"), Decimal("2.00")),
    ],
)
def test_encode_values_writes_the_same_text_as_before(values: EntryValues) -> None:
    assert encode_values(values) == reference_encode(values)


# --- the schema's shortcut for plain amounts ----------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "0.00",
        "0.05",
        "12.50",
        "99999999.99",
        "1.5",
        "01.00",
        " 3.00 ",
        "1e3",
        "5",
        7,
        Decimal("2.1"),
        "1.000",
        "-0.00",
        "١٢.٥٠",
    ],
)
def test_plain_amount_shortcut_gives_what_the_full_rules_give(value: Any) -> None:
    fast, full = schemas._amount(value), schemas._money(value)
    assert (str(fast), type(fast)) == (str(full), type(full))
    assert str(schemas._optional_amount(value)) == str(full)
    assert schemas._optional_amount(None) is None


@pytest.mark.parametrize(
    "value", ["-1.00", "1.234", "123456789.00", "NaN", "abc", 12.5, True, None, [], "Infinity"]
)
def test_plain_amount_shortcut_keeps_the_errors(value: Any) -> None:
    with pytest.raises(ValueError) as full:
        schemas._money(value)
    with pytest.raises(ValueError) as fast:
        schemas._amount(value)
    assert str(fast.value) == str(full.value)


# --- the company index caches NIP lookups --------------------------------------------------


def known(company_id: int, nip: str, external_id: str = "") -> KnownCompany:
    return KnownCompany(company_id, "Firma", IdentifierType.NIP, nip, external_id, "", "", "", "")


def test_company_index_resolves_each_nip_text_once_and_forgets_on_add() -> None:
    nip = generate_valid_nip(71)
    later = generate_valid_nip(72)
    index = CompanyIndex([known(1, nip, "E-1")])
    assert index.resolve({"nip": nip}) == 1
    assert index.resolve({"nip": f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"}) == 1
    assert index.resolve({"nip": later}) is None
    assert index.resolve({"nip": "123"}) is None and index.resolve({}) is None
    assert index.resolve({"external_id": "E-1"}) == 1
    index.add(known(2, later))
    assert index.resolve({"nip": later}) == 2


# --- paused_gc ------------------------------------------------------------------------------


def test_paused_gc_nests_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError
    assert gc.isenabled()


# --- ingestion as a whole: the fast path changes nothing -----------------------------------

NOW = datetime(2026, 11, 5, 12, tzinfo=UTC)
COMPANIES = 100


class MemoryUnit:
    """An IngestUnit in memory: what ingestion would write."""

    def __init__(self, companies: list[KnownCompany], stored: dict[Any, StoredRow]) -> None:
        self._companies = companies
        self._stored = stored
        self.inserted: list[tuple[DataType, bool, NewEntryRow]] = []
        self.updated: list[EntryUpdateRow] = []

    async def companies(self) -> list[KnownCompany]:
        return list(self._companies)

    async def create_company(self, data: CompanyData, external_id: str, at: datetime) -> int:
        raise AssertionError("no companies section in these batches")

    async def fill_company(self, company_id: int, changes: dict[str, str]) -> None:
        raise AssertionError("no companies section in these batches")

    async def stored_entries(
        self, company_ids: Iterable[int], data_type: DataType, periods: Collection[str]
    ) -> dict[tuple[int, str], StoredRow]:
        ids = set(company_ids)
        return {
            (company, key): entry
            for (company, kind, key), entry in self._stored.items()
            if company in ids and kind is data_type
        }

    async def insert_entries(
        self, data_type: DataType, rows: list[NewEntryRow], sent: bool, batch_ref: str, at: datetime
    ) -> None:
        self.inserted.extend((data_type, sent, row) for row in rows)

    async def update_entries(
        self, rows: list[EntryUpdateRow], batch_ref: str, at: datetime
    ) -> None:
        self.updated.extend(rows)

    async def finish(
        self, pk: int, summary: dict[str, Any], errors: list[dict[str, Any]], at: datetime
    ) -> None:
        return None


async def ingest_with(
    batch: dict[str, Any], fast: bool, rules: dict[DataType, ApprovalRule], monkeypatch: Any
) -> tuple[Any, MemoryUnit]:
    nips = [generate_valid_nip(900 + n) for n in range(COMPANIES)]
    stored_zus = parse_zus(zus(period="2026-09"))
    stored_tax = parse_tax(tax(period="2026-09"))
    stored = {
        (1, DataType.ZUS, stored_zus.natural_key()): (11, encode_values(stored_zus), None),
        (1, DataType.TAXES, stored_tax.natural_key()): (
            12,
            encode_values(stored_tax),
            encode_values(stored_tax),
        ),
        (2, DataType.TAXES, stored_tax.natural_key()): (13, "{}", "{}"),
    }
    accepted = [0]

    def counted(function: Fast) -> Fast:
        def call(raw: Mapping[str, Any]) -> FastEntry | None:
            entry = function(raw) if fast else None
            accepted[0] += entry is not None
            return entry

        return call

    sections = tuple((s, d, p, counted(f)) for s, d, p, f in ingest.SECTIONS)
    monkeypatch.setattr(ingest, "SECTIONS", sections)
    unit = MemoryUnit([known(n + 1, nip, f"E-{n + 1}") for n, nip in enumerate(nips)], stored)
    result = await Ingestion(unit, rules, "batch-1", NOW).run(batch)
    assert (accepted[0] > 100) is fast  # the fast path took part (or, when off, did not)
    return result, unit


@pytest.mark.parametrize("mode", [ApprovalMode.MANUAL, ApprovalMode.ON_SYNC])
async def test_ingestion_gives_the_same_rows_counts_and_errors_with_and_without_fast_path(
    mode: ApprovalMode, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random("biurko-ingestion")
    records = {
        "zus": [zus(period="2026-09"), zus(period="2026-09", person="Anna")]
        + [random_zus(rng) for _ in range(300)],
        "taxes": [tax(period="2026-09"), tax(period="2026-09", amount="1.00")]
        + [random_tax(rng) for _ in range(300)],
        "statements": [statement()] + [random_statement(rng) for _ in range(300)],
    }
    for rows in records.values():
        for n, row in enumerate(rows):
            # The first two go to company 1 (it has stored entries); the rest spread over the
            # companies, named by NIP (some with dashes) or by external id.
            number = 0 if n < 2 else n % COMPANIES
            nip = generate_valid_nip(900 + number)
            row["company"] = [
                {"nip": nip},
                {"nip": f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"},
                {"external_id": f"E-{number + 1}"},
            ][n % 3]
            if n % 50 == 7:
                row["company"] = {"nip": "0000000000"}
        rows.append(dict(rows[0]))  # a duplicate of the first record
    batch = {"batch_id": "batch-1", **records}
    rules = {data_type: ApprovalRule(mode=mode) for data_type in DataType}
    fast_result, fast_unit = await ingest_with(batch, True, rules, monkeypatch)
    slow_result, slow_unit = await ingest_with(batch, False, rules, monkeypatch)
    assert fast_result.summary == slow_result.summary
    assert fast_result.errors == slow_result.errors
    assert fast_result.touched == slow_result.touched
    assert fast_unit.inserted == slow_unit.inserted
    assert fast_unit.updated == slow_unit.updated
    summary = fast_result.summary
    assert summary["zus"]["unchanged"] + summary["zus"]["updated"] >= 1
    assert all(summary[s]["created"] > 30 and summary[s]["rejected"] > 30 for s in records)
