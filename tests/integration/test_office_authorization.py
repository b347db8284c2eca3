"""Who may use the office panel's services: the admin of the office, and nobody else.

Every method is called by four actors: the office's admin, its employee, a client of one of its
companies and the admin of another office. There is no office id to pass: a service works on
the actor's own office, so the other office's admin only ever sees their own (empty) office.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from domain.actors import Actor
from domain.audit import AuditFilter
from domain.errors import DomainError, PermissionDenied
from domain.office_settings import OfficeProfile, SmtpSettingsForm
from domain.smtp import SmtpMode, SmtpSecurity
from persistence.models import CompanyStatusInterval, Office
from tests.support.office_panel import (
    admin,
    client,
    employee,
    make_company,
    make_office,
    smtp_server,
)
from tests.support.services import make_settings, running_services


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


Call = Callable[[Any, Actor], Awaitable[Any]]


def calls(smtp_port: int) -> dict[str, Call]:
    form = SmtpSettingsForm(
        SmtpMode.OWN, "127.0.0.1", smtp_port, SmtpSecurity.NONE, "", "", "Biuro <b@biuro.test>"
    )
    profile = OfficeProfile("Nowa nazwa", "526-104-08-28")
    return {
        "settings.profile": lambda s, a: s.office_settings.profile(a),
        "settings.update_profile": lambda s, a: s.office_settings.update_profile(a, profile),
        "settings.upload_logo": lambda s, a: s.office_settings.upload_logo(a, png()),
        "settings.remove_logo": lambda s, a: s.office_settings.remove_logo(a),
        "settings.smtp_settings": lambda s, a: s.office_settings.smtp_settings(a),
        "settings.update_smtp": lambda s, a: s.office_settings.update_smtp(a, form),
        "settings.send_test_email": lambda s, a: s.office_settings.send_test_email(a, form),
        "billing.months": lambda s, a: s.billing.months(a),
        "billing.month": lambda s, a: s.billing.month(a, 2026, 10),
        "billing.history": lambda s, a: s.billing.history(a),
        "billing.csv_export": lambda s, a: s.billing.csv_export(a, 2026, 10),
        "audit.search": lambda s, a: s.audit_query.search(a, AuditFilter()),
        "audit.filter_options": lambda s, a: s.audit_query.filter_options(a),
    }


async def test_only_the_offices_admin_may_use_the_office_panel(
    db_url: str, isolated_env: Path
) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_a = await make_office("Biuro A", seed=1)
        office_b = await make_office("Biuro B", seed=2)
        company = await make_company(office_a, "Firma Klienta", 11)
        await CompanyStatusInterval.create(
            company_id=company, started_at=datetime(2026, 10, 1, tzinfo=UTC)
        )
        await services.audit.record(admin(office_a), "settings.changed", "Zmiana w biurze A")
        actors = {
            "admin": admin(office_a),
            "employee": employee(office_a),
            "client": client(office_a, company),
            "other office admin": admin(office_b, user_id=50),
        }
        outcomes: dict[tuple[str, str], str] = {}
        results: dict[tuple[str, str], Any] = {}
        with smtp_server() as (port, _):
            for name, call in calls(port).items():
                for who, actor in actors.items():
                    try:
                        results[who, name] = await call(services, actor)
                        outcomes[who, name] = "ok"
                    except PermissionDenied:
                        outcomes[who, name] = "denied"
                    except DomainError as error:  # allowed, but refused for another reason
                        outcomes[who, name] = f"error: {error.message}"
        for name in calls(0):
            assert outcomes["admin", name] == "ok", name
            assert outcomes["employee", name] == "denied", name
            assert outcomes["client", name] == "denied", name
            assert outcomes["other office admin", name] in {"ok", "error: " + _NIP_TAKEN}, name

        # The other office's admin worked on their own office only.
        assert results["admin", "billing.months"][-1] == (2026, 10)
        assert results["other office admin", "billing.months"] == []
        ours = results["admin", "audit.search"].entries
        theirs = results["other office admin", "audit.search"].entries
        assert "Zmiana w biurze A" in [e.summary for e in ours]
        assert "Zmiana w biurze A" not in [e.summary for e in theirs]
        assert not {e.id for e in ours} & {e.id for e in theirs}
        assert (await Office.get(id=office_a)).name == "Nowa nazwa"
        assert (await Office.get(id=office_b)).name == "Biuro B"


_NIP_TAKEN = "nip: Ten NIP ma już inne biuro zarejestrowane w Biurku. Sprawdź cyfry."


async def test_everyone_sees_only_their_own_offices_logo(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_a = await make_office("Biuro A", seed=1)
        office_b = await make_office("Biuro B", seed=2)
        company = await make_company(office_a, "Firma Klienta", 11)
        url = await services.office_settings.upload_logo(admin(office_a), png())
        for actor in (admin(office_a), employee(office_a), client(office_a, company)):
            assert await services.office_settings.logo_url(actor) == url
        assert await services.office_settings.logo_url(admin(office_b)) is None
        # The office's own employee cannot change it.
        with pytest.raises(PermissionDenied):
            await services.office_settings.remove_logo(employee(office_a))
        assert await services.office_settings.public_logo(office_a) is not None
