"""Helpers for simulated-user UI tests."""

from __future__ import annotations

import asyncio
import re
from email import message_from_bytes, policy
from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from persistence.demo import DEMO_PASSWORD


async def log_in(
    user: User, email: str, password: str = DEMO_PASSWORD, path: str = "/login"
) -> None:
    await user.open(path)
    pages_before = len(user.back_history)
    user.find("E-mail").type(email)
    user.find("Hasło").type(password)
    user.find(kind=ui.button, content="Zaloguj").click()
    error = next(e for e in user.client.elements.values() if "login-error" in e._markers)

    # argon2 and the redirect take longer than should_see's short retry loop.
    await eventually(lambda: len(user.back_history) > pages_before or error.visible)


def badge_text(user: User, marker: str) -> str:
    # user.find skips hidden elements, and an empty bell's badge is hidden.
    badges = [
        e for e in user.client.elements.values() if isinstance(e, ui.badge) and marker in e._markers
    ]
    assert len(badges) == 1
    badge = badges[0]
    return badge.text if badge.visible else ""


async def eventually(check, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    """Poll a synchronous or async check until it is true (live updates arrive async)."""
    async with asyncio.timeout(timeout):
        while True:
            result = check()
            if asyncio.iscoroutine(result):
                result = await result
            if result:
                return
            await asyncio.sleep(0.05)


def link_from_eml(data_dir: Path, to: str) -> str:
    """The set-password link from the newest .eml written for ``to``."""
    for path in sorted((data_dir / "emails").glob("*.eml"), reverse=True):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] != to:
            continue
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        match = re.search(r"http://biurko\.test(/haslo/ustaw\?token=[\w-]+)", text)
        if match:
            return match.group(1)
    raise AssertionError(f"no link for {to}")


def app_services():  # type: ignore[no-untyped-def]
    """The running app's services container (main.py keeps it on ``app.state``)."""
    from nicegui import app

    return app.state.biurko_services
