"""Companies: scoped, paged list queries and the writes that keep status history in step.

List queries take a ``CompanyScope`` (the office, and a restricted employee's companies) and
run a constant number of SQL statements per page: the count, the page, one grouped query for
the page's member counts and channel flags, one for its waiting entries, and one for the
prefix column.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.companies.model import (
    RESTORE_DAYS,
    BankAccount,
    CompanyData,
    CompanyDetails,
    CompanyHead,
    CompanyPage,
    CompanyQuery,
    CompanyRow,
    CompanyScope,
    CompanySort,
    DeletedCompany,
    StaffChoice,
    StatusFilter,
    StatusInterval,
    TaxForm,
    VatPeriod,
)
from domain.deadlines import ZusPayerDeadline
from domain.entries.approval import DataType
from domain.entries.payment import PayerIdentity
from domain.errors import Conflict
from domain.identifiers import IdentifierType, search_digits
from domain.portal.payments import overdue_items
from persistence.models import (
    Company,
    CompanyBankAccount,
    CompanyStatusInterval,
    Entry,
    Membership,
    StaffAssignment,
    StaffUser,
)
from persistence.repositories.entries import ENTRY_FIELDS, to_entry

DUPLICATE = "Firma z tym identyfikatorem już istnieje w biurze."
_SORT_FIELDS = {
    CompanySort.PREFIX: "prefix",
    CompanySort.NAME: "name",
    CompanySort.IDENTIFIER: "identifier",
    # Ascending status reads like the labels: "Aktywna" before "Nieaktywna".
    CompanySort.STATUS: "-active",
}
_HEAD_FIELDS = ("id", "office_id", "name", "active", "identifier_type", "identifier", "deleted_at")
_DATA_FIELDS = (
    "name",
    "prefix",
    "identifier_type",
    "identifier",
    "regon",
    "address",
    "email",
    "phone",
    "tax_form",
    "vat_period",
    "zus_payer",
    "zus_account",
    "invoice_module",
    "internal_note",
)


_PAYER_FIELDS = {
    "payer_name": "company__name",
    "payer_identifier_type": "company__identifier_type",
    "payer_identifier": "company__identifier",
    "payer_zus_account": "company__zus_account",
    "payer_zus_payer": "company__zus_payer",
}


def _payer(row: dict[str, Any]) -> PayerIdentity:
    kind = IdentifierType(row["payer_identifier_type"])
    return PayerIdentity(
        name=row["payer_name"],
        nip=row["payer_identifier"] if kind is IdentifierType.NIP else None,
        owner_pesel=row["payer_identifier"] if kind is IdentifierType.PESEL else None,
        zus_account=row["payer_zus_account"] or None,
        zus_payer=ZusPayerDeadline(row["payer_zus_payer"]),
    )


def _head(row: dict[str, Any]) -> CompanyHead:
    return CompanyHead(
        id=row["id"],
        office_id=row["office_id"],
        name=row["name"],
        active=row["active"],
        identifier_type=IdentifierType(row["identifier_type"]),
        identifier=row["identifier"],
        deleted_at=row["deleted_at"],
    )


def _data(row: Company, accounts: list[CompanyBankAccount]) -> CompanyData:
    return CompanyData(
        name=row.name,
        prefix=row.prefix,
        identifier_type=IdentifierType(row.identifier_type),
        identifier=row.identifier,
        regon=row.regon,
        address=row.address,
        email=row.email,
        phone=row.phone,
        tax_form=TaxForm(row.tax_form),
        vat_period=VatPeriod(row.vat_period),
        zus_payer=ZusPayerDeadline(row.zus_payer),
        zus_account=row.zus_account,
        bank_accounts=tuple(BankAccount(a.number, a.label) for a in accounts),
        invoice_module=row.invoice_module,
        internal_note=row.internal_note,
    )


def _columns(data: CompanyData) -> dict[str, Any]:
    return {
        "name": data.name,
        "prefix": data.prefix,
        "identifier_type": data.identifier_type.value,
        "identifier": data.identifier,
        "regon": data.regon,
        "address": data.address,
        "email": data.email,
        "phone": data.phone,
        "tax_form": data.tax_form.value,
        "vat_period": data.vat_period.value,
        "zus_payer": int(data.zus_payer),
        "zus_account": data.zus_account,
        "invoice_module": data.invoice_module,
        "internal_note": data.internal_note,
    }


def _scoped(scope: CompanyScope) -> QuerySet[Company]:
    query = Company.filter(office_id=scope.office_id)
    if scope.company_ids is not None:
        query = query.filter(id__in=sorted(scope.company_ids))
    return query


def _search(term: str, office_id: int) -> Q:
    # Scoped to the office: the subquery must not scan other offices' people.
    by_person = Membership.filter(
        Q(client_user__first_name__icontains=term) | Q(client_user__last_name__icontains=term),
        company__office_id=office_id,
    ).values("company_id")
    condition = (
        Q(name__icontains=term)
        | Q(prefix__icontains=term)
        | Q(identifier__icontains=term)
        | Q(id__in=Subquery(by_person))
    )
    digits = search_digits(term)
    if digits is not None:
        condition |= Q(identifier__contains=digits)
    return condition


class CompanyRepo:
    # --- single companies -------------------------------------------------------------------

    async def head(
        self, office_id: int, company_id: int, include_deleted: bool = False
    ) -> CompanyHead | None:
        # Scoped by office: a caller that forgot its policy check still finds nothing foreign.
        query = Company.filter(id=company_id, office_id=office_id)
        if not include_deleted:
            query = query.filter(deleted_at__isnull=True)
        row = await query.first().values(*_HEAD_FIELDS)
        return None if row is None else _head(row)

    async def details(self, office_id: int, company_id: int) -> CompanyDetails | None:
        row = await Company.get_or_none(id=company_id, office_id=office_id, deleted_at__isnull=True)
        if row is None:
            return None
        accounts = await CompanyBankAccount.filter(company_id=company_id).order_by("id")
        intervals = await CompanyStatusInterval.filter(company_id=company_id).order_by(
            "-started_at"
        )
        return CompanyDetails(
            id=row.id,
            office_id=row.office_id,  # type: ignore[attr-defined]
            active=row.active,
            data=_data(row, accounts),
            created_at=row.created_at,
            history=tuple(StatusInterval(i.started_at, i.ended_at) for i in intervals),
        )

    async def find_by_identifier(
        self, office_id: int, identifier_type: IdentifierType, identifier: str
    ) -> CompanyHead | None:
        row = (
            await Company.filter(
                office_id=office_id, identifier_type=identifier_type.value, identifier=identifier
            )
            .first()
            .values(*_HEAD_FIELDS)
        )
        return None if row is None else _head(row)

    # --- writes -----------------------------------------------------------------------------

    async def create(
        self,
        office_id: int,
        data: CompanyData,
        active: bool,
        now: datetime,
        assign_staff_id: int | None,
    ) -> int:
        try:
            async with in_transaction() as connection:
                company = await Company.create(
                    office_id=office_id, active=active, using_db=connection, **_columns(data)
                )
                await self._store_accounts(company.id, data, connection)
                if active:
                    await CompanyStatusInterval.create(
                        company_id=company.id, started_at=now, using_db=connection
                    )
                if assign_staff_id is not None:
                    await StaffAssignment.create(
                        staff_user_id=assign_staff_id, company_id=company.id, using_db=connection
                    )
        except IntegrityError as error:
            # Two people saved the same identifier at once: the unique constraint decides.
            raise Conflict(DUPLICATE) from error
        return company.id

    async def update(self, company_id: int, data: CompanyData) -> None:
        try:
            async with in_transaction() as connection:
                await (
                    Company.filter(id=company_id)
                    .using_db(connection)
                    .update(updated_at=datetime.now(UTC), **_columns(data))
                )
                await CompanyBankAccount.filter(company_id=company_id).using_db(connection).delete()
                await self._store_accounts(company_id, data, connection)
        except IntegrityError as error:
            raise Conflict(DUPLICATE) from error

    async def _store_accounts(self, company_id: int, data: CompanyData, connection: Any) -> None:
        if data.bank_accounts:
            await CompanyBankAccount.bulk_create(
                [
                    CompanyBankAccount(company_id=company_id, number=a.number, label=a.label)
                    for a in data.bank_accounts
                ],
                using_db=connection,
            )

    async def set_status(self, company_id: int, active: bool, now: datetime) -> bool:
        async with in_transaction() as connection:
            # The condition on the old status makes two concurrent switches change it once.
            changed = (
                await Company.filter(id=company_id, active=not active, deleted_at__isnull=True)
                .using_db(connection)
                .update(active=active)
            )
            if not changed:
                return False
            if active:
                await CompanyStatusInterval.create(
                    company_id=company_id, started_at=now, using_db=connection
                )
            else:
                await self._close_interval(company_id, now, connection)
        return True

    async def soft_delete(self, company_id: int, now: datetime) -> bool:
        async with in_transaction() as connection:
            changed = (
                await Company.filter(id=company_id, deleted_at__isnull=True)
                .using_db(connection)
                .update(deleted_at=now)
            )
            if changed:
                await self._close_interval(company_id, now, connection)
        return bool(changed)

    async def restore(self, company_id: int, now: datetime) -> bool:
        async with in_transaction() as connection:
            changed = (
                await Company.filter(id=company_id, deleted_at__isnull=False)
                .using_db(connection)
                .update(deleted_at=None)
            )
            if not changed:
                return False
            active = await Company.filter(id=company_id, active=True).using_db(connection).exists()
            if active:
                await CompanyStatusInterval.create(
                    company_id=company_id, started_at=now, using_db=connection
                )
        return True

    async def _close_interval(self, company_id: int, now: datetime, connection: Any) -> None:
        await (
            CompanyStatusInterval.filter(company_id=company_id, ended_at__isnull=True)
            .using_db(connection)
            .update(ended_at=now)
        )

    async def purge_deleted_before(self, cutoff: datetime) -> list[tuple[int, int]]:
        async with in_transaction() as connection:
            rows = (
                await Company.filter(deleted_at__lt=cutoff)
                .using_db(connection)
                .values_list("office_id", "id")
            )
            ids = [row[1] for row in rows]
            if ids:
                # The schema cascades as well; naming the children keeps what goes visible.
                children = (
                    CompanyBankAccount,
                    CompanyStatusInterval,
                    StaffAssignment,
                    Membership,
                    Entry,
                )
                for child in children:
                    await child.filter(company_id__in=ids).using_db(connection).delete()
                await Company.filter(id__in=ids).using_db(connection).delete()
        return [(int(row[0]), int(row[1])) for row in rows]

    # --- lists ------------------------------------------------------------------------------

    async def page(self, scope: CompanyScope, query: CompanyQuery) -> CompanyPage:
        companies = _scoped(scope).filter(deleted_at__isnull=True)
        show_prefix = await companies.exclude(prefix="").exists()
        if query.status is StatusFilter.ACTIVE:
            companies = companies.filter(active=True)
        elif query.status is StatusFilter.INACTIVE:
            companies = companies.filter(active=False)
        if query.staff_id is not None:
            assigned = StaffAssignment.filter(staff_user_id=query.staff_id).values("company_id")
            companies = companies.filter(id__in=Subquery(assigned))
        if query.search:
            companies = companies.filter(_search(query.search, scope.office_id))
        total = await companies.count()
        order = _SORT_FIELDS[query.sort]
        if query.descending:
            order = order[1:] if order.startswith("-") else f"-{order}"
        rows = (
            await companies.order_by(*dict.fromkeys((order, "name", "id")))
            .offset((query.page - 1) * query.per_page)
            .limit(query.per_page)
            .values(
                "id", "prefix", "name", "identifier_type", "identifier", "active", "invoice_module"
            )
        )
        members = await self._member_stats([row["id"] for row in rows])
        waiting = await self._waiting_counts(scope.office_id, [row["id"] for row in rows])
        return CompanyPage(
            rows=tuple(
                CompanyRow(
                    id=row["id"],
                    prefix=row["prefix"],
                    name=row["name"],
                    identifier_type=IdentifierType(row["identifier_type"]),
                    identifier=row["identifier"],
                    active=row["active"],
                    invoice_module=row["invoice_module"],
                    users=members.get(row["id"], (0, 0))[0],
                    email_channel=members.get(row["id"], (0, 0))[1] > 0,
                    waiting=waiting.get(row["id"], 0),
                )
                for row in rows
            ),
            total=total,
            page=query.page,
            per_page=query.per_page,
            show_prefix=show_prefix,
        )

    async def _member_stats(self, company_ids: list[int]) -> dict[int, tuple[int, int]]:
        """Active members and members who get e-mail, per company, in one grouped query."""
        if not company_ids:
            return {}
        rows = (
            await Membership.filter(company_id__in=company_ids, active=True)
            .annotate(
                members=Count("id"),
                emails=Count("id", _filter=Q(use_email=True)),
            )
            .group_by("company_id")
            .values("company_id", "members", "emails")
        )
        return {row["company_id"]: (int(row["members"]), int(row["emails"])) for row in rows}

    async def _waiting_counts(self, office_id: int, company_ids: list[int]) -> dict[int, int]:
        """Entries waiting for approval per company, in one grouped query."""
        if not company_ids:
            return {}
        rows = (
            await Entry.filter(office_id=office_id, waiting=True, company_id__in=company_ids)
            .annotate(waiting_count=Count("id"))
            .group_by("company_id")
            .values("company_id", "waiting_count")
        )
        return {row["company_id"]: int(row["waiting_count"]) for row in rows}

    async def overdue_counts(
        self, office_id: int, company_ids: list[int], today: date
    ) -> dict[int, int]:
        if not company_ids:
            return {}
        rows = await Entry.filter(
            office_id=office_id,
            company_id__in=company_ids,
            data_type__in=[DataType.ZUS.value, DataType.TAXES.value],
            sent_json__isnull=False,
            paid_on__isnull=True,
        ).values(*ENTRY_FIELDS, **_PAYER_FIELDS)
        by_company: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            by_company.setdefault(row["company_id"], []).append(row)
        counts = {}
        for company_id, company_rows in by_company.items():
            entries = [to_entry(row) for row in company_rows]
            sent = [(e, e.sent_values) for e in entries if e.sent_values is not None]
            counts[company_id] = overdue_items(sent, _payer(company_rows[0]), today)
        return counts

    async def deleted_since(self, scope: CompanyScope, since: datetime) -> list[DeletedCompany]:
        rows = (
            await _scoped(scope)
            .filter(deleted_at__isnull=False, deleted_at__gte=since)
            .order_by("-deleted_at", "id")
            .values("id", "name", "identifier_type", "identifier", "deleted_at")
        )
        return [
            DeletedCompany(
                id=row["id"],
                name=row["name"],
                identifier_type=IdentifierType(row["identifier_type"]),
                identifier=row["identifier"],
                deleted_at=row["deleted_at"],
                restorable_until=row["deleted_at"] + timedelta(days=RESTORE_DAYS),
            )
            for row in rows
        ]

    async def staff_choices(self, office_id: int) -> list[StaffChoice]:
        rows = (
            await StaffUser.filter(office_id=office_id, active=True)
            .order_by("last_name", "first_name", "id")
            .values("id", "first_name", "last_name")
        )
        return [
            StaffChoice(row["id"], f"{row['first_name']} {row['last_name']}".strip())
            for row in rows
        ]
