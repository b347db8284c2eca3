"""The office's companies as one sync batch resolves its records' company references."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from domain.errors import ValidationError
from domain.identifiers import IdentifierType, normalize_nip
from domain.sync.ports import KnownCompany


class CompanyIndex:
    """The office's companies by identifier and by the agent's external id."""

    def __init__(self, companies: list[KnownCompany]) -> None:
        self.by_identifier = {(c.identifier_type, c.identifier): c for c in companies}
        self.by_external = {c.external_id: c for c in companies if c.external_id}
        self._nip_ids: dict[str, int | None] = {}  # NIP as sent -> company id (or unknown)

    def add(self, company: KnownCompany) -> None:
        self.by_identifier[(company.identifier_type, company.identifier)] = company
        if company.external_id:
            self.by_external[company.external_id] = company
        self._nip_ids.clear()

    def resolve(self, ref: Mapping[str, Any]) -> int | None:
        if ref.get("external_id"):
            found = self.by_external.get(str(ref["external_id"]))
            return found.id if found and not found.deleted else None
        sent = str(ref.get("nip") or "")
        try:
            return self._nip_ids[sent]
        except KeyError:
            pass
        nip = _normalized_nip(sent)
        if nip is None:
            company_id = None
        else:
            found = self.by_identifier.get((IdentifierType.NIP, nip))
            company_id = found.id if found and not found.deleted else None
        # A batch names the same companies over and over: validate each NIP text once.
        self._nip_ids[sent] = company_id
        return company_id


@lru_cache(maxsize=20_000)
def _normalized_nip(text: str) -> str | None:
    """``normalize_nip`` (None when invalid), remembered across batches: an office's agent sends
    the same NIPs in every batch, and checking one costs about 10 µs."""
    try:
        return normalize_nip(text)
    except ValidationError:
        return None
