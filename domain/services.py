"""The services container as the edges (ui/, sync/) see it: a structural type.

The dependency rule keeps ui/ and sync/ away from bootstrap.py (it imports persistence and
tasks); they see the container only through this Protocol of domain services.
"""

from __future__ import annotations

from typing import Protocol

from domain.accounts.service import AuthService
from domain.audit import AuditLog, AuditQuery
from domain.billing_service import BillingService
from domain.companies.client_edit import ClientCompanyService
from domain.companies.service import CompanyService
from domain.companies.users import ClientUserService
from domain.dispatch import Dispatcher
from domain.entries.sending import ApprovalService
from domain.entries.service import EntryService
from domain.mail import EmailService
from domain.messages.service import MessageService
from domain.notifications import NotificationService
from domain.notify_prefs import ChannelPreferenceService
from domain.office_settings import OfficeSettingsService
from domain.offices import OfficeService
from domain.portal.calendar import CalendarFeedService
from domain.portal.directory import PortalDirectory
from domain.portal.reminders import ReminderService
from domain.portal.service import PortalService
from domain.portal.statement_pdf import StatementPdfService
from domain.ports import Clock, EventBus
from domain.sms_service import SmsService
from domain.sms_settings import SmsSettingsService
from domain.staff.service import StaffService
from domain.sync.batches import SyncBatchService
from domain.sync.reconcile import SyncReadService
from domain.sync.tokens import SyncTokenService


class ServicesLike(Protocol):
    clock: Clock
    events: EventBus
    auth: AuthService
    email: EmailService
    notifications: NotificationService
    audit: AuditLog
    offices: OfficeService
    office_settings: OfficeSettingsService
    billing: BillingService
    audit_query: AuditQuery
    companies: CompanyService
    client_users: ClientUserService
    client_company: ClientCompanyService
    staff: StaffService
    entries: EntryService
    approval: ApprovalService
    sync_tokens: SyncTokenService
    sync_batches: SyncBatchService
    sync_read: SyncReadService
    portal: PortalService
    portal_directory: PortalDirectory
    reminders: ReminderService
    calendar: CalendarFeedService
    statement_pdfs: StatementPdfService
    messages: MessageService
    channel_prefs: ChannelPreferenceService
    dispatcher: Dispatcher
    sms_settings: SmsSettingsService
    sms: SmsService

    async def health(self) -> dict[str, str]: ...
