"""Jinja2 e-mail templates: ``<name>.subject.txt``, ``<name>.txt`` and ``<name>.html``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape


class EmailTemplates:
    """Renders the three parts of one message from the templates directory."""

    def __init__(self, directory: Path) -> None:
        self._text = Environment(
            loader=FileSystemLoader(directory),
            undefined=StrictUndefined,
            autoescape=False,  # noqa: S701 - plain-text parts; the HTML environment escapes
            keep_trailing_newline=True,
        )
        self._html = Environment(
            loader=FileSystemLoader(directory),
            undefined=StrictUndefined,
            autoescape=select_autoescape(["html"]),
        )

    def render(self, name: str, context: dict[str, Any]) -> tuple[str, str, str]:
        subject = self._text.get_template(f"{name}.subject.txt").render(context).strip()
        text = self._text.get_template(f"{name}.txt").render(context)
        html = self._html.get_template(f"{name}.html").render(context)
        return subject, text, html
