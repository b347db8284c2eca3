"""Every literal UI string marked for translation has an English entry in the catalog."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from ui.i18n import catalog

UI = Path(__file__).resolve().parents[2] / "ui"


def marked_messages() -> set[str]:
    found = extract_from_dir(
        str(UI), keywords={"_": None, "N_": None}, method_map=[("**.py", "python")]
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str) and message}


def test_every_marked_ui_string_has_an_english_translation() -> None:
    missing = sorted(marked_messages() - catalog("en").keys())
    assert not missing, "missing English translations:\n" + "\n".join(missing)


def test_catalog_translates_navigation() -> None:
    english = catalog("en")
    assert english["Firmy"] == "Companies"
    assert english["Pulpit"] == "Dashboard"
