"""The sync agent end to end against a local HTTP server speaking the sync API v1.

The server (stdlib ``ThreadingHTTPServer`` on 127.0.0.1, a free port, in a thread) accepts
``POST /api/sync/v1/batches`` (202, 401, 409, 422, optionally gzip bodies) and answers
``GET /api/sync/v1/batches/{id}`` with ``processing`` once and then ``done`` (or what a test
asks for). Retry delays are kept tiny through the agent's flags.
"""

from __future__ import annotations

import gzip
import json
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from sync.agent.__main__ import main
from sync.schemas import Batch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sync"
TOKEN = "tajny-token-biura"
GOOD = sorted(p.name for p in FIXTURES.iterdir() if p.is_file())
SECTIONS = ("companies", "zus", "taxes", "statements")

pytestmark = pytest.mark.timeout(60)


class FakeBiurko:
    """Just enough of the server side of the sync API v1 to drive the agent."""

    def __init__(self) -> None:
        self.batches: dict[str, dict[str, Any]] = {}
        self.posts: list[dict[str, Any]] = []
        self.gets: list[str] = []
        self.answer_next: list[int] = []  # status codes for the next POSTs (e.g. 503)
        self.reject: Callable[[dict[str, Any]], list[dict[str, Any]] | None] = lambda body: None
        self.record_errors: Callable[[dict[str, Any]], list[dict[str, Any]]] = lambda body: []
        self.final_status = "done"
        self.polls_before_final = 1
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, port: int = 0) -> None:
        handler = _handler(self)
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.port = self.server.server_address[1]
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def received(self) -> list[dict[str, Any]]:
        """Bodies of the batches the server accepted, in order."""
        return [batch["body"] for batch in self.batches.values()]

    # --- protocol ---------------------------------------------------------------------------

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        document = json.loads(body)
        self.posts.append({"body": document, "headers": headers})
        if self.answer_next:
            return self.answer_next.pop(0), {"detail": "chwilowo niedostępny"}
        try:
            Batch.model_validate(document)
        except ValidationError as error:
            return 422, {"detail": [{"loc": e["loc"], "msg": e["msg"]} for e in error.errors()]}
        details = self.reject(document)
        if details:
            return 422, {"detail": details}
        batch_id = document["batch_id"]
        existing = self.batches.get(batch_id)
        if existing is not None:
            if existing["body"] != document:
                return 409, {"detail": "batch_id reused"}
            return 202, self._accepted(batch_id)
        self.batches[batch_id] = {"body": document, "polls": 0, "status": "queued"}
        return 202, self._accepted(batch_id)

    def _accepted(self, batch_id: str) -> dict[str, Any]:
        return {
            "batch_id": batch_id,
            "status": self.batches[batch_id]["status"],
            "status_url": f"/api/sync/v1/batches/{batch_id}",
        }

    def get(self, batch_id: str) -> tuple[int, dict[str, Any]]:
        self.gets.append(batch_id)
        batch = self.batches.get(batch_id)
        if batch is None:
            return 404, {"detail": "not found"}
        batch["polls"] += 1
        if batch["status"] not in ("done", "failed"):
            batch["status"] = (
                self.final_status if batch["polls"] > self.polls_before_final else "processing"
            )
        body = batch["body"]
        errors = self.record_errors(body) if batch["status"] == "done" else []
        summary = {}
        for section in SECTIONS:
            rejected = sum(1 for e in errors if e["section"] == section)
            summary[section] = {
                "created": len(body[section]) - rejected,
                "updated": 0,
                "unchanged": 0,
                "rejected": rejected,
            }
        return 200, {
            "batch_id": batch_id,
            "status": batch["status"],
            "received_at": "2026-03-01T10:00:00Z",
            "finished_at": "2026-03-01T10:00:01Z"
            if batch["status"] in ("done", "failed")
            else None,
            "summary": summary if batch["status"] == "done" else {},
            "errors": errors,
        }


def _handler(fake: FakeBiurko) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _reply(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _authorized(self) -> bool:
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._reply(401, {"detail": "bad token"})
                return False
            return True

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/api/sync/v1/batches":
                self._reply(404, {"detail": "not found"})
            elif self._authorized():
                with fake.lock:
                    headers = {k.lower(): v for k, v in self.headers.items()}
                    self._reply(*fake.post(body, headers))

        def do_GET(self) -> None:
            prefix = "/api/sync/v1/batches/"
            if not self.path.startswith(prefix):
                self._reply(404, {"detail": "not found"})
            elif self._authorized():
                with fake.lock:
                    self._reply(*fake.get(self.path[len(prefix) :]))

    return Handler


@pytest.fixture
def server() -> Iterator[FakeBiurko]:
    fake = FakeBiurko()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    folder = tmp_path / "eksport"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def agent(url: str, folder: Path, state: Path, *extra: str, token: str = TOKEN) -> list[str]:
    return [
        "--url", url, "--token", token, "--dir", str(folder), "--state", str(state),
        "--retry-attempts", "4", "--retry-base-delay", "0.01", "--retry-max-delay", "0.05",
        "--poll-interval", "0.01", "--poll-timeout", "5",
        *extra,
    ]  # fmt: skip


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def file_statuses(state: Path) -> dict[str, str]:
    saved = json.loads(state.read_text(encoding="utf-8"))
    return {Path(entry["path"]).name: entry["status"] for entry in saved["files"].values()}


def all_records(bodies: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {section: [r for body in bodies for r in body[section]] for section in SECTIONS}


# --- the happy path -----------------------------------------------------------------------


def test_first_run_sends_everything_and_records_state(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "stan.json"
    code, out, _err = run(agent(server.url, exports, state, "--once"), capsys)

    assert code == 0, out
    assert len(server.batches) == 1
    records = all_records(server.received())
    assert len(records["companies"]) == 9
    assert {c["nip"] for c in records["companies"]} == {
        "5840251008", "8133042616", "6761011003", "8567346215", "9512451006",
        "5261040828", "7773111001", "9571183004", "6381647203",
    }  # fmt: skip
    assert [len(records[s]) for s in ("zus", "taxes", "statements")] == [4, 8, 11]
    body = server.received()[0]
    assert body["source"]["agent"] == "biurko-agent/1.0"
    assert body["batch_id"].startswith("ag-")
    assert "Kod wyjścia 0" in out
    assert "przetworzona" in out

    saved = json.loads(state.read_text(encoding="utf-8"))
    assert saved["server"] == server.url
    assert {entry["status"] for entry in saved["files"].values()} == {"done"}
    assert len(saved["files"]) == len(GOOD)
    assert saved["batches"][body["batch_id"]]["status"] == "done"
    assert set(saved["companies"]) == {c["nip"] for c in records["companies"]}


def test_second_run_sends_nothing(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "stan.json"
    assert run(agent(server.url, exports, state), capsys)[0] == 0
    posts = len(server.posts)

    code, out, _err = run(agent(server.url, exports, state), capsys)

    assert code == 0
    assert len(server.posts) == posts
    assert f"bez zmian {len(GOOD)}" in out
    assert "paczek wysłanych 0" in out


def test_changed_file_is_sent_again_alone(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "stan.json"
    assert run(agent(server.url, exports, state), capsys)[0] == 0
    declaration = exports / "jpk_v7m3_2026-02.xml"
    declaration.write_text(
        declaration.read_text(encoding="utf-8").replace("<P_51>1380</P_51>", "<P_51>1381</P_51>"),
        encoding="utf-8",
    )

    code, out, _err = run(agent(server.url, exports, state), capsys)

    assert code == 0, out
    assert len(server.batches) == 2
    latest = server.received()[-1]
    assert latest["companies"] == []  # the bakery is known by now
    assert latest["zus"] == [] and latest["statements"] == []
    assert latest["taxes"] == [
        {
            "company": {"nip": "5261040828"},
            "kind": "vat",
            "period": "2026-02",
            "settlement": "D",
            "amount": "1381.00",
        }
    ]
    assert f"bez zmian {len(GOOD) - 1}" in out


def test_resend_after_a_lost_state_reuses_the_batch_id(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "stan.json"
    assert run(agent(server.url, exports, state), capsys)[0] == 0
    state.unlink()  # as if the agent crashed before it could remember the answer

    code, _out, _err = run(agent(server.url, exports, state), capsys)

    assert code == 0
    assert len(server.posts) == 2
    assert server.posts[0]["body"]["batch_id"] == server.posts[1]["body"]["batch_id"]
    assert len(server.batches) == 1


def test_large_bodies_travel_gzipped(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(agent(server.url, exports, tmp_path / "s.json"), capsys)[0] == 0
    assert server.posts[0]["headers"].get("content-encoding") == "gzip"
    assert server.posts[0]["headers"]["authorization"] == f"Bearer {TOKEN}"


def test_dry_run_prints_the_batch_and_sends_nothing(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "stan.json"
    code, out, err = run(agent(server.url, exports, state, "--dry-run"), capsys)

    assert code == 0
    assert server.posts == [] and server.gets == []
    assert not state.exists()
    batches = json.loads(out)
    assert len(batches) == 1
    Batch.model_validate(batches[0])
    assert len(batches[0]["companies"]) == 9
    assert "próba na sucho" in err


# --- failures -----------------------------------------------------------------------------


def test_corrupt_files_are_reported_and_the_good_ones_sent(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for corrupt in (FIXTURES / "corrupt").iterdir():
        shutil.copy(corrupt, exports / corrupt.name)
    (exports / "notatka.txt").write_text("Zadzwonić do klienta w piątek.", encoding="utf-8")
    # content decides, not the name: a JPK saved as .txt is still read
    shutil.copy(FIXTURES / "jpk_v7m3_2026-02.xml", exports / "deklaracja-luty.txt")
    (exports / "jpk_v7m3_2026-02.xml").unlink()
    state = tmp_path / "stan.json"

    code, out, _err = run(agent(server.url, exports, state), capsys)

    assert code == 1
    assert "jpk_v7m3_uciety.xml: JPK_V7M (3): uszkodzony lub niekompletny XML" in out
    assert "jpk_v7m_nieznana_wersja.xml: JPK_V7M: nieobsługiwana wersja JPK_V7M (4)" in out
    assert "rekordy_zla_kwota.csv: CSV Biurko: błędnych wierszy: 2" in out
    assert "jpk_z_doctype.xml: JPK_V7M (3): plik zawiera deklarację DOCTYPE" in out
    assert "POMINIĘTO" in out and "notatka.txt: nieobsługiwany format" in out
    assert "z błędem 4" in out
    records = all_records(server.received())
    assert len(records["taxes"]) == 8  # the declaration read from the .txt included
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert len(saved["files"]) == len(GOOD)  # broken files are never marked as sent

    # the next run reports the broken files again and sends nothing new
    code, out, _err = run(agent(server.url, exports, state), capsys)
    assert code == 1
    assert "z błędem 4" in out
    assert len(server.batches) == 1


def test_server_down_then_up_is_retried_with_backoff(
    exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    fake = FakeBiurko()
    starter = threading.Timer(0.3, fake.start, kwargs={"port": port})
    starter.start()
    try:
        argv = agent(f"http://127.0.0.1:{port}", exports, tmp_path / "stan.json")
        argv[argv.index("--retry-attempts") + 1] = "200"
        started = time.monotonic()
        code, out, _err = run(argv, capsys)
    finally:
        starter.join()
        fake.stop()

    assert code == 0, out
    assert "brak połączenia z serwerem" in out and "ponawiam za" in out
    assert len(fake.batches) == 1
    assert time.monotonic() - started < 30


def test_5xx_and_429_are_retried(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.answer_next = [503, 429, 500]
    code, out, _err = run(agent(server.url, exports, tmp_path / "stan.json"), capsys)
    assert code == 0, out
    assert "serwer odpowiedział 503" in out and "serwer odpowiedział 429" in out
    assert len(server.posts) == 4
    assert len(server.batches) == 1


def test_unreachable_after_retries_exits_2_and_resumes_later(
    exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    state = tmp_path / "stan.json"
    code, out, _err = run(agent(f"http://127.0.0.1:{port}", exports, state), capsys)
    assert code == 2
    assert "poddaję się po 4 próbach" in out
    done = [name for name, status in file_statuses(state).items() if status == "done"]
    # only the records-only VAT file, which has nothing of its own to send, is settled
    assert done == ["jpk_v7k2_2025-10_ewidencja.xml"]

    fake = FakeBiurko()
    fake.start(port=port)
    try:
        code, out, _err = run(agent(fake.url, exports, state), capsys)
    finally:
        fake.stop()
    assert code == 0, out
    assert len(fake.batches) == 1


def test_bad_token_exits_2(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(agent(server.url, exports, tmp_path / "s.json", token="zly"), capsys)
    assert code == 2
    assert "serwer odrzucił token (401)" in out
    assert len(server.posts) == 0
    assert server.batches == {}


def test_422_details_are_printed_and_the_bad_file_isolated(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def reject_vat(body: dict[str, Any]) -> list[dict[str, Any]] | None:
        for index, tax in enumerate(body["taxes"]):
            if tax["kind"] == "vat" and tax["amount"] == "1380.00":
                return [{"loc": ["body", "taxes", index, "amount"], "msg": "kwota poza limitem"}]
        return None

    server.reject = reject_vat
    state = tmp_path / "stan.json"
    code, out, _err = run(agent(server.url, exports, state), capsys)

    assert code == 1
    assert "ODRZUCONO paczkę" in out
    assert "kwota poza limitem" in out
    assert "jpk_v7m3_2026-02.xml" in out
    assert "wysyłam pliki tej paczki osobno" in out
    # every other file went through on its own
    records = all_records(server.received())
    assert len(records["taxes"]) == 7
    statuses = file_statuses(state)
    assert statuses["jpk_v7m3_2026-02.xml"] == "rejected"
    assert {s for name, s in statuses.items() if name != "jpk_v7m3_2026-02.xml"} == {"done"}


def test_rejected_records_are_printed_with_their_file(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def statement_errors(body: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"section": "statements", "index": i, "field": "period", "message": "okres zamknięty"}
            for i, s in enumerate(body["statements"])
            if s["period"] == "2021-05"
        ]

    server.record_errors = statement_errors
    state = tmp_path / "stan.json"
    code, out, _err = run(agent(server.url, exports, state), capsys)

    assert code == 1
    assert "ODRZUCONO statements[0].period: okres zamknięty" in out
    assert "jpk_ewp2_2021-05.xml" in out
    assert "odrzuconych rekordów 1" in out
    # the batch was processed: nothing is sent again on the next run
    code, _out, _err = run(agent(server.url, exports, state), capsys)
    assert code == 0
    assert len(server.posts) == 1


def test_failed_batch_is_sent_again_under_a_new_id(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.final_status = "failed"
    state = tmp_path / "stan.json"
    code, out, _err = run(agent(server.url, exports, state), capsys)
    assert code == 1
    assert "przetwarzanie na serwerze nie powiodło się" in out

    server.final_status = "done"
    code, out, _err = run(agent(server.url, exports, state), capsys)
    assert code == 0, out
    first, second = server.posts[0]["body"]["batch_id"], server.posts[1]["body"]["batch_id"]
    assert second == f"{first}-r1"


def test_batch_still_processing_is_followed_on_the_next_run(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.polls_before_final = 1
    state = tmp_path / "stan.json"
    argv = agent(server.url, exports, state)
    argv[argv.index("--poll-timeout") + 1] = "0"
    code, out, _err = run(argv, capsys)
    assert code == 0
    assert "wynik sprawdzę przy następnym uruchomieniu" in out
    statuses = file_statuses(state)
    assert statuses.pop("jpk_v7k2_2025-10_ewidencja.xml") == "done"  # nothing of its own
    assert set(statuses.values()) == {"pending"}

    # the result, when it comes, rejects the third company of the batch
    server.record_errors = lambda body: [
        {"section": "companies", "index": 2, "field": "name", "message": "nazwa zajęta"}
    ]
    code, out, _err = run(argv, capsys)
    assert code == 1, out
    assert "Sprawdzam paczki z poprzedniego uruchomienia: 1" in out
    assert "ODRZUCONO companies[2].name: nazwa zajęta" in out
    assert len(server.posts) == 1  # followed, not sent again
    assert set(file_statuses(state).values()) == {"done"}
    rejected_nip = server.received()[0]["companies"][2]["nip"]
    remembered = json.loads(state.read_text(encoding="utf-8"))["companies"]
    assert len(remembered) == 8
    assert rejected_nip not in remembered


def test_config_file_alone_drives_a_run(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "agent.toml"
    config.write_text(
        f"""
[server]
url = "{server.url}"
token = "{TOKEN}"

[source]
dirs = ["{exports.as_posix()}"]

[retry]
base_delay = 0.01
max_delay = 0.05

[status]
poll_interval = 0.01
""",
        encoding="utf-8",
    )
    code, out, _err = run(["--config", str(config), "--once"], capsys)
    assert code == 0, out
    assert (tmp_path / "biurko-agent-state.json").exists()  # next to the config file
    assert len(server.batches) == 1


def test_watch_runs_a_pass_every_interval(
    server: FakeBiurko, exports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sync.agent.__main__ import build_parser
    from sync.agent.config import resolve
    from sync.agent.run import run_watch

    argv = agent(server.url, exports, tmp_path / "stan.json", "--watch", "2m")
    config = resolve(build_parser().parse_args(argv), {})
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        if seconds == 120:  # between passes: a new export lands in the folder
            shutil.copy(FIXTURES / "jpk_v7m3_2026-02.xml", exports / "kopia-zmieniona.xml")
            path = exports / "kopia-zmieniona.xml"
            path.write_text(
                path.read_text(encoding="utf-8").replace(
                    "<Miesiac>2</Miesiac>", "<Miesiac>3</Miesiac>"
                ),
                encoding="utf-8",
            )

    code = run_watch(config, sleep=pause, iterations=2)

    out = capsys.readouterr().out
    assert code == 0, out
    assert 120 in pauses
    assert "Następny przebieg za 120 s" in out
    assert len(server.batches) == 2
    assert server.received()[1]["taxes"][0]["period"] == "2026-03"
