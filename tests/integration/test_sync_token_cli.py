"""``python main.py sync-token create``: prints a working token on its last line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from domain.accounts.tokens import hash_token
from persistence import db
from persistence.models import SyncToken
from persistence.repositories.sync import SyncTokenRepo

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    data_dir: Path, *args: str, command: tuple[str, ...] = ("sync-token", "create")
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "BIURKO_DATA_DIR": str(data_dir),
        "BIURKO_DATABASE_URL": "",
        "BIURKO_REDIS_URL": "",
    }
    env.pop("NICEGUI_USER_SIMULATION", None)
    return subprocess.run(
        [sys.executable, "main.py", *command, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_creates_a_token_for_the_only_office_and_stores_only_its_hash(tmp_path: Path) -> None:
    assert "Podaj --office-nip" in run_cli(tmp_path, "--name", "Optima").stderr  # no office yet
    assert run_cli(tmp_path, command=("demo",)).returncode == 0
    result = run_cli(tmp_path, "--name", "Optima")
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip().splitlines()[-1]
    assert token.startswith("bsk_") and len(token) > 40
    url = f"sqlite://{tmp_path / 'biurko.sqlite3'}"
    await db.open_database(url)
    try:
        row = await SyncToken.get(name="Optima")
        assert row.token_hash == hash_token(token) and token not in row.hint + row.token_hash
        owner = await SyncTokenRepo().find_active(hash_token(token))
        assert owner is not None and owner.office_id == row.office_id  # type: ignore[attr-defined]
    finally:
        await db.close_database()


def test_unknown_office_nip_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--name", "X", "--office-nip", "1234563218")
    assert result.returncode != 0
    assert "Nie ma biura z NIP-em 1234563218" in result.stderr
