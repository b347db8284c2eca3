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
from persistence.models.entries import ApprovalRuleRow, Entry, SyncBatch, SyncToken
from persistence.models.infra import AuditEvent, Job, Notification, OutboxEmail
from persistence.models.offices import Company, CompanyBankAccount, CompanyStatusInterval, Office

__all__ = [
    "ApprovalRuleRow",
    "AuditEvent",
    "ClientUser",
    "Company",
    "CompanyBankAccount",
    "CompanyStatusInterval",
    "Entry",
    "Job",
    "LoginAttempt",
    "Membership",
    "Notification",
    "Office",
    "OneTimeToken",
    "OutboxEmail",
    "StaffAssignment",
    "StaffUser",
    "SyncBatch",
    "SyncToken",
    "UserSession",
]
