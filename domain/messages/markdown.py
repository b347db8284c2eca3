"""Message bodies: Markdown rendered safely (markdown-it-py, raw HTML off, safe links only).

With ``html`` disabled every ``<`` in the source is escaped, so the only tags are the ones the
renderer writes. Links may point only to http(s) and mailto (markdown-it's own validator
already drops ``javascript:`` and ``data:``); they open in a new tab without a referrer.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _validate_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


def _link_open(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    index: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    token = tokens[index]
    token.attrSet("target", "_blank")
    token.attrSet("rel", "noopener noreferrer nofollow")
    return renderer.renderToken(tokens, index, options, env)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
    parser.enable(["table", "strikethrough"])
    parser.disable("image")  # no remote images: they would track who opened the message
    parser.validateLink = _validate_link  # type: ignore[method-assign]
    parser.add_render_rule("link_open", _link_open)  # bound: the renderer comes first
    return parser


_PARSER = _parser()


def render_markdown(text: str) -> str:
    """Sanitized HTML for a Markdown body."""
    return str(_PARSER.render(text))


def plain_text(text: str, limit: int = 200) -> str:
    """A one-line excerpt (notification bodies): whitespace collapsed, cut at ``limit``."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
