"""Configuration: a TOML file (optional) merged with command-line flags (which win).

The file (see docs/sync-agent.md for a full example)::

    [server]
    url = "https://biurko.example.pl"
    token = "..."            # or token_file = "token.txt", or the BIURKO_SYNC_TOKEN variable

    [source]
    dirs = ["C:/Eksport/JPK", "C:/Eksport/Platnik"]

    [schedule]
    interval = "15m"

``python -m sync.agent --url URL --token TOKEN --dir FOLDER --once`` needs no file at all.
Relative paths in the file are relative to the file's folder; on the command line, to the
current folder. Every problem is a ``ConfigError`` with a Polish message (exit code 3).
"""

from __future__ import annotations

import argparse
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

DEFAULT_STATE_NAME = "biurko-agent-state.json"
ENV_TOKEN = "BIURKO_SYNC_TOKEN"  # noqa: S105 - the name of a variable, not a secret
ENV_CONFIG = "BIURKO_AGENT_CONFIG"
DEFAULT_EXCLUDE = ["*.tmp", "*.part", "*.crdownload", "~$*", "biurko-agent-state.json*"]
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class ConfigError(Exception):
    """Bad configuration: the message is shown to the user, the agent exits with code 3."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ServerSection(_Section):
    url: str | None = None
    token: str | None = None
    token_file: str | None = None
    timeout: float = Field(default=30.0, gt=0, le=600)
    gzip: bool = True


class SourceSection(_Section):
    dirs: list[str] = Field(default_factory=list)
    recursive: bool = True
    include: list[str] = Field(default_factory=lambda: ["*"])
    exclude: list[str] = Field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    program: str | None = Field(default=None, max_length=100)
    max_file_mb: float = Field(default=100.0, gt=0)


class ScheduleSection(_Section):
    interval: str | int | float = "15m"


class RetrySection(_Section):
    attempts: int = Field(default=6, ge=1, le=100)
    base_delay: float = Field(default=1.0, ge=0, le=3600)
    max_delay: float = Field(default=60.0, ge=0, le=3600)


class StatusSection(_Section):
    poll_timeout: float = Field(default=120.0, ge=0, le=86400)
    poll_interval: float = Field(default=2.0, gt=0, le=600)


class BatchSection(_Section):
    max_bytes: int = Field(default=5_000_000, ge=10_000, le=20_000_000)


class ConfigFile(_Section):
    """The TOML file, section by section; unknown keys are errors (they are usually typos)."""

    state: str | None = None
    server: ServerSection = Field(default_factory=ServerSection)
    source: SourceSection = Field(default_factory=SourceSection)
    schedule: ScheduleSection = Field(default_factory=ScheduleSection)
    retry: RetrySection = Field(default_factory=RetrySection)
    status: StatusSection = Field(default_factory=StatusSection)
    batch: BatchSection = Field(default_factory=BatchSection)


@dataclass(frozen=True)
class AgentConfig:
    """Everything a run needs, resolved and checked."""

    url: str | None
    token: str | None = field(repr=False)
    dirs: tuple[Path, ...]
    state_path: Path
    recursive: bool = True
    include: tuple[str, ...] = ("*",)
    exclude: tuple[str, ...] = tuple(DEFAULT_EXCLUDE)
    program: str | None = None
    max_file_bytes: int = 100 * 1024 * 1024
    interval: float = 900.0
    watch: bool = False
    dry_run: bool = False
    request_timeout: float = 30.0
    gzip: bool = True
    retry_attempts: int = 6
    retry_base_delay: float = 1.0
    retry_max_delay: float = 60.0
    poll_timeout: float = 120.0
    poll_interval: float = 2.0
    max_batch_bytes: int = 5_000_000
    config_path: Path | None = None


def parse_duration(value: str | float, what: str = "interval") -> float:
    """Seconds from ``90``, ``"90"``, ``"30s"``, ``"15m"``, ``"2h"`` or ``"1d"``."""
    if isinstance(value, bool):
        raise ConfigError(f"{what}: oczekiwano czasu, np. 15m")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(value)
        if not match:
            raise ConfigError(f"{what}: nieprawidłowy czas {value!r} (np. 30s, 15m, 1h)")
        seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds <= 0:
        raise ConfigError(f"{what}: czas musi być dodatni")
    return seconds


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ConfigError(f"nieprawidłowy adres serwera {url!r} (oczekiwano https://...)")
    if parts.query or parts.fragment:
        raise ConfigError(f"adres serwera {url!r} nie może mieć parametrów ani #fragmentu")
    return url.strip().rstrip("/")


def read_config_file(path: Path) -> ConfigFile:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise ConfigError(f"nie znaleziono pliku konfiguracji {path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"nie można odczytać pliku konfiguracji {path}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"plik konfiguracji {path}: niepoprawny TOML: {error}") from error
    try:
        return ConfigFile.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {_polish(e)}" for e in error.errors()
        )
        raise ConfigError(f"plik konfiguracji {path}: {problems}") from error


def _polish(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "nieznany klucz"
    if error["type"] == "missing":
        return "brak wymaganego klucza"
    return str(error["msg"])


def resolve(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> AgentConfig:
    """Merge the TOML file (``--config`` or ``$BIURKO_AGENT_CONFIG``) with the flags."""
    env = os.environ if environ is None else environ
    config_path: Path | None = None
    file = ConfigFile()
    config_arg = args.config or env.get(ENV_CONFIG)
    if config_arg:
        config_path = Path(config_arg).expanduser().resolve()
        file = read_config_file(config_path)
    base = config_path.parent if config_path else Path.cwd()

    def from_file(value: str) -> Path:
        path = Path(value).expanduser()
        return path if path.is_absolute() else base / path

    dry_run = bool(args.dry_run)
    url = args.url or file.server.url
    url = check_url(url) if url else None
    token = args.token or file.server.token
    if not token and file.server.token_file:
        token_path = from_file(file.server.token_file)
        try:
            token = token_path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(
                f"nie można odczytać pliku z tokenem {token_path}: {error}"
            ) from error
    token = token or env.get(ENV_TOKEN) or None
    if token is not None and (not token.strip() or any(c.isspace() for c in token.strip())):
        raise ConfigError("token nie może być pusty ani zawierać spacji")
    if not dry_run:
        if url is None:
            raise ConfigError("brak adresu serwera: podaj --url albo [server] url w pliku")
        if token is None:
            raise ConfigError(
                f"brak tokenu: podaj --token, [server] token w pliku albo zmienną {ENV_TOKEN}"
            )

    dirs = (
        [Path(d).expanduser().resolve() for d in args.dir]
        if args.dir
        else [from_file(d).resolve() for d in file.source.dirs]
    )
    if not dirs:
        raise ConfigError("brak folderów do czytania: podaj --dir albo [source] dirs w pliku")
    for folder in dirs:
        if not folder.is_dir():
            raise ConfigError(f"folder {folder} nie istnieje albo nie jest folderem")

    if args.state:
        state_path = Path(args.state).expanduser().resolve()
    elif file.state:
        state_path = from_file(file.state).resolve()
    else:
        state_path = base / DEFAULT_STATE_NAME

    interval_value = args.watch if isinstance(args.watch, str) else None
    interval = parse_duration(args.interval or interval_value or file.schedule.interval)

    attempts = args.retry_attempts if args.retry_attempts is not None else file.retry.attempts
    base_delay = (
        args.retry_base_delay if args.retry_base_delay is not None else file.retry.base_delay
    )
    max_delay = args.retry_max_delay if args.retry_max_delay is not None else file.retry.max_delay
    if attempts < 1:
        raise ConfigError("liczba prób musi być co najmniej 1")
    if base_delay < 0 or max_delay < base_delay:
        raise ConfigError("opóźnienia ponowień: 0 <= base_delay <= max_delay")
    poll_timeout = args.poll_timeout if args.poll_timeout is not None else file.status.poll_timeout
    poll_interval = (
        args.poll_interval if args.poll_interval is not None else file.status.poll_interval
    )
    if poll_timeout < 0 or poll_interval <= 0:
        raise ConfigError("czas oczekiwania na status musi być nieujemny, a odstęp dodatni")
    timeout = args.timeout if args.timeout is not None else file.server.timeout
    if timeout <= 0:
        raise ConfigError("limit czasu żądania musi być dodatni")

    return AgentConfig(
        url=url,
        token=token.strip() if token else None,
        dirs=tuple(dict.fromkeys(dirs)),
        state_path=state_path,
        recursive=file.source.recursive if args.recursive is None else args.recursive,
        include=tuple(file.source.include),
        exclude=tuple(file.source.exclude),
        program=args.program or file.source.program,
        max_file_bytes=int(file.source.max_file_mb * 1024 * 1024),
        interval=interval,
        watch=args.watch is not None,
        dry_run=dry_run,
        request_timeout=timeout,
        gzip=file.server.gzip and not args.no_gzip,
        retry_attempts=attempts,
        retry_base_delay=base_delay,
        retry_max_delay=max_delay,
        poll_timeout=poll_timeout,
        poll_interval=poll_interval,
        max_batch_bytes=file.batch.max_bytes,
        config_path=config_path,
    )
