"""Parsers of the files the agent reads, one module per format, chosen by ``detect``."""

from __future__ import annotations

from .base import Extract, ParseError, UnsupportedFile
from .detect import parse_bytes, supported_namespaces

__all__ = ["Extract", "ParseError", "UnsupportedFile", "parse_bytes", "supported_namespaces"]
