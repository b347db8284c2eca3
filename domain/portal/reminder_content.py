"""What a payment reminder says, in each channel's shape (e-mail template context, the bell's
title and line, a short SMS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.companies.model import ClientUserRow
from domain.dispatch import Content
from domain.formatting import format_day, format_money, relative_days
from domain.identifiers import format_account
from domain.portal.payments import PaymentItem

TEMPLATE = "payment_reminder"
PORTAL_PATH = "/klient/platnosci"


@dataclass(frozen=True)
class ReminderLine:
    """One item of the e-mail, already formatted."""

    label: str
    amount: str
    due: str
    when: str
    account: str
    title: str


def reminder_sms(
    office_name: str, company_name: str, lines: list[ReminderLine], due_today: bool
) -> str:
    first = lines[0]
    when = "dziś mija termin" if due_today else f"termin {first.due}"
    more = f" (i {len(lines) - 1} więcej)" if len(lines) > 1 else ""
    return f"{office_name}: {company_name}, {first.label} {first.amount}, {when}{more}."


def reminder_line(item: PaymentItem, today: date) -> ReminderLine:
    assert item.due_date is not None
    return ReminderLine(
        label=item.label,
        amount=format_money(item.amount),
        due=format_day(item.due_date),
        when=relative_days(item.due_date, today),
        account=format_account(item.account) if item.account else "",
        title=item.title,
    )


def reminder_content(
    member: ClientUserRow,
    head: tuple[str, str],
    items: list[PaymentItem],
    today: date,
    portal_url: str,
) -> Content:
    """The reminder in each channel's shape; ``head`` is (office name, company name)."""
    office_name, company_name = head
    lines = [reminder_line(item, today) for item in items]
    due_today = any(item.due_date == today for item in items)
    first_due = format_day(min(item.due_date or today for item in items))
    context = {
        "name": member.first_name,
        "office_name": office_name,
        "company_name": company_name,
        "lines": lines,
        "due_today": due_today,
        "first_due": first_due,
        "portal_url": portal_url,
    }
    title = "Dziś mija termin płatności" if due_today else f"Płatność do {first_due}"
    return Content(
        title=f"{title}: {company_name}",
        body="; ".join(f"{line.label}: {line.amount} ({line.when})" for line in lines),
        link=PORTAL_PATH,
        email_template=TEMPLATE,
        email_context=context,
        sms_text=reminder_sms(office_name, company_name, lines, due_today),
    )
