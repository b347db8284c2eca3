"""The sync agent's configuration: TOML file, flags that win over it, flags alone, and every
bad configuration ending with exit code 3 and a message that says what is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sync.agent.__main__ import build_parser, main
from sync.agent.config import AgentConfig, ConfigError, parse_duration, resolve

TOML = """
state = "stan/agent.json"

[server]
url = "https://biurko.example.pl/"
token = "token-z-pliku"
timeout = 12
gzip = false

[source]
dirs = ["eksport"]
recursive = false
include = ["*.xml", "*.csv"]
program = "Optima"

[schedule]
interval = "15m"

[retry]
attempts = 4
base_delay = 0.5
max_delay = 8

[status]
poll_timeout = 30
poll_interval = 1.5

[batch]
max_bytes = 1000000
"""


def load(argv: list[str], environ: dict[str, str] | None = None) -> AgentConfig:
    return resolve(build_parser().parse_args(argv), environ or {})


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    (tmp_path / "eksport").mkdir()
    path = tmp_path / "agent.toml"
    path.write_text(TOML, encoding="utf-8")
    return path


def test_toml_file_is_read_with_paths_relative_to_it(config_file: Path) -> None:
    config = load(["--config", str(config_file)])
    base = config_file.parent
    assert config.url == "https://biurko.example.pl"
    assert config.token == "token-z-pliku"
    assert config.dirs == ((base / "eksport").resolve(),)
    assert config.state_path == (base / "stan" / "agent.json").resolve()
    assert config.recursive is False
    assert config.include == ("*.xml", "*.csv")
    assert config.program == "Optima"
    assert config.interval == 900
    assert config.request_timeout == 12
    assert config.gzip is False
    assert (config.retry_attempts, config.retry_base_delay, config.retry_max_delay) == (4, 0.5, 8)
    assert (config.poll_timeout, config.poll_interval) == (30, 1.5)
    assert config.max_batch_bytes == 1_000_000
    assert config.watch is False
    assert config.dry_run is False
    assert "token-z-pliku" not in repr(config)


def test_flags_override_the_file(config_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "inny"
    other.mkdir()
    config = load(
        [
            "--config", str(config_file),
            "--url", "http://127.0.0.1:8080",
            "--token", "token-z-flagi",
            "--dir", str(other),
            "--state", str(tmp_path / "stan.json"),
            "--watch", "30s",
            "--retry-attempts", "2",
            "--poll-timeout", "0",
            "--program", "Rewizor",
            "--recursive",
        ]
    )  # fmt: skip
    assert config.url == "http://127.0.0.1:8080"
    assert config.token == "token-z-flagi"
    assert config.dirs == (other.resolve(),)
    assert config.state_path == (tmp_path / "stan.json").resolve()
    assert config.watch is True
    assert config.interval == 30
    assert config.retry_attempts == 2
    assert config.retry_base_delay == 0.5  # still from the file
    assert config.poll_timeout == 0
    assert config.program == "Rewizor"
    assert config.recursive is True


def test_flags_alone_without_any_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pliki").mkdir()
    config = load(["--url", "https://b.example.pl", "--token", "t0k3n", "--dir", "pliki", "--once"])
    assert config.config_path is None
    assert config.dirs == ((tmp_path / "pliki").resolve(),)
    assert config.state_path == tmp_path / "biurko-agent-state.json"
    assert config.watch is False
    assert config.interval == 900
    assert config.retry_attempts == 6


def test_token_from_environment_or_file(tmp_path: Path) -> None:
    (tmp_path / "eksport").mkdir()
    flags = ["--url", "https://b.example.pl", "--dir", str(tmp_path / "eksport")]
    assert load(flags, {"BIURKO_SYNC_TOKEN": "z-env"}).token == "z-env"
    (tmp_path / "token.txt").write_text("z-pliku\n", encoding="utf-8")
    config_path = tmp_path / "a.toml"
    config_path.write_text('[server]\ntoken_file = "token.txt"\n', encoding="utf-8")
    assert load([*flags, "--config", str(config_path)], {"BIURKO_SYNC_TOKEN": "z-env"}).token == (
        "z-pliku"
    )
    assert load([*flags], {"BIURKO_AGENT_CONFIG": str(config_path)}).token == "z-pliku"


def test_dry_run_needs_no_server(tmp_path: Path) -> None:
    config = load(["--dir", str(tmp_path), "--dry-run"])
    assert config.dry_run is True
    assert config.url is None and config.token is None


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(90, 90), ("90", 90), ("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400), ("0.5s", 0.5)],
)
def test_durations(value: str | int, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["", "soon", "-5m", "0", "15 minut", True])
def test_bad_durations(value: str | bool) -> None:
    with pytest.raises(ConfigError):
        parse_duration(value)


BAD = [
    (["--token", "t", "--dir", "{dir}"], "brak adresu serwera"),
    (["--url", "https://b.example.pl", "--dir", "{dir}"], "brak tokenu"),
    (["--url", "https://b.example.pl", "--token", "t"], "brak folderów do czytania"),
    (["--url", "ftp://b.example.pl", "--token", "t", "--dir", "{dir}"], "nieprawidłowy adres"),
    (
        ["--url", "https://b.example.pl", "--token", "t", "--dir", "{dir}/nie-ma"],
        "nie istnieje albo nie jest folderem",
    ),
    (
        ["--url", "https://b.example.pl", "--token", "t", "--dir", "{dir}", "--watch", "wkrótce"],
        "nieprawidłowy czas 'wkrótce'",
    ),
    (
        ["--url", "https://b.example.pl", "--token", "z spacją", "--dir", "{dir}"],
        "token nie może być pusty ani zawierać spacji",
    ),
    (
        [
            "--url", "https://b.example.pl", "--token", "t", "--dir", "{dir}",
            "--retry-base-delay", "5", "--retry-max-delay", "1",
        ],
        "base_delay <= max_delay",
    ),
    (["--config", "{dir}/brak.toml"], "nie znaleziono pliku konfiguracji"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "message"), BAD)
def test_bad_configuration_exits_with_3(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([arg.replace("{dir}", str(tmp_path)) for arg in argv])
    assert code == 3
    err = capsys.readouterr().err
    assert err.startswith("Błąd konfiguracji: ")
    assert message in err


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[server\nurl = 1", "niepoprawny TOML"),
        ('[server]\nadres = "https://b.example.pl"', "server.adres: nieznany klucz"),
        ("[retry]\nattempts = 0", "retry.attempts: Input should be greater than or equal to 1"),
        ('[source]\ndirs = "jeden"', "source.dirs: Input should be a valid list"),
    ],
)
def test_bad_toml_exits_with_3(
    toml: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "agent.toml"
    path.write_text(toml, encoding="utf-8")
    assert main(["--config", str(path), "--dir", str(tmp_path), "--dry-run"]) == 3
    err = capsys.readouterr().err
    assert f"plik konfiguracji {path}" in err
    assert message in err


def test_unknown_flag_and_conflicting_modes_exit_with_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--folder", str(tmp_path)])
    assert exit_info.value.code == 3
    with pytest.raises(SystemExit) as exit_info:
        main(["--dir", str(tmp_path), "--once", "--watch"])
    assert exit_info.value.code == 3
    assert "Błąd konfiguracji" in capsys.readouterr().err


def test_agent_imports_nothing_of_the_server() -> None:
    """The agent runs on the office's computer: no domain, settings, web or queue code."""
    code = (
        "import sys, sync.agent.__main__, sync.agent.run;"
        "forbidden = {'domain', 'settings', 'nicegui', 'tortoise', 'arq', 'redis', 'persistence',"
        " 'tasks', 'ui', 'bootstrap', 'fastapi', 'starlette'};"
        "print(sorted({m.split('.')[0] for m in sys.modules} & forbidden))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "[]"
