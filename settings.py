"""Biurko's configuration: one pydantic-settings class, env prefix ``BIURKO_``, read once at start.

The embedded default needs nothing: an SQLite file and a generated secret key in ``./data``, jobs
and events in-process, e-mails written as ``.eml`` files. Setting ``BIURKO_DATABASE_URL`` and
``BIURKO_REDIS_URL`` switches to PostgreSQL and arq workers; the secret key is then required.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "placeholder", "xxx"}
SECRET_FILE_NAME = "secret_key"  # noqa: S105 - a file name


class SmtpSecurity(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"


class Settings(BaseSettings):
    """Everything that differs between a laptop, CI and a production server."""

    model_config = SettingsConfigDict(env_prefix="BIURKO_", env_file=None, extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8080
    data_dir: Path = Path("data")
    database_url: str = ""
    redis_url: str = ""
    redis_namespace: str = "biurko"
    secret_key: SecretStr = SecretStr("")
    base_url: str = ""
    demo_data: bool = True

    smtp_host: str = ""
    smtp_port: int = 25
    smtp_security: SmtpSecurity = SmtpSecurity.NONE
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_sender: str = "Biurko <powiadomienia@biurko.local>"
    smtp_timeout_seconds: float = 20.0
    sms_timeout_seconds: float = 10.0

    job_max_tries: int = 6
    job_retry_base_seconds: float = 5.0
    job_concurrency: int = 4

    billing_base_fee: Decimal = Decimal("9.00")

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @property
    def embedded(self) -> bool:
        """True when running on the embedded default (no external database configured)."""
        return not self.database_url

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite://{self.data_dir / 'biurko.sqlite3'}"

    @property
    def effective_base_url(self) -> str:
        return (self.base_url or f"http://{self.host}:{self.port}").rstrip("/")

    def resolve_secret_key(self) -> str:
        """The secret key: configured, or generated into the data dir on an embedded start."""
        configured = self.secret_key.get_secret_value().strip()
        if configured:
            if configured.lower() in PLACEHOLDER_SECRETS or len(configured) < 32:
                raise SystemExit(
                    "BIURKO_SECRET_KEY is a placeholder or shorter than 32 characters; "
                    "set a long random value (e.g. python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))')."
                )
            return configured
        if not self.embedded:
            raise SystemExit(
                "BIURKO_SECRET_KEY is required when BIURKO_DATABASE_URL is set "
                "(it signs sessions and encrypts stored secrets)."
            )
        return self._secret_from_data_dir()

    def _secret_from_data_dir(self) -> str:
        path = self.data_dir / SECRET_FILE_NAME
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
        return key


def load_settings() -> Settings:
    return Settings()
