"""Builds the ``Services`` container from settings: the only place that picks adapters.

Embedded default: SQLite, in-process jobs and events, e-mails as .eml files. With a Redis URL:
arq jobs (run ``python main.py worker``) and Redis pub/sub events. With SMTP settings: SMTP.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.accounts.service import AuthRepositories, AuthService
from domain.audit import AuditLog, AuditQuery
from domain.billing_service import BillingService
from domain.clock import SystemClock
from domain.companies.client_edit import ClientCompanyService
from domain.companies.service import CompanyService
from domain.companies.users import ClientUserService
from domain.dispatch import Dispatcher
from domain.entries.notify import EntryNotifier
from domain.entries.sending import NOTIFY_SENT_JOB, ApprovalService
from domain.entries.service import EntryService
from domain.eventbus import LocalEventBus
from domain.mail import DELIVER_EMAIL_JOB, EmailService, EmailTemplates
from domain.messages.delivery import DELIVER_MESSAGE_JOB, REMIND_MESSAGE_JOB, MessageDelivery
from domain.messages.service import MessageService
from domain.notifications import NotificationService
from domain.notify_prefs import ChannelPreferenceService
from domain.office_settings import OfficeSettingsService, OfficeSmtpLookup
from domain.offices import OfficeService
from domain.portal.calendar import CalendarFeedService
from domain.portal.directory import PortalDirectory
from domain.portal.reminders import ReminderService
from domain.portal.service import PortalService
from domain.portal.statement_pdf import STATEMENT_PDF_JOB, StatementPdfService
from domain.ports import Clock, EventBus, JobFunction, JobQueue, Mailer
from domain.secrets_box import SecretBox
from domain.sms_service import DELIVER_SMS_JOB, SmsService
from domain.sms_settings import TOKEN_PURPOSE, SmsGatewayConfig, SmsSettingsService
from domain.staff.service import StaffService
from domain.sync.batches import INGEST_JOB, SyncBatchService
from domain.sync.reconcile import SyncReadService
from domain.sync.tokens import SyncTokenService
from persistence import db
from persistence.files import LocalFileStore
from persistence.repositories.accounts import (
    AccountRepo,
    LoginAttemptRepo,
    SessionRepo,
    TokenRepo,
)
from persistence.repositories.billing import BillingRepo
from persistence.repositories.client_users import ClientUserRepo
from persistence.repositories.companies import CompanyRepo
from persistence.repositories.entries import ApprovalRuleRepo, EntryRepo, PaidMarkRepo
from persistence.repositories.infra import (
    AuditRepo,
    JobStore,
    NotificationRepo,
    OutboxRepo,
)
from persistence.repositories.messages import MessageRepo
from persistence.repositories.notify_prefs import NotificationPreferenceRepo
from persistence.repositories.office_settings import OfficeSettingsRepo
from persistence.repositories.offices import OfficeRepo
from persistence.repositories.reminders import CalendarFeedRepo, ReminderRepo
from persistence.repositories.sms import SmsLogRepo, SmsSettingsRepo
from persistence.repositories.staff import AssignmentRepo, StaffRepo
from persistence.repositories.statement_pdfs import StatementPdfRepo
from persistence.repositories.sync import SyncBatchRepo, SyncReadRepo, SyncTokenRepo
from settings import Settings
from tasks.arq_queue import ArqQueue
from tasks.inprocess_queue import InProcessQueue
from tasks.mailers import FileMailer, SmtpMailer
from tasks.message_renderer import ConfirmationPdfRenderer
from tasks.office_mailer import OfficeAwareMailer
from tasks.redis_bus import RedisEventBus
from tasks.runner import JobRunner
from tasks.scheduler import Scheduler
from tasks.sms_smsapi import SmsApiGateway
from tasks.smtp_check import AiosmtplibTester
from tasks.statement_renderer import StatementPdfRenderer

log = logging.getLogger(__name__)
ASSETS = Path(__file__).parent / "assets"
SWEEP_SECONDS = 15.0


@dataclass(frozen=True)
class Periodic:
    """Work that runs on a schedule: the embedded scheduler every ``every_seconds``, arq's cron
    at ``cron`` (keyword arguments of ``arq.cron``). Functions must be idempotent."""

    name: str
    every_seconds: float
    cron: dict[str, Any]
    function: Callable[[], Awaitable[None]]


@dataclass
class Services:
    settings: Settings
    clock: Clock
    events: EventBus
    jobs: InProcessQueue | ArqQueue
    runner: JobRunner
    email: EmailService
    notifications: NotificationService
    auth: AuthService
    audit: AuditLog
    offices: OfficeService
    secret_box: SecretBox
    companies: CompanyService
    client_users: ClientUserService
    client_company: ClientCompanyService
    staff: StaffService
    office_settings: OfficeSettingsService
    billing: BillingService
    audit_query: AuditQuery
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
    channel_prefs: ChannelPreferenceService
    dispatcher: Dispatcher
    sms_settings: SmsSettingsService
    sms: SmsService
    messages: MessageService
    periodic: list[Periodic] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    async def health(self) -> dict[str, str]:
        """State of the database (and Redis when configured) for monitoring."""
        state = {"database": "ok"}
        try:
            await db.ping()
        except Exception as error:
            state["database"] = f"error: {type(error).__name__}"
        if self.settings.redis_url and isinstance(self.jobs, ArqQueue):
            try:
                await self.jobs.ping()
                state["redis"] = "ok"
            except Exception as error:
                state["redis"] = f"error: {type(error).__name__}"
        return state


def build_services(settings: Settings, clock: Clock | None = None) -> Services:
    clock = clock or SystemClock()
    namespace = settings.redis_namespace
    events: EventBus = (
        RedisEventBus(settings.redis_url, f"{namespace}:events")
        if settings.redis_url
        else LocalEventBus()
    )
    store = JobStore()
    jobs: InProcessQueue | ArqQueue = (
        ArqQueue(store, clock, settings.redis_url, f"{namespace}:queue")
        if settings.redis_url
        else InProcessQueue(store, clock, settings.job_concurrency)
    )
    outbox = OutboxRepo()
    secret_box = SecretBox(settings.resolve_secret_key())
    office_settings_repo = OfficeSettingsRepo()
    mail_files = LocalFileStore(settings.data_dir / "files")  # attachments read at send time
    mailer = OfficeAwareMailer(
        _mailer(settings, mail_files),
        OfficeSmtpLookup(office_settings_repo, secret_box),
        settings.smtp_timeout_seconds,
        files=mail_files,
    )
    notifications = NotificationService(NotificationRepo(), events, clock)
    email = EmailService(
        outbox, EmailTemplates(ASSETS / "email"), jobs, mailer, events, clock, notifications
    )
    office_settings = OfficeSettingsService(
        repo=office_settings_repo,
        files=LocalFileStore(settings.data_dir / "files"),
        smtp_tester=AiosmtplibTester(),
        secret_box=secret_box,
        audit=AuditLog(AuditRepo()),
        events=events,
        base_url=settings.effective_base_url,
    )
    email.use_logo_lookup(office_settings.email_logo_url)
    auth = AuthService(
        AuthRepositories(AccountRepo(), TokenRepo(), LoginAttemptRepo(), SessionRepo()),
        email,
        notifications,
        events,
        clock,
        settings.effective_base_url,
    )
    company_repo = CompanyRepo()
    companies = CompanyService(company_repo, AuditLog(AuditRepo()), events, clock)
    entry_repo = EntryRepo()
    entries = EntryService(entry_repo, company_repo, AuditLog(AuditRepo()), events, clock)
    approval = ApprovalService(
        entry_repo, ApprovalRuleRepo(), company_repo, jobs, AuditLog(AuditRepo()), events, clock
    )
    sync_batches = SyncBatchService(SyncBatchRepo(), approval, jobs, events, clock)
    offices = OfficeService(OfficeRepo(), outbox)
    channel_prefs = ChannelPreferenceService(
        NotificationPreferenceRepo(), company_repo, clock, AuditLog(AuditRepo())
    )
    dispatcher = Dispatcher(channel_prefs, notifications, email)
    notifier = EntryNotifier(entry_repo, company_repo, channel_prefs, dispatcher, offices.name_of)
    statement_pdfs = StatementPdfService(
        repo=StatementPdfRepo(),
        entries=entry_repo,
        companies=company_repo,
        office_name=offices.name_of,
        office_logo=office_settings.public_logo,
        renderer=StatementPdfRenderer(),
        files=LocalFileStore(settings.data_dir / "files"),
        jobs=jobs,
        events=events,
        clock=clock,
    )
    sms_settings, sms = _sms_services(settings, jobs, events, clock)
    dispatcher.use_sms(sms)
    functions = job_functions(email, notifier, sync_batches, statement_pdfs)
    functions.update(sms_job_functions(sms))
    messages = _message_service(
        settings, channel_prefs, email, notifications, sms, jobs, offices, events, clock
    )
    functions.update(message_job_functions(messages))
    runner = JobRunner(
        store, functions, clock, settings.job_max_tries, settings.job_retry_base_seconds, jobs.wake
    )
    if isinstance(jobs, InProcessQueue):
        jobs.bind(runner)
    client_users = ClientUserService(
        ClientUserRepo(), company_repo, auth, AuditLog(AuditRepo()), events
    )
    reminders = ReminderService(
        ReminderRepo(),
        company_repo,
        channel_prefs,
        dispatcher,
        offices.name_of,
        AuditLog(AuditRepo()),
        events,
        clock,
        settings.effective_base_url,
    )
    calendar = CalendarFeedService(
        CalendarFeedRepo(),
        AccountRepo(),
        PortalService(entries, company_repo, PaidMarkRepo(), AuditLog(AuditRepo()), events, clock),
        company_repo,
        clock,
        settings.resolve_secret_key(),
        settings.effective_base_url,
    )
    services = Services(
        settings=settings,
        clock=clock,
        events=events,
        jobs=jobs,
        runner=runner,
        email=email,
        notifications=notifications,
        auth=auth,
        audit=AuditLog(AuditRepo()),
        offices=offices,
        secret_box=secret_box,
        office_settings=office_settings,
        billing=BillingService(repo=BillingRepo(), clock=clock, fee=settings.billing_base_fee),
        audit_query=AuditQuery(repo=AuditRepo()),
        companies=companies,
        client_users=client_users,
        client_company=ClientCompanyService(
            company_repo, ClientUserRepo(), AuditLog(AuditRepo()), events
        ),
        staff=StaffService(StaffRepo(), AssignmentRepo(), auth, AuditLog(AuditRepo()), events),
        entries=entries,
        approval=approval,
        sync_tokens=SyncTokenService(SyncTokenRepo(), AuditLog(AuditRepo()), clock),
        sync_batches=sync_batches,
        sync_read=SyncReadService(SyncReadRepo(), entry_repo),
        portal=PortalService(
            entries, company_repo, PaidMarkRepo(), AuditLog(AuditRepo()), events, clock
        ),
        portal_directory=PortalDirectory(company_repo, office_settings_repo),
        reminders=reminders,
        calendar=calendar,
        statement_pdfs=statement_pdfs,
        channel_prefs=channel_prefs,
        dispatcher=dispatcher,
        sms_settings=sms_settings,
        sms=sms,
        messages=messages,
    )

    services.extra["mailer"] = mailer  # closed at shutdown (kept-open SMTP connections)

    async def purge_deleted_companies() -> None:
        await companies.purge_deleted()

    async def send_scheduled_approvals() -> None:
        await approval.run_scheduled()

    services.periodic += [
        Periodic("purge_deleted_companies", 3600, {"minute": 17}, purge_deleted_companies),
        # Rules name an hour of a day; checking every few minutes sends within that hour.
        Periodic(
            "send_scheduled_approvals",
            300,
            {"minute": set(range(0, 60, 5))},
            send_scheduled_approvals,
        ),
    ]

    async def send_payment_reminders() -> None:
        await reminders.run()

    # The service sends from 07:00 Warsaw time and claims every reminder before sending, so
    # checking often is safe and a slot missed while the server was down is caught up that day.
    services.periodic.append(
        Periodic("send_payment_reminders", 300, {"minute": {5, 35}}, send_payment_reminders)
    )
    return services


def job_functions(
    email: EmailService,
    notifier: EntryNotifier,
    batches: SyncBatchService,
    statement_pdfs: StatementPdfService,
) -> dict[str, JobFunction]:
    """Job name -> function(ctx, *ids). Thin: ids in, one service call."""

    async def deliver_email(context: Any, email_id: int) -> None:
        await email.deliver(email_id, last_try=context.last_try)

    async def notify_sent(context: Any, office_id: int, company_id: int, ids: list[int]) -> None:
        await notifier.notify_sent(office_id, company_id, ids)

    async def ingest_batch(context: Any, batch_pk: int) -> None:
        await batches.ingest(batch_pk)

    async def render_statement_pdf(context: Any, pdf_id: int) -> None:
        await statement_pdfs.render(pdf_id)

    return {
        DELIVER_EMAIL_JOB: deliver_email,
        NOTIFY_SENT_JOB: notify_sent,
        INGEST_JOB: ingest_batch,
        STATEMENT_PDF_JOB: render_statement_pdf,
    }


def _sms_services(
    settings: Settings, jobs: JobQueue, events: EventBus, clock: Clock
) -> tuple[SmsSettingsService, SmsService]:
    """The office SMS settings and the SMS outbox; the SMSAPI adapter is chosen here."""
    timeout = settings.sms_timeout_seconds

    def gateway(config: SmsGatewayConfig) -> SmsApiGateway:
        return SmsApiGateway(config.base_url, config.token, config.sender, timeout)

    sms_settings = SmsSettingsService(
        repo=SmsSettingsRepo(),
        secret_box=SecretBox(settings.resolve_secret_key(), TOKEN_PURPOSE),
        audit=AuditLog(AuditRepo()),
        events=events,
    )
    sms = SmsService(
        repo=SmsLogRepo(),
        settings=sms_settings,
        gateway_factory=gateway,
        jobs=jobs,
        events=events,
        clock=clock,
    )
    return sms_settings, sms


def sms_job_functions(sms: SmsService) -> dict[str, JobFunction]:
    async def deliver_sms(context: Any, sms_id: int) -> None:
        await sms.deliver(sms_id, last_try=context.last_try)

    return {DELIVER_SMS_JOB: deliver_sms}


def _message_service(
    settings: Settings,
    channel_prefs: ChannelPreferenceService,
    email: EmailService,
    notifications: NotificationService,
    sms: SmsService,
    jobs: JobQueue,
    offices: OfficeService,
    events: EventBus,
    clock: Clock,
) -> MessageService:
    """Office-client messages: the service and its delivery job's body."""
    repo = MessageRepo()
    delivery = MessageDelivery(
        repo, email, notifications, sms, offices.name_of, events, clock, settings.effective_base_url
    )
    return MessageService(
        repo=repo,
        resolver=channel_prefs,
        delivery=delivery,
        files=LocalFileStore(settings.data_dir / "files"),
        jobs=jobs,
        email_statuses=email,
        renderer=ConfirmationPdfRenderer(),
        office_name=offices.name_of,
        audit=AuditLog(AuditRepo()),
        events=events,
        clock=clock,
    )


def message_job_functions(messages: MessageService) -> dict[str, JobFunction]:
    async def deliver_message(context: Any, message_id: int) -> None:
        await messages.deliver(message_id)

    async def remind_message(context: Any, message_id: int, row_ids: list[int]) -> None:
        await messages.deliver_reminders(message_id, row_ids)

    return {DELIVER_MESSAGE_JOB: deliver_message, REMIND_MESSAGE_JOB: remind_message}


def _mailer(settings: Settings, files: LocalFileStore) -> Mailer:
    if settings.smtp_host:
        return SmtpMailer(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_security.value,
            settings.smtp_username,
            settings.smtp_password.get_secret_value(),
            settings.smtp_sender,
            settings.smtp_timeout_seconds,
            files=files,
        )
    return FileMailer(settings.data_dir / "emails", settings.smtp_sender, files)


async def start_services(services: Services, prepare_database: bool = True) -> None:
    """Open the database (applying migrations and demo data in the web process), then start
    events, jobs and, in embedded mode, the scheduler."""
    url = services.settings.effective_database_url
    services.settings.data_dir.mkdir(parents=True, exist_ok=True)
    if prepare_database:
        await db.migrate(url)
    await db.open_database(url)
    if prepare_database and services.settings.demo_data:
        await load_demo()
    await services.events.start()
    await services.jobs.start()
    if isinstance(services.jobs, InProcessQueue):
        scheduler = Scheduler(
            [(SWEEP_SECONDS, services.runner.sweep)]
            + [(p.every_seconds, p.function) for p in services.periodic]
        )
        services.extra["scheduler"] = scheduler
        await scheduler.start()


async def stop_services(services: Services) -> None:
    scheduler = services.extra.pop("scheduler", None)
    if scheduler is not None:
        await scheduler.stop()
    await services.jobs.stop()
    mailer = services.extra.pop("mailer", None)
    if mailer is not None:
        await mailer.close()
    await services.events.stop()
    await db.close_database()


async def load_demo() -> None:
    from persistence.demo import load_demo_data

    if await load_demo_data():
        print_demo_logins()


def print_demo_logins() -> None:
    from persistence.demo import DEMO_LOGINS, DEMO_PASSWORD

    lines = ["", "Biurko: dane demonstracyjne gotowe. Loginy (hasło: " + DEMO_PASSWORD + "):"]
    lines += [f"  {email:<28} {role}" for email, role in DEMO_LOGINS]
    print("\n".join(lines), flush=True)
