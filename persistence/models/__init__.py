"""Tortoise models, one module per area; all registered under the app label ``models``."""

from persistence.models.accounts import (
    ClientUser,
    LoginAttempt,
    Membership,
    OneTimeToken,
    StaffAssignment,
    StaffUser,
    UserSession,
)
from persistence.models.entries import (
    ApprovalRuleRow,
    CalendarFeed,
    Entry,
    Reminder,
    StatementPdf,
    SyncBatch,
    SyncToken,
)
from persistence.models.infra import AuditEvent, Job, Notification, OutboxEmail
from persistence.models.messages import (
    FailingAddress,
    Message,
    MessageAttachment,
    MessageRecipient,
    NotificationPreference,
    SmsLog,
)
from persistence.models.offices import Company, CompanyBankAccount, CompanyStatusInterval, Office

__all__ = [
    "ApprovalRuleRow",
    "AuditEvent",
    "CalendarFeed",
    "ClientUser",
    "Company",
    "CompanyBankAccount",
    "CompanyStatusInterval",
    "Entry",
    "FailingAddress",
    "Job",
    "LoginAttempt",
    "Membership",
    "Message",
    "MessageAttachment",
    "MessageRecipient",
    "Notification",
    "NotificationPreference",
    "Office",
    "OneTimeToken",
    "OutboxEmail",
    "Reminder",
    "SmsLog",
    "StaffAssignment",
    "StaffUser",
    "StatementPdf",
    "SyncBatch",
    "SyncToken",
    "UserSession",
]
