"""Searching the audit log: filters, server-side paging and the office boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from domain.audit import AuditFilter
from persistence.models import AuditEvent, Company
from tests.support.office_panel import admin, employee, make_company, make_office
from tests.support.services import make_settings, running_services


async def set_time(entry_summary: str, at: datetime) -> None:
    await AuditEvent.filter(summary=entry_summary).update(at=at)


async def test_filters_by_company_person_kind_and_day(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_a = await make_office("Biuro A", seed=1)
        piekarnia = await make_company(office_a, "Piekarnia Kłos", 11)
        warsztat = await make_company(office_a, "Warsztat Wiśniewski", 12)
        anna, piotr = admin(office_a, user_id=10), employee(office_a, user_id=20)
        audit = services.audit
        await audit.record(anna, "company.created", "Dodano Piekarnię", piekarnia)
        await audit.record(
            piotr,
            "company.updated",
            "Zmieniono Piekarnię",
            piekarnia,
            {"before": {"name": "Piekarnia"}, "after": {"name": "Piekarnia Kłos"}},
        )
        await audit.record(piotr, "company.created", "Dodano Warsztat", warsztat)
        await audit.record(anna, "settings.changed", "Zmieniono dane biura")
        await set_time("Dodano Piekarnię", datetime(2026, 11, 25, 12, tzinfo=UTC))
        await set_time("Zmieniono Piekarnię", datetime(2026, 11, 26, 23, 30, tzinfo=UTC))
        await set_time("Dodano Warsztat", datetime(2026, 11, 27, 8, tzinfo=UTC))
        await set_time("Zmieniono dane biura", datetime(2026, 11, 27, 9, tzinfo=UTC))
        query, actor = services.audit_query, admin(office_a)

        async def summaries(**criteria: object) -> list[str]:
            page = await query.search(actor, AuditFilter(**criteria))  # type: ignore[arg-type]
            return [entry.summary for entry in page.entries]

        assert await summaries() == [
            "Zmieniono dane biura",
            "Dodano Warsztat",
            "Zmieniono Piekarnię",
            "Dodano Piekarnię",
        ]
        assert await summaries(company_id=piekarnia) == ["Zmieniono Piekarnię", "Dodano Piekarnię"]
        assert await summaries(actor_name="piotr") == ["Dodano Warsztat", "Zmieniono Piekarnię"]
        assert await summaries(actor_kind="staff", actor_id=10) == [
            "Zmieniono dane biura",
            "Dodano Piekarnię",
        ]
        assert await summaries(kind="company.created") == ["Dodano Warsztat", "Dodano Piekarnię"]
        # 23:30 UTC on the 26th is already 00:30 on the 27th in Warsaw (UTC+1).
        assert await summaries(date_from=date(2026, 11, 27)) == [
            "Zmieniono dane biura",
            "Dodano Warsztat",
            "Zmieniono Piekarnię",
        ]
        assert await summaries(date_from=date(2026, 11, 25), date_to=date(2026, 11, 26)) == [
            "Dodano Piekarnię"
        ]
        assert await summaries(kind="company.created", company_id=warsztat) == ["Dodano Warsztat"]
        page = await query.search(actor, AuditFilter(company_id=piekarnia))
        assert page.company_names == {piekarnia: "Piekarnia Kłos"}
        assert page.entries[0].details["after"] == {"name": "Piekarnia Kłos"}
        options = await query.filter_options(actor)
        assert options.kinds == ("company.created", "company.updated", "settings.changed")
        assert [(p.id, p.name) for p in options.people] == [
            (10, "Anna Administratorska"),
            (20, "Piotr Pracownik"),
        ]
        assert options.companies == (
            (piekarnia, "Piekarnia Kłos"),
            (warsztat, "Warsztat Wiśniewski"),
        )


async def test_paging_is_done_by_the_database(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        actor = admin(office_id)
        start = datetime(2026, 11, 1, tzinfo=UTC)
        for number in range(60):
            await services.audit.record(actor, "settings.changed", f"Zmiana {number:02d}")
            await set_time(f"Zmiana {number:02d}", start + timedelta(minutes=number))
        first = await services.audit_query.search(actor, page=1, page_size=25)
        third = await services.audit_query.search(actor, page=3, page_size=25)
        beyond = await services.audit_query.search(actor, page=9, page_size=25)
    assert (first.total, first.pages, len(first.entries)) == (60, 3, 25)
    assert first.entries[0].summary == "Zmiana 59" and first.entries[-1].summary == "Zmiana 35"
    assert [e.summary for e in third.entries] == [f"Zmiana {n:02d}" for n in range(9, -1, -1)]
    assert beyond.entries == () and beyond.total == 60


async def test_another_offices_entries_never_appear(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_a = await make_office("Biuro A", seed=1)
        office_b = await make_office("Biuro B", seed=2)
        ours = await make_company(office_a, "Nasza Firma", 11)
        theirs = await make_company(office_b, "Obca Firma", 12)
        anna = admin(office_a, user_id=10)
        bogdan = admin(office_b, user_id=77)
        bogdan = bogdan.__class__(**{**bogdan.__dict__, "name": "Bogdan Obcy"})
        await services.audit.record(anna, "company.created", "Nasza zmiana", ours)
        await services.audit.record(bogdan, "company.created", "Obca zmiana", theirs)
        await services.audit.record(bogdan, "staff.invited", "Obce zaproszenie")
        query = services.audit_query
        everything = await query.search(anna)
        assert [e.summary for e in everything.entries] == ["Nasza zmiana"]
        for criteria in (
            AuditFilter(company_id=theirs),
            AuditFilter(actor_kind="staff", actor_id=77),
            AuditFilter(actor_name="Bogdan"),
            AuditFilter(kind="staff.invited"),
        ):
            page = await query.search(anna, criteria)
            assert page.entries == () and page.total == 0
        options = await query.filter_options(anna)
        assert options.kinds == ("company.created",)
        assert [p.name for p in options.people] == ["Anna Administratorska"]
        assert options.companies == ((ours, "Nasza Firma"),)
        # The other office sees only its own.
        theirs_page = await query.search(bogdan)
        assert {e.summary for e in theirs_page.entries} == {"Obca zmiana", "Obce zaproszenie"}


async def test_deleted_and_purged_companies_in_entries(db_url: str, isolated_env: Path) -> None:
    settings = make_settings(isolated_env, db_url, demo_data=False)
    async with running_services(settings) as services:
        office_id = await make_office()
        actor = admin(office_id)
        deleted = await make_company(office_id, "Usunięta sp. z o.o.", 11)
        purged = await make_company(office_id, "Wymazana s.c.", 12)
        await services.audit.record(actor, "company.deleted", "Usunięto", deleted)
        await services.audit.record(actor, "company.deleted", "Wymazano", purged)
        await Company.filter(id=deleted).update(deleted_at=datetime.now(UTC))
        await Company.filter(id=purged).delete()
        page = await services.audit_query.search(actor)
    assert page.total == 2
    assert page.company_names == {deleted: "Usunięta sp. z o.o."}
