"""The sync agent end to end: the real agent (``python -m sync.agent``) as a subprocess against a
real Biurko process (``python main.py``, embedded SQLite, its own data dir and port), with a
token made by the real CLI (``python main.py sync-token create``). What arrived is checked
through the sync API's reconciliation endpoints, never through the database.

One server serves the module; the tests share it, so each test checks only what its own files
hold (the expected values below were read from the fixtures in ``tests/fixtures/sync``) and
tolerates what other tests may have sent before it (a company created earlier, a batch the
server already knows). "Server down, then up" starts its own server on a port chosen first.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from domain.identifiers import generate_valid_nip
from tests.e2e.conftest import ROOT, _free_port, server_env, server_process

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

T = TypeVar("T")
FIXTURES = ROOT / "tests" / "fixtures" / "sync"
CORRUPT = FIXTURES / "corrupt"
API = "/api/sync/v1"
# Short waits: a 2-core machine is slow, but nothing here should need long.
AGENT_FLAGS = (
    "--poll-interval",
    "0.2",
    "--poll-timeout",
    "90",
    "--retry-attempts",
    "4",
    "--retry-base-delay",
    "0.1",
    "--retry-max-delay",
    "0.5",
    "--timeout",
    "30",
)


# --- what each fixture holds ----------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """One entry a fixture must produce: company NIP, data type, period and a subset of its
    values (as the API returns them: amounts as strings with 2 decimals)."""

    nip: str
    type: str
    period: str
    values: dict[str, str]

    @property
    def year(self) -> int:
        return int(self.period[:4])


@dataclass(frozen=True)
class Fixture:
    file: str
    format_name: str  # as the agent prints it in the CZYTAM line
    companies: tuple[str, ...]
    entries: tuple[Expected, ...]
    # (nip, year) whose entries must stay empty: the file carries no amount for them
    nothing_for: tuple[tuple[str, int], ...] = ()
    # companies the file refers to without creating them (the office has them already)
    needs: tuple[str, ...] = ()


def _tax(nip: str, period: str, kind: str, settlement: str, amount: str, **more: str) -> Expected:
    values = {"kind": kind, "settlement": settlement, "amount": amount, **more}
    return Expected(nip, "taxes", period, values)


def _statement(nip: str, period: str, revenue: str, costs: str, **more: str) -> Expected:
    return Expected(nip, "statements", period, {"revenue": revenue, "costs": costs, **more})


def _zus(nip: str, period: str, settlement: str, **values: str) -> Expected:
    return Expected(nip, "zus", period, {"settlement": settlement, **values})


PIEKARNIA, WISNIEWSKA, STOLARZ = "5261040828", "8567346215", "9512451006"
WOJCIK, DABROWSKA, KRUK, BLASZCZYK = "6761011003", "8133042616", "5840251008", "7773111001"
NOTARIUSZ, FRYZJER = "9571183004", "6381647203"

# Every name a fixture gives a NIP: the first file sent creates the company, later ones do not
# rename it ("Biurko's data wins"), and the tests may run in any order.
NAMES = {
    PIEKARNIA: {"Piekarnia „Złoty Kłos” Sp. z o.o."},
    WISNIEWSKA: {"Zofia Wiśniewska"},
    STOLARZ: {"Zakład Stolarski Żak i Wspólnicy Sp. j."},
    WOJCIK: {"Łukasz Wójcik"},
    DABROWSKA: {"Biuro Projektowe Małgorzata Dąbrowska"},
    KRUK: {"Pracownia Ceramiki Agnieszka Kruk", "Agnieszka Kruk"},
    BLASZCZYK: {"BŁASZCZYK USŁUGI IT"},
    NOTARIUSZ: {"Kancelaria Notarialna Ewa Żółkiewska"},
    FRYZJER: {"Zakład Fryzjerski Bożena Łęcka"},
}

FORMATS = [
    Fixture(
        "jpk_v7m3_2026-02.xml",
        "JPK_V7M (3)",
        (PIEKARNIA,),
        (_tax(PIEKARNIA, "2026-02", "vat", "D", "1380.00"),),
    ),
    Fixture(
        "jpk_v7m2_2025-11.xml",
        "JPK_V7M (2)",
        (STOLARZ,),
        (_tax(STOLARZ, "2025-11", "vat", "D", "0.00"),),
    ),
    Fixture(
        "jpk_v7k3_2026-q1_korekta.xml",
        "JPK_V7K (3)",
        (WISNIEWSKA,),
        (_tax(WISNIEWSKA, "2026-Q1", "vat", "K", "567.00"),),
    ),
    # The records only (no Deklaracja part): the company arrives, no amount does.
    Fixture(
        "jpk_v7k2_2025-10_ewidencja.xml",
        "JPK_V7K (2)",
        (WOJCIK,),
        (),
        nothing_for=((WOJCIK, 2025),),
    ),
    Fixture(
        "jpk_pkpir2_2025-12.xml",
        "JPK_PKPIR (2)",
        (DABROWSKA,),
        (_statement(DABROWSKA, "2025-12", "6500.00", "1145.50"),),
    ),
    Fixture(
        "jpk_pkpir3_2026-q1.xml",
        "JPK_PKPIR (3)",
        (WOJCIK,),
        (
            _statement(WOJCIK, "2026-01", "12000.00", "5500.00"),
            _statement(WOJCIK, "2026-02", "0.00", "0.00"),
            _statement(WOJCIK, "2026-03", "8250.00", "2150.00"),
        ),
    ),
    Fixture(
        "jpk_ewp2_2021-05.xml",
        "JPK_EWP (2)",
        (KRUK,),
        (_statement(KRUK, "2021-05", "1700.00", "0.00"),),
    ),
    Fixture(
        "jpk_ewp3_2023-06-07.xml",
        "JPK_EWP (3)",
        (KRUK,),
        (
            _statement(KRUK, "2023-06", "2699.99", "0.00"),
            _statement(KRUK, "2023-07", "0.00", "0.00"),
        ),
    ),
    Fixture(
        "jpk_ewp4_2026-01-02.xml",
        "JPK_EWP (4)",
        (KRUK,),
        (
            _statement(KRUK, "2026-01", "5150.50", "0.00"),
            _statement(KRUK, "2026-02", "2000.00", "0.00"),
        ),
    ),
    Fixture(
        "kedu_dra_2026-01-02.xml",
        "KEDU 5.7",
        (BLASZCZYK,),
        (
            _zus(
                BLASZCZYK,
                "2026-02",
                "D",
                person="",
                social="1788.29",
                health="735.00",
                labour_fund="138.47",
                fgsp="0.00",
                total="2661.76",
            ),
            _zus(
                BLASZCZYK,
                "2026-01",
                "K",
                person="",
                social="1788.29",
                health="432.54",
                labour_fund="138.47",
                total="2359.30",
            ),
        ),
    ),
    Fixture(
        "rekordy.csv",
        "CSV Biurko",
        (NOTARIUSZ, FRYZJER),
        (
            _zus(NOTARIUSZ, "2026-02", "D", person="", total="2661.76"),
            _zus(
                NOTARIUSZ,
                "2026-02",
                "K",
                person="Jan Żółkiewski",
                pesel="44051401359",
                social="1788.29",
                health="432.54",
                total="2359.30",
                due_date="2026-03-20",
            ),
            _tax(NOTARIUSZ, "2026-02", "pit_liniowy", "Z", "3120.00", due_date="2026-03-20"),
            _tax(NOTARIUSZ, "2026-02", "pit_4r", "D", "410.00"),
            _tax(PIEKARNIA, "2026-02", "cit", "Z", "1520.00"),
            _tax(WISNIEWSKA, "2026-Q1", "ryczalt", "D", "845.50"),
            _tax(FRYZJER, "2026-02", "karta", "D", "527.00"),
            _statement(
                NOTARIUSZ,
                "2026-01",
                "48200.00",
                "12345.67",
                comment="Więcej aktów notarialnych niż w grudniu",
            ),
            _statement(NOTARIUSZ, "2026-02", "51200.50", "13000.00"),
        ),
        # Its podatek rows for these two NIPs carry no name: the office must have them.
        needs=(PIEKARNIA, WISNIEWSKA),
    ),
]


def test_every_fixture_of_the_folder_is_covered() -> None:
    files = {path.name for path in FIXTURES.iterdir() if path.is_file()}
    assert files == {fixture.file for fixture in FORMATS}


# --- processes and the API ------------------------------------------------------------------------


def wait_until(
    probe: Callable[[], T | None], what: str, seconds: float = 60, every: float = 0.2
) -> T:
    """Poll ``probe`` until it returns something truthy; fail with ``what`` at the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds:g} s waiting for {what}")
        time.sleep(every)


def biurko_cli(env: dict[str, str], *args: str) -> str:
    """``python main.py <args>`` with the server's environment; its standard output."""
    done = subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"main.py {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done.stdout


def create_token(env: dict[str, str], name: str = "e2e", *office: str) -> str:
    """The real CLI; the token is the last line of its output."""
    output = biurko_cli(env, "sync-token", "create", "--name", name, *office)
    token = output.strip().splitlines()[-1]
    assert token.startswith("bsk_"), token
    return token


def agent_command(url: str, token: str, folder: Path, state: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sync.agent",
        "--url",
        url,
        "--token",
        token,
        "--dir",
        str(folder),
        "--state",
        str(state),
        *AGENT_FLAGS,
        *extra,
    ]


@dataclass
class AgentRun:
    code: int
    output: str

    def line_of(self, path: Path) -> str:
        lines = [line for line in self.output.splitlines() if str(path) in line]
        assert lines, f"{path} is not in the agent's output:\n{self.output}"
        return lines[0]


def _clean_env() -> dict[str, str]:
    # The agent must not pick up a token or config file from the developer's environment.
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BIURKO_", "PYTEST_")) and k != "NICEGUI_STORAGE_PATH"
    }


def run_agent(url: str, token: str, folder: Path, state: Path, *extra: str) -> AgentRun:
    done = subprocess.run(
        agent_command(url, token, folder, state, "--once", *extra),
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return AgentRun(done.returncode, done.stdout + done.stderr)


def dry_run_batches(folder: Path) -> list[dict[str, Any]]:
    """The batches a fresh agent (no state) would send for ``folder``."""
    done = subprocess.run(
        [sys.executable, "-m", "sync.agent", "--dir", str(folder), "--dry-run"],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    batches: list[dict[str, Any]] = json.loads(done.stdout)
    return batches


@dataclass
class Biurko:
    url: str
    env: dict[str, str]
    token: str
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def _headers(self, token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token}"}

    def get(self, path: str, token: str | None = None, **params: Any) -> httpx.Response:
        return self.http.get(
            f"{self.url}{API}{path}", headers=self._headers(token), params=params or None
        )

    def post_batch(self, body: dict[str, Any], token: str | None = None) -> httpx.Response:
        return self.http.post(f"{self.url}{API}/batches", json=body, headers=self._headers(token))

    def companies(self, token: str | None = None) -> dict[str, dict[str, Any]]:
        response = self.get("/companies", token)
        assert response.status_code == 200, response.text
        return {c["identifier"]: c for c in response.json()["companies"]}

    def entries(self, nip: str, year: int, token: str | None = None) -> list[dict[str, Any]]:
        """The company's entries of the year; [] when the office has no such company."""
        response = self.get(f"/companies/{nip}/entries", token, year=year)
        if response.status_code == 404:
            return []
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["company"]["identifier"] == nip and body["year"] == year
        entries: list[dict[str, Any]] = body["entries"]
        return entries

    def batch(self, batch_id: str, token: str | None = None) -> dict[str, Any]:
        response = self.get(f"/batches/{batch_id}", token)
        assert response.status_code == 200, response.text
        status: dict[str, Any] = response.json()
        return status

    def finished(self, batch_id: str, token: str | None = None) -> dict[str, Any]:
        def final() -> dict[str, Any] | None:
            status = self.batch(batch_id, token)
            return status if status["status"] in ("done", "failed") else None

        return wait_until(final, f"batch {batch_id} to be processed")

    def push(self, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        """POST a batch and wait for its result."""
        response = self.post_batch(body, token)
        assert response.status_code in (200, 202), response.text
        return self.finished(body["batch_id"], token)


@pytest.fixture(scope="module")
def biurko(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Biurko]:
    """One real server for the module (demo data: one office), and a token made by the CLI."""
    data_dir = tmp_path_factory.mktemp("sync-e2e-data")
    with server_process(data_dir) as url:
        port = int(url.rsplit(":", 1)[1])
        env = server_env(data_dir, port)
        server = Biurko(url, env, create_token(env))
        try:
            yield server
        finally:
            server.http.close()


def copy_to(folder: Path, *sources: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copy(source, folder / source.name)
    return folder


def state_batches(state: Path) -> dict[str, dict[str, Any]]:
    batches: dict[str, dict[str, Any]] = json.loads(state.read_text(encoding="utf-8"))["batches"]
    return batches


def find_entry(entries: list[dict[str, Any]], expected: Expected) -> dict[str, Any] | None:
    for entry in entries:
        if entry["type"] != expected.type or entry["period"] != expected.period:
            continue
        if all(entry["values"].get(k) == v for k, v in expected.values.items()):
            return entry
    return None


def snapshot(biurko: Biurko, fixtures: list[Fixture]) -> dict[tuple[str, int], Any]:
    """Everything the API shows for the fixtures' companies and years."""
    keys = {(e.nip, e.year) for f in fixtures for e in f.entries}
    return {key: biurko.entries(*key) for key in sorted(keys)}


# --- one test per format --------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FORMATS, ids=[f.file for f in FORMATS])
def test_each_format_arrives_through_the_api(
    biurko: Biurko, tmp_path: Path, fixture: Fixture
) -> None:
    for nip in fixture.needs:  # companies the office already has in Biurko
        body = {
            "batch_id": f"e2e-office-has-{nip}",
            "source": {"program": "Biurko e2e", "agent": "pytest"},
            "companies": [{"nip": nip, "name": sorted(NAMES[nip])[0]}],
        }
        assert biurko.push(body)["status"] == "done"
    folder = copy_to(tmp_path / "eksport", FIXTURES / fixture.file)
    state = tmp_path / "state.json"

    run = run_agent(biurko.url, biurko.token, folder, state)

    assert run.code == 0, run.output
    assert f"CZYTAM    {folder / fixture.file}: {fixture.format_name}" in run.output, run.output
    assert "Kod wyjścia 0." in run.output
    # The server's own account of the batches the agent recorded in its state.
    sent = state_batches(state)
    assert sent, run.output
    for batch_id in sent:
        status = biurko.batch(batch_id)
        assert status["status"] == "done", status
        assert status["errors"] == [], status
        assert sum(c["rejected"] for c in status["summary"].values()) == 0
    companies = biurko.companies()
    for nip in fixture.companies:
        assert nip in companies, f"{nip} missing from {sorted(companies)}"
        assert companies[nip]["name"] in NAMES[nip]
        assert companies[nip]["identifier_type"] == "nip" and companies[nip]["nip"] == nip
        assert companies[nip]["active"] is True
    for expected in fixture.entries:
        entries = biurko.entries(expected.nip, expected.year)
        entry = find_entry(entries, expected)
        assert entry is not None, f"{expected} not among {json.dumps(entries, indent=1)}"
        # Synced data waits for the office's approval (the demo office approves by hand).
        assert entry["source"] == "sync"
        assert entry["status"] == "waiting" and entry["sent_values"] is None
        assert entry["sent_at"] is None
    for nip, year in fixture.nothing_for:
        assert biurko.entries(nip, year) == []


# --- state, re-sending, idempotency ---------------------------------------------------------------

PAIR = [FORMATS[0], FORMATS[9]]  # JPK_V7M (3) and KEDU: two files, one batch


def test_second_run_sends_nothing_new(biurko: Biurko, tmp_path: Path) -> None:
    folder = copy_to(tmp_path / "eksport", *(FIXTURES / f.file for f in PAIR))
    state = tmp_path / "state.json"
    first = run_agent(biurko.url, biurko.token, folder, state)
    assert first.code == 0, first.output
    assert "paczek wysłanych 1" in first.output
    before = snapshot(biurko, PAIR)
    state_before = state_batches(state)

    second = run_agent(biurko.url, biurko.token, folder, state)

    assert second.code == 0, second.output
    assert "WYSŁANO" not in second.output
    assert "bez zmian 2" in second.output and "paczek wysłanych 0" in second.output
    assert state_batches(state) == state_before
    assert snapshot(biurko, PAIR) == before


def test_a_resent_batch_changes_nothing(biurko: Biurko, tmp_path: Path) -> None:
    folder = copy_to(tmp_path / "eksport", *(FIXTURES / f.file for f in PAIR))
    state = tmp_path / "state.json"
    assert run_agent(biurko.url, biurko.token, folder, state).code == 0
    [batch_id] = state_batches(state)
    first_status = biurko.batch(batch_id)
    assert first_status["status"] == "done"
    before = snapshot(biurko, PAIR)

    # The very batch again (what an agent does after a lost answer): 200 and the first status.
    [body] = dry_run_batches(folder)
    assert body["batch_id"] == batch_id
    again = biurko.post_batch(body)
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "done" and again.json()["batch_id"] == batch_id
    assert again.json()["status_url"] == f"{biurko.url}{API}/batches/{batch_id}"
    assert biurko.batch(batch_id) == first_status

    # A deleted state file: the agent sends everything again under the same id.
    state.unlink()
    rerun = run_agent(biurko.url, biurko.token, folder, state)
    assert rerun.code == 0, rerun.output
    assert f"WYSŁANO   paczkę {batch_id}" in rerun.output
    assert biurko.batch(batch_id) == first_status
    assert snapshot(biurko, PAIR) == before

    # The same id with other content is refused; nothing is stored.
    changed = body | {"source": {"program": "Inny program", "agent": "pytest"}}
    conflict = biurko.post_batch(changed)
    assert conflict.status_code == 409, conflict.text
    assert isinstance(conflict.json()["detail"], str)
    assert biurko.batch(batch_id) == first_status

    # The same data under a new id is processed anew, and all of it is unchanged.
    fresh = body | {"batch_id": f"e2e-same-data-{uuid.uuid4().hex}"}
    answer = biurko.post_batch(fresh)
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "queued"
    result = biurko.finished(fresh["batch_id"])
    assert result["status"] == "done" and result["errors"] == []
    for section, counts in result["summary"].items():
        records = len(fresh.get(section, []))
        assert counts == {"created": 0, "updated": 0, "unchanged": records, "rejected": 0}
    assert snapshot(biurko, PAIR) == before


# --- corrupt files --------------------------------------------------------------------------------

CORRUPT_REASONS = {
    "jpk_v7m3_uciety.xml": "uszkodzony lub niekompletny XML",
    "jpk_v7m_nieznana_wersja.xml": "nieobsługiwana wersja JPK_V7M (4)",
    "jpk_z_doctype.xml": "DOCTYPE",
    "rekordy_zla_kwota.csv": "wiersz 2, kolumna kwota",
}
GOOD_NIP = generate_valid_nip(7301)


def test_corrupt_files_are_reported_and_skipped_good_ones_go_through(
    biurko: Biurko, tmp_path: Path
) -> None:
    assert {p.name for p in CORRUPT.iterdir()} == set(CORRUPT_REASONS)
    folder = copy_to(tmp_path / "eksport", *CORRUPT.iterdir())
    (folder / "dobre.csv").write_text(
        "typ;nip;nazwa;okres;rodzaj;kwota\n"
        f"podatek;{GOOD_NIP};Firma Dobra E2E;2026-03;vat;777,00\n",
        encoding="utf-8",
    )
    state = tmp_path / "state.json"

    run = run_agent(biurko.url, biurko.token, folder, state)

    # docs/sync-agent.md: exit code 1 when some files could not be read, each listed with the
    # reason; the rest is sent.
    assert run.code == 1, run.output
    for name, reason in CORRUPT_REASONS.items():
        line = run.line_of(folder / name)
        assert line.strip().startswith("BŁĄD"), line
        assert reason in line, line
    assert "wiersz 3, kolumna spoleczne" in run.line_of(folder / "rekordy_zla_kwota.csv")
    assert "z błędem 4" in run.output and "Kod wyjścia 1." in run.output
    assert "CZYTAM" in run.line_of(folder / "dobre.csv")
    assert biurko.companies()[GOOD_NIP]["name"] == "Firma Dobra E2E"
    [entry] = biurko.entries(GOOD_NIP, 2026)
    assert entry["type"] == "taxes" and entry["values"]["amount"] == "777.00"
    # The valid row of the faulty CSV (VAT 100,00 for the Piekarnia) was not sent either:
    # a file is taken as a whole.
    piekarnia = biurko.entries(PIEKARNIA, 2026)
    assert not [e for e in piekarnia if e["values"].get("amount") == "100.00"]

    # Corrupt files are read again (and reported again) on every pass; the good one is not.
    again = run_agent(biurko.url, biurko.token, folder, state)
    assert again.code == 1, again.output
    assert "BŁĄD" in again.line_of(folder / "jpk_z_doctype.xml")
    assert "bez zmian 1" in again.output and "paczek wysłanych 0" in again.output


# --- the server is down, then comes up ------------------------------------------------------------


class Background:
    """An agent process whose output goes to a file the test can poll."""

    def __init__(self, command: list[str], log: Path) -> None:
        self.log_path = log
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=_clean_env(), stdout=self._log, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, text: str, seconds: float = 60) -> None:
        def seen() -> bool:
            if text in self.output():
                return True
            if self.process.poll() is not None:
                pytest.fail(f"agent exited with {self.process.returncode}:\n{self.output()}")
            return False

        wait_until(seen, f"{text!r} in the agent's output", seconds)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()


@pytest.mark.parametrize("mode", ["once-retrying", "watch"])
def test_agent_waits_for_a_server_that_is_down_then_comes_up(tmp_path: Path, mode: str) -> None:
    port = _free_port()
    data_dir = tmp_path / "data"
    env = server_env(data_dir, port)
    biurko_cli(env, "demo")  # the office the token belongs to, before any server runs
    token = create_token(env)
    url = f"http://127.0.0.1:{port}"
    fixture = FORMATS[0]
    folder = copy_to(tmp_path / "eksport", FIXTURES / fixture.file)
    command = agent_command(url, token, folder, tmp_path / "state.json")
    if mode == "watch":
        # Each pass gives up quickly; the loop goes on and a later pass gets through.
        command += ["--watch", "1s", "--retry-attempts", "2"]
    else:
        # One pass that keeps retrying (small delays, many attempts) until the server answers.
        command += ["--once", "--retry-attempts", "1000", "--retry-max-delay", "0.3"]
    agent = Background(command, tmp_path / "agent.log")
    try:
        # The agent has met the closed port before the server starts.
        agent.wait_for("Następny przebieg" if mode == "watch" else "ponawiam")
        assert "brak połączenia z serwerem" in agent.output()
        with server_process(data_dir, port=port) as started, httpx.Client(timeout=30) as http:
            assert started == url
            biurko = Biurko(url, env, token, http)
            expected = fixture.entries[0]
            wait_until(
                lambda: find_entry(biurko.entries(expected.nip, expected.year), expected),
                "the agent's data to arrive",
                seconds=120,
            )
            if mode == "watch":
                agent.wait_for("Kod wyjścia 0.")
                assert agent.process.poll() is None  # still watching
            else:
                assert agent.process.wait(timeout=120) == 0, agent.output()
            assert "przetworzona" in agent.output()
            [batch_id] = state_batches(tmp_path / "state.json")
            assert biurko.batch(batch_id)["status"] == "done"
    finally:
        agent.stop()


# --- one office's token never sees another office -------------------------------------------------

OTHER_OFFICE_NIP = generate_valid_nip(7401)
OTHER_COMPANY_NIP = generate_valid_nip(7402)

CREATE_OFFICE = """
import asyncio, sys
from persistence import db
from persistence.models import Office
from settings import load_settings

async def main() -> None:
    settings = load_settings()
    await db.open_database(settings.effective_database_url)
    try:
        await Office.create(name="Drugie Biuro E2E", nip=sys.argv[1], email="drugie@e2e.test")
    finally:
        await db.close_database()

asyncio.run(main())
"""


def test_a_token_sees_only_its_own_office(biurko: Biurko) -> None:
    subprocess.run(
        [sys.executable, "-c", CREATE_OFFICE, OTHER_OFFICE_NIP],
        cwd=ROOT,
        env=biurko.env,
        check=True,
        timeout=120,
    )
    other = create_token(biurko.env, "drugie biuro", "--office-nip", OTHER_OFFICE_NIP)
    ours = biurko.companies()
    demo_nip = next(nip for nip in sorted(ours) if nip not in NAMES and nip != GOOD_NIP)
    ours_before = biurko.entries(demo_nip, 2026)
    own_batch = {
        "batch_id": "e2e-office-a-batch",
        "source": {"program": "Biurko e2e", "agent": "pytest"},
        "companies": [{"nip": demo_nip, "name": ours[demo_nip]["name"]}],
    }
    assert biurko.push(own_batch)["status"] == "done"

    # The other office's agent pushes its company, and a tax for the first office's company.
    pushed = biurko.push(
        {
            "batch_id": "e2e-office-b-batch",
            "source": {"program": "Biurko e2e", "agent": "pytest"},
            "companies": [{"nip": OTHER_COMPANY_NIP, "name": "Firma Drugiego Biura"}],
            "taxes": [
                {
                    "company": {"nip": OTHER_COMPANY_NIP},
                    "kind": "vat",
                    "period": "2026-02",
                    "amount": "10.00",
                },
                {"company": {"nip": demo_nip}, "kind": "vat", "period": "2026-02", "amount": "1"},
            ],
        },
        token=other,
    )
    assert pushed["status"] == "done"
    assert pushed["summary"]["companies"]["created"] == 1
    assert pushed["summary"]["taxes"] == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1}
    [error] = pushed["errors"]
    assert (error["section"], error["index"], error["field"]) == ("taxes", 1, "company")

    # Each token sees its own office only: companies, entries and batches.
    assert set(biurko.companies(other)) == {OTHER_COMPANY_NIP}
    assert OTHER_COMPANY_NIP not in biurko.companies()
    assert biurko.get(f"/companies/{OTHER_COMPANY_NIP}/entries", year=2026).status_code == 404
    assert biurko.get(f"/companies/{demo_nip}/entries", other, year=2026).status_code == 404
    assert biurko.entries(demo_nip, 2026) == ours_before
    assert biurko.get("/batches/e2e-office-b-batch").status_code == 404
    assert biurko.get("/batches/e2e-office-a-batch", other).status_code == 404
    # Batch ids are the office's own: the other office may use the same id for other data.
    reused = own_batch | {"companies": [{"nip": OTHER_COMPANY_NIP, "name": "Firma Drugiego Biura"}]}
    assert biurko.post_batch(reused, other).status_code == 202
    assert biurko.finished("e2e-office-a-batch", other)["summary"]["companies"]["unchanged"] == 1


# --- a company the office deleted (it waits 30 days in "Usunięte firmy") ------------------------

DELETED_NIP = generate_valid_nip(7501)
BYSTANDER_NIP = generate_valid_nip(7502)

SOFT_DELETE = """
import asyncio, sys
from datetime import UTC, datetime
from persistence import db
from persistence.models import Company
from settings import load_settings

async def main() -> None:
    settings = load_settings()
    await db.open_database(settings.effective_database_url)
    try:
        deleted = await Company.filter(identifier=sys.argv[1]).update(deleted_at=datetime.now(UTC))
        assert deleted == 1, deleted
    finally:
        await db.close_database()

asyncio.run(main())
"""


def test_a_batch_naming_a_deleted_company_still_applies_the_rest(biurko: Biurko) -> None:
    source = {"program": "Biurko e2e", "agent": "pytest"}
    created = biurko.push(
        {
            "batch_id": "e2e-before-delete",
            "source": source,
            "companies": [{"nip": DELETED_NIP, "name": "Firma Usunięta E2E"}],
        }
    )
    assert created["summary"]["companies"]["created"] == 1
    # What "Usuń firmę" in the office panel does to the row: it stays, with deleted_at set.
    subprocess.run(
        [sys.executable, "-c", SOFT_DELETE, DELETED_NIP],
        cwd=ROOT,
        env=biurko.env,
        check=True,
        timeout=120,
    )
    assert DELETED_NIP not in biurko.companies()

    # The agent still exports the deleted company (a CSV "firma" row, a fresh state file)
    # next to another company's data.
    result = biurko.push(
        {
            "batch_id": "e2e-after-delete",
            "source": source,
            "companies": [
                {"nip": DELETED_NIP, "name": "Firma Usunięta E2E"},
                {"nip": BYSTANDER_NIP, "name": "Firma Obok E2E"},
            ],
            "taxes": [
                {
                    "company": {"nip": BYSTANDER_NIP},
                    "kind": "vat",
                    "period": "2026-02",
                    "amount": "12.00",
                }
            ],
        }
    )

    assert result["status"] == "done", result
    assert result["summary"]["taxes"]["created"] == 1
    assert result["summary"]["companies"]["rejected"] == 1
    assert "usunięta" in result["errors"][0]["message"]
    assert BYSTANDER_NIP in biurko.companies()
    assert DELETED_NIP not in biurko.companies()  # not brought back behind the office's back
