"""A real Biurko server process and Playwright driving Debian's Chromium (never a download)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.smtp import SmtpServer

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("Biurko exited during start-up")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"Biurko did not open port {port}")


def server_env(data_dir: Path, port: int, **extra_env: str) -> dict[str, str]:
    """The environment of a Biurko process (the server or a CLI command such as
    ``main.py sync-token``) on its own data dir and port, embedded SQLite."""
    # No pytest variables: NiceGUI would think it runs inside a screen test.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BIURKO_", "PYTEST_"))}
    env.update(
        BIURKO_DATA_DIR=str(data_dir),
        BIURKO_PORT=str(port),
        BIURKO_BASE_URL=f"http://127.0.0.1:{port}",
        NICEGUI_STORAGE_PATH=str(data_dir / ".nicegui"),
        **extra_env,
    )
    return env


@contextmanager
def server_process(
    data_dir: Path, port: int | None = None, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    """A Biurko web process with its own data dir on ``port`` (a free one by default); no
    browser needed. Yields its base URL once the port accepts connections."""
    port = port or _free_port()
    env = server_env(data_dir, port, **(extra_env or {}))
    data_dir.mkdir(parents=True, exist_ok=True)
    log_path = data_dir / "server.log"
    log = log_path.open("ab")
    process = subprocess.Popen(
        [sys.executable, "main.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        try:
            _wait_for_port(port, process)
        except (RuntimeError, TimeoutError) as error:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"{error}; server log:\n{tail}") from error
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()


@contextmanager
def running_server(data_dir: Path, **extra_env: str) -> Iterator[str]:
    """A Biurko web process on a free port with its own data dir (embedded SQLite), for
    browser tests."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    with server_process(data_dir, extra_env=extra_env) as url:
        yield url


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("e2e-data")) as url:
        yield url


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_with_smtp(
    tmp_path_factory: pytest.TempPathFactory, smtp_server: SmtpServer
) -> Iterator[str]:
    """The app delivering e-mail through a real SMTP server (aiosmtpd) on loopback."""
    with running_server(
        tmp_path_factory.mktemp("e2e-smtp-data"),
        BIURKO_SMTP_HOST="127.0.0.1",
        BIURKO_SMTP_PORT=str(smtp_server.port),
    ) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[object]:
    """Per test: sync Playwright keeps an event loop set while it runs, which would break the
    asyncio tests that follow if it lived for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def screenshot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
