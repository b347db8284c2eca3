"""Translation catalog: Polish message ids in the code, English from ``locale/en/.../*.po``.

The language is the user's own (stored on the account, copied into ``app.storage.user``);
the login page keeps the visitor's choice in the same place.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po
from nicegui import app

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = {"pl": "Polski", "en": "English"}
DEFAULT_LANGUAGE = "pl"


@cache
def catalog(language: str) -> dict[str, str]:
    """All ``*.po`` files of a language merged (one file per area keeps edits apart)."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            po = read_po(handle, locale=language)
        messages.update({str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy})
    return messages


def current_language() -> str:
    try:
        language = app.storage.user.get("lang", DEFAULT_LANGUAGE)
    except (RuntimeError, AssertionError, KeyError):
        return DEFAULT_LANGUAGE
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    app.storage.user["lang"] = language if language in LANGUAGES else DEFAULT_LANGUAGE


def translate(message: str, language: str | None = None) -> str:
    language = language or current_language()
    if language == DEFAULT_LANGUAGE:
        return message
    return catalog(language).get(message, message)


_ = translate


def N_(message: str) -> str:
    """Mark a message for the catalog where it is defined; it is translated where shown."""
    return message
