"""The sync agent's parsers: every fixture gives exactly the expected records, detection goes by
content (not by file name), and broken files give a ParseError that says why."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sync.agent.batching import FilePart, plan_batches
from sync.agent.formats import Extract, ParseError, UnsupportedFile, parse_bytes
from sync.agent.formats.base import nip_is_valid, normalize_nip
from sync.agent.formats.csv_records import parse_amount
from sync.agent.formats.kedu_dra import settlement_of
from sync.schemas import Batch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sync"


def extract_of(name: str) -> Extract:
    return parse_bytes((FIXTURES / name).read_bytes())


def records(extract: Extract) -> dict[str, list[dict[str, Any]]]:
    """The records as the API sees them (JSON mode: amounts as decimal strings)."""
    return {
        section: [r.model_dump(mode="json", exclude_none=True) for r in getattr(extract, section)]
        for section in ("companies", "zus", "taxes", "statements")
    }


def company(nip: str, name: str) -> dict[str, str]:
    return {"nip": nip, "name": name}


def statement(nip: str, period: str, revenue: str, costs: str) -> dict[str, Any]:
    return {"company": {"nip": nip}, "period": period, "revenue": revenue, "costs": costs}


def vat(nip: str, period: str, settlement: str, amount: str) -> dict[str, Any]:
    return {
        "company": {"nip": nip},
        "kind": "vat",
        "period": period,
        "settlement": settlement,
        "amount": amount,
    }


# --- JPK_V7M / JPK_V7K --------------------------------------------------------------------


def test_v7m3_declaration_gives_company_and_vat_to_pay() -> None:
    extract = extract_of("jpk_v7m3_2026-02.xml")
    assert extract.format_name == "JPK_V7M (3)"
    assert extract.program == "Księgowość Testowa 7.2"
    assert records(extract) == {
        "companies": [company("5261040828", "Piekarnia „Złoty Kłos” Sp. z o.o.")],
        "zus": [],
        "taxes": [vat("5261040828", "2026-02", "D", "1380.00")],
        "statements": [],
    }


def test_v7k3_correction_is_a_quarter_with_settlement_k() -> None:
    extract = extract_of("jpk_v7k3_2026-q1_korekta.xml")
    assert extract.format_name == "JPK_V7K (3)"
    assert records(extract) == {
        "companies": [company("8567346215", "Zofia Wiśniewska")],
        "zus": [],
        "taxes": [vat("8567346215", "2026-Q1", "K", "567.00")],
        "statements": [],
    }


def test_v7m2_with_surplus_has_nothing_to_pay() -> None:
    extract = extract_of("jpk_v7m2_2025-11.xml")
    assert extract.format_name == "JPK_V7M (2)"
    assert records(extract)["taxes"] == [vat("9512451006", "2025-11", "D", "0.00")]
    assert records(extract)["companies"] == [
        company("9512451006", "Zakład Stolarski Żak i Wspólnicy Sp. j.")
    ]


def test_v7k2_records_only_gives_the_company_and_a_note() -> None:
    extract = extract_of("jpk_v7k2_2025-10_ewidencja.xml")
    assert extract.format_name == "JPK_V7K (2)"
    assert records(extract) == {
        "companies": [company("6761011003", "Łukasz Wójcik")],
        "zus": [],
        "taxes": [],
        "statements": [],
    }
    assert extract.notes == [
        "plik zawiera tylko ewidencję (bez części deklaracyjnej): brak kwoty podatku"
    ]


def test_v7_missing_p51_counts_as_zero() -> None:
    data = (FIXTURES / "jpk_v7m3_2026-02.xml").read_text(encoding="utf-8")
    data = data.replace("<P_51>1380</P_51>", "")
    assert records(parse_bytes(data.encode()))["taxes"] == [
        vat("5261040828", "2026-02", "D", "0.00")
    ]


# --- JPK_PKPIR ------------------------------------------------------------------------------


def test_pkpir3_months_of_the_period_with_revenue_and_costs() -> None:
    extract = extract_of("jpk_pkpir3_2026-q1.xml")
    assert extract.format_name == "JPK_PKPIR (3)"
    # January: 12000 revenue; costs 1500 (K_14) + 4000 (K_14). February has no rows.
    # March: 8250 revenue (K_9); costs 2000 (K_10) + 150 (K_11); K_15 (free column) is no cost.
    assert records(extract) == {
        "companies": [company("6761011003", "Łukasz Wójcik")],
        "zus": [],
        "taxes": [],
        "statements": [
            statement("6761011003", "2026-01", "12000.00", "5500.00"),
            statement("6761011003", "2026-02", "0.00", "0.00"),
            statement("6761011003", "2026-03", "8250.00", "2150.00"),
        ],
    }


def test_pkpir2_with_old_subject_shape() -> None:
    extract = extract_of("jpk_pkpir2_2025-12.xml")
    assert extract.format_name == "JPK_PKPIR (2)"
    assert records(extract) == {
        "companies": [company("8133042616", "Biuro Projektowe Małgorzata Dąbrowska")],
        "zus": [],
        "taxes": [],
        "statements": [statement("8133042616", "2025-12", "6500.00", "1145.50")],
    }


def test_pkpir_row_without_totals_uses_its_parts() -> None:
    data = (FIXTURES / "jpk_pkpir3_2026-q1.xml").read_text(encoding="utf-8")
    data = data.replace("<K_9>8250.00</K_9>", "").replace("<K_14>4000.00</K_14>", "")
    data = data.replace("<K_12>4000.00</K_12>", "<K_12>3000.00</K_12><K_13>1000.00</K_13>")
    statements = records(parse_bytes(data.encode()))["statements"]
    assert statements[0] == statement("6761011003", "2026-01", "12000.00", "5500.00")
    assert statements[2] == statement("6761011003", "2026-03", "8250.00", "2150.00")


def test_pkpir_control_sum_mismatch_is_an_error() -> None:
    data = (FIXTURES / "jpk_pkpir3_2026-q1.xml").read_text(encoding="utf-8")
    data = data.replace(
        "<SumaPrzychodow>20250.00</SumaPrzychodow>", "<SumaPrzychodow>1.00</SumaPrzychodow>"
    )
    with pytest.raises(ParseError) as error:
        parse_bytes(data.encode())
    assert error.value.format_name == "JPK_PKPIR (3)"
    assert "SumaPrzychodow = 1.00" in error.value.reason
    assert "20250.00" in error.value.reason


# --- JPK_EWP --------------------------------------------------------------------------------


def test_ewp4_revenue_by_month_earned_costs_zero() -> None:
    extract = extract_of("jpk_ewp4_2026-01-02.xml")
    assert extract.format_name == "JPK_EWP (4)"
    # Row 3 was entered in February but earned on 31 January: it counts for January.
    assert records(extract) == {
        "companies": [company("5840251008", "Agnieszka Kruk")],
        "zus": [],
        "taxes": [],
        "statements": [
            statement("5840251008", "2026-01", "5150.50", "0.00"),
            statement("5840251008", "2026-02", "2000.00", "0.00"),
        ],
    }


def test_ewp3_total_column_and_an_empty_month() -> None:
    extract = extract_of("jpk_ewp3_2023-06-07.xml")
    assert extract.format_name == "JPK_EWP (3)"
    assert records(extract)["statements"] == [
        statement("5840251008", "2023-06", "2699.99", "0.00"),
        statement("5840251008", "2023-07", "0.00", "0.00"),
    ]
    assert records(extract)["companies"] == [
        company("5840251008", "Pracownia Ceramiki Agnieszka Kruk")
    ]


def test_ewp2_total_column() -> None:
    extract = extract_of("jpk_ewp2_2021-05.xml")
    assert extract.format_name == "JPK_EWP (2)"
    assert records(extract)["statements"] == [statement("5840251008", "2021-05", "1700.00", "0.00")]


# --- KEDU / ZUS DRA -------------------------------------------------------------------------


def test_kedu_dra_declaration_and_correction() -> None:
    extract = extract_of("kedu_dra_2026-01-02.xml")
    assert extract.format_name == "KEDU 5.7"
    assert extract.program == "KadryTest"
    assert records(extract) == {
        "companies": [company("7773111001", "BŁASZCZYK USŁUGI IT")],
        "zus": [
            {
                "company": {"nip": "7773111001"},
                "period": "2026-02",
                "settlement": "D",
                "person": "",
                "social": "1788.29",
                "health": "735.00",
                "labour_fund": "138.47",
                "fgsp": "0.00",
                "total": "2661.76",
            },
            {
                "company": {"nip": "7773111001"},
                "period": "2026-01",
                "settlement": "K",
                "person": "",
                "social": "1788.29",
                "health": "432.54",
                "labour_fund": "138.47",
                "total": "2359.30",
            },
        ],
        "taxes": [],
        "statements": [],
    }


@pytest.mark.parametrize(
    ("identifier", "settlement"),
    [("01", "D"), ("02", "K"), ("39", "K"), ("40", "D"), ("41", "K"), ("70", "D"), ("99", "K")],
)
def test_dra_identifier_decides_declaration_or_correction(identifier: str, settlement: str) -> None:
    assert settlement_of(identifier).value == settlement


def test_kedu_without_dra_has_nothing_to_send() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<KEDU xmlns="http://www.zus.pl/2026/KEDU_5_7" wersja_schematu="1">
  <naglowek.KEDU><program><producent>X</producent><symbol>Y</symbol><wersja>1</wersja></program>
  </naglowek.KEDU>
</KEDU>"""
    extract = parse_bytes(data)
    assert extract.record_count == 0
    assert extract.companies == []
    assert extract.notes == ["plik KEDU nie zawiera deklaracji ZUS DRA: nic do wysłania"]


def test_kedu_4_is_refused_with_the_reason() -> None:
    data = (FIXTURES / "kedu_dra_2026-01-02.xml").read_bytes()
    data = data.replace(b"http://www.zus.pl/2026/KEDU_5_7", b"http://www.zus.pl/2013/KEDU_4")
    with pytest.raises(ParseError) as error:
        parse_bytes(data)
    assert "nieobsługiwana wersja KEDU" in error.value.reason


# --- CSV ------------------------------------------------------------------------------------


def test_csv_all_record_types() -> None:
    extract = extract_of("rekordy.csv")
    assert extract.format_name == "CSV Biurko"
    assert extract.explicit_nips == {"9571183004"}
    assert records(extract) == {
        "companies": [
            {
                "nip": "9571183004",
                "name": "Kancelaria Notarialna Ewa Żółkiewska",
                "email": "kancelaria@zolkiewska.example.pl",
                "phone": "+48 601 234 567",
                "address": "ul. Piękna 5/2, 00-549 Warszawa",
                "tax_form": "liniowy",
                "vat_period": "monthly",
                "zus_payer": 20,
            },
            company("6381647203", "Zakład Fryzjerski Bożena Łęcka"),
        ],
        "zus": [
            {
                "company": {"nip": "9571183004"},
                "period": "2026-02",
                "settlement": "D",
                "person": "",
                "social": "1788.29",
                "health": "735.00",
                "labour_fund": "138.47",
                "total": "2661.76",
            },
            {
                "company": {"nip": "9571183004"},
                "period": "2026-02",
                "settlement": "K",
                "person": "Jan Żółkiewski",
                "pesel": "44051401359",
                "social": "1788.29",
                "health": "432.54",
                "labour_fund": "138.47",
                "total": "2359.30",
                "due_date": "2026-03-20",
            },
        ],
        "taxes": [
            {
                "company": {"nip": "9571183004"},
                "kind": "pit_liniowy",
                "period": "2026-02",
                "settlement": "Z",
                "amount": "3120.00",
                "due_date": "2026-03-20",
            },
            {
                "company": {"nip": "9571183004"},
                "kind": "pit_4r",
                "period": "2026-02",
                "settlement": "D",
                "amount": "410.00",
            },
            {
                "company": {"nip": "5261040828"},
                "kind": "cit",
                "period": "2026-02",
                "settlement": "Z",
                "amount": "1520.00",
            },
            {
                "company": {"nip": "8567346215"},
                "kind": "ryczalt",
                "period": "2026-Q1",
                "settlement": "D",
                "amount": "845.50",
            },
            {
                "company": {"nip": "6381647203"},
                "kind": "karta",
                "period": "2026-02",
                "settlement": "D",
                "amount": "527.00",
            },
        ],
        "statements": [
            {
                **statement("9571183004", "2026-01", "48200.00", "12345.67"),
                "comment": "Więcej aktów notarialnych niż w grudniu",
            },
            statement("9571183004", "2026-02", "51200.50", "13000.00"),
        ],
    }


def test_csv_template_in_docs_is_readable() -> None:
    template = Path(__file__).resolve().parents[2] / "docs" / "sync-csv-template.csv"
    extract = parse_bytes(template.read_bytes())
    assert extract.format_name == "CSV Biurko"
    assert extract.record_count > 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234,56", "1234.56"),
        ("1234.5", "1234.50"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("0", "0.00"),
        ("12 zł", "12.00"),
    ],
)
def test_csv_amounts_with_comma_or_dot(raw: str, expected: str) -> None:
    assert parse_amount(raw, "kwota") == Decimal(expected)


@pytest.mark.parametrize("raw", ["12,3,4", "abc", "1.234", "1,234", "-5", "1,234567"])
def test_csv_bad_or_ambiguous_amounts_are_refused(raw: str) -> None:
    from sync.agent.formats.csv_records import RowError

    with pytest.raises(RowError):
        parse_amount(raw, "kwota")


def test_csv_without_bom_and_with_lf_and_unknown_type() -> None:
    data = b"typ;nip;okres;rodzaj;kwota\nlokata;5261040828;2026-02;vat;1,00\n"
    with pytest.raises(ParseError) as error:
        parse_bytes(data)
    assert "wiersz 2, kolumna typ: nieznany typ 'lokata'" in error.value.reason


def test_csv_unknown_column_and_misplaced_value() -> None:
    with pytest.raises(ParseError) as error:
        parse_bytes(b"typ;nip;kwtoa\npodatek;5261040828;1\n")
    assert "nieznane kolumny: kwtoa" in error.value.reason
    with pytest.raises(ParseError) as error:
        parse_bytes(b"typ;nip;okres;spoleczne;kwota\nzus;5261040828;2026-02;1;2\n")
    assert "kolumna kwota: kolumna nie dotyczy wiersza typu zus" in error.value.reason


def test_csv_saved_in_windows_1250_is_an_error_not_a_skip() -> None:
    data = "typ;nip;nazwa;okres;rodzaj;kwota\npodatek;5261040828;Łoś;2026-02;vat;1\n"
    with pytest.raises(ParseError) as error:
        parse_bytes(data.encode("cp1250"))
    assert "nie jest zapisany w UTF-8" in error.value.reason


def test_csv_bad_nip() -> None:
    with pytest.raises(ParseError) as error:
        parse_bytes(b"typ;nip;okres;rodzaj;kwota\npodatek;5261040829;2026-02;vat;1\n")
    assert "nieprawidłowy NIP '5261040829'" in error.value.reason


# --- corrupt files and detection ------------------------------------------------------------


def test_truncated_xml_says_where_it_breaks() -> None:
    with pytest.raises(ParseError) as error:
        extract_of("corrupt/jpk_v7m3_uciety.xml")
    assert error.value.format_name == "JPK_V7M (3)"
    assert error.value.reason.startswith("uszkodzony lub niekompletny XML (wiersz 40)")


def test_unknown_jpk_namespace_names_the_supported_versions() -> None:
    with pytest.raises(ParseError) as error:
        extract_of("corrupt/jpk_v7m_nieznana_wersja.xml")
    assert error.value.format_name == "JPK_V7M"
    assert "nieobsługiwana wersja JPK_V7M (4)" in error.value.reason
    assert "http://crd.gov.pl/wzor/2030/01/15/99999/" in error.value.reason
    assert "JPK_V7M (3)" in error.value.reason


def test_csv_with_bad_amounts_lists_every_bad_row() -> None:
    with pytest.raises(ParseError) as error:
        extract_of("corrupt/rekordy_zla_kwota.csv")
    assert error.value.reason == (
        "błędnych wierszy: 2 — "
        "wiersz 2, kolumna kwota: nieprawidłowa kwota '12,3,4' "
        "(np. 1234,56 lub 1234.56, najwyżej 2 miejsca); "
        "wiersz 3, kolumna spoleczne: nieprawidłowa kwota 'abc' "
        "(np. 1234,56 lub 1234.56, najwyżej 2 miejsca)"
    )


def test_doctype_and_entities_are_refused() -> None:
    with pytest.raises(ParseError) as error:
        extract_of("corrupt/jpk_z_doctype.xml")
    assert "DOCTYPE" in error.value.reason


def test_external_entity_is_never_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "sekret.txt"
    secret.write_text("tajne")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE JPK [<!ENTITY x SYSTEM "file://{secret}">]>
<JPK xmlns="http://crd.gov.pl/wzor/2025/12/19/14090/"><Naglowek>&x;</Naglowek></JPK>"""
    with pytest.raises(ParseError) as error:
        parse_bytes(data.encode())
    assert "tajne" not in str(error.value)


def test_detection_is_by_content_not_by_name() -> None:
    # parse_bytes never sees a file name: the run test reads a JPK saved as .txt.
    assert parse_bytes((FIXTURES / "jpk_v7m3_2026-02.xml").read_bytes()).format_name == (
        "JPK_V7M (3)"
    )
    csv_text = "typ;nip;okres;przychody;koszty\nzestawienie;5261040828;2026-01;1;2\n"
    assert parse_bytes(csv_text.encode()).format_name == "CSV Biurko"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7 \x00\xff\xfe binary", "nie jest to plik tekstowy UTF-8 ani XML"),
        (b"Notatka dla biura\n", "nieobsługiwany format"),
        (
            b'<?xml version="1.0"?><Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"/>',
            "nieobsługiwany dokument XML",
        ),
        (
            b'<JPK xmlns="http://jpk.mf.gov.pl/wzor/2022/02/17/02171/"><Naglowek>'
            b'<KodFormularza kodSystemowy="JPK_FA (4)" wersjaSchemy="1-0">JPK_FA</KodFormularza>'
            b"</Naglowek></JPK>",
            "JPK_FA (4): ten rodzaj JPK nie niesie danych dla Biurka",
        ),
    ],
)
def test_other_files_are_unsupported_not_errors(data: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedFile) as error:
        parse_bytes(data)
    assert reason in str(error.value)


def test_garbage_that_looks_like_xml_is_an_error() -> None:
    with pytest.raises(ParseError) as error:
        parse_bytes(b"<<<to nie jest xml")
    assert error.value.reason.startswith("to nie jest poprawny plik XML")


def test_nip_checksum() -> None:
    assert nip_is_valid("5261040828")
    assert nip_is_valid("8567346215")
    assert not nip_is_valid("8567346216")
    assert not nip_is_valid("0000000000")
    assert normalize_nip("PL 526-104-08-28") == "5261040828"


# --- batches --------------------------------------------------------------------------------


def test_batch_from_fixtures_is_deterministic_and_valid() -> None:
    parts = [
        FilePart(path=FIXTURES / name, digest=name, extract=extract_of(name))
        for name in ("jpk_ewp2_2021-05.xml", "jpk_ewp4_2026-01-02.xml", "jpk_v7m3_2026-02.xml")
    ]
    first = plan_batches(parts, known_companies={"5261040828": "Piekarnia"}, retries={})
    again = plan_batches(parts, known_companies={"5261040828": "Piekarnia"}, retries={})
    assert len(first) == 1
    batch = first[0].batch
    assert first[0].batch_id == again[0].batch_id
    assert first[0].batch_id.startswith("ag-")
    assert Batch.model_validate_json(first[0].body()) == batch
    assert batch.model_dump(mode="json", exclude_none=True) == {
        "batch_id": first[0].batch_id,
        "source": {"program": "Księgowość Testowa 7.2", "agent": "biurko-agent/1.0"},
        # the bakery is known already; the pottery's name comes from the first file
        "companies": [company("5840251008", "Pracownia Ceramiki Agnieszka Kruk")],
        "zus": [],
        "taxes": [vat("5261040828", "2026-02", "D", "1380.00")],
        "statements": [
            statement("5840251008", "2021-05", "1700.00", "0.00"),
            statement("5840251008", "2026-01", "5150.50", "0.00"),
            statement("5840251008", "2026-02", "2000.00", "0.00"),
        ],
    }
    assert first[0].origin("statements", 0) == str(FIXTURES / "jpk_ewp2_2021-05.xml")
    assert first[0].origin("taxes", 0) == str(FIXTURES / "jpk_v7m3_2026-02.xml")
    retried = plan_batches(parts, known_companies={}, retries={})[0]
    assert retried.batch_id != first[0].batch_id  # different content, different id
    after_failure = plan_batches(
        parts, known_companies={"5261040828": "Piekarnia"}, retries={first[0].content: 2}
    )[0]
    assert after_failure.batch_id == f"{first[0].batch_id}-r2"


def test_large_input_is_split_into_batches_under_the_limit() -> None:
    part = FilePart(path=FIXTURES / "rekordy.csv", digest="csv", extract=extract_of("rekordy.csv"))
    batches = plan_batches([part], known_companies={}, retries={}, max_bytes=1200)
    assert len(batches) > 1
    assert all(len(planned.body()) <= 1200 for planned in batches)
    assert batches[0].batch.companies  # companies travel first
    assert sum(planned.record_count() for planned in batches) == 11
    assert len({planned.batch_id for planned in batches}) == len(batches)


def test_csv_example_in_docs_is_readable() -> None:
    import re

    text = (Path(__file__).resolve().parents[2] / "docs" / "sync-csv.md").read_text("utf-8")
    block = re.search(r"```csv\n(.*?)```", text, re.DOTALL)
    assert block is not None
    extract = parse_bytes(block.group(1).encode())
    assert (len(extract.companies), extract.record_count) == (2, 6)
