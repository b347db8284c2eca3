"""Plumbing tables: durable jobs, the e-mail outbox, in-app notifications and the audit log."""

from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


# The truth about background work; a queue (arq or in-process) only wakes the runner.
class Job(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    args: Any = fields.JSONField(default=list)
    key = fields.CharField(max_length=200, null=True, unique=True)
    status = fields.CharField(max_length=20, default="pending")
    tries = fields.IntField(default=0)
    run_after = fields.DatetimeField()
    last_error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "jobs"
        indexes = (Index(fields=("status", "run_after")),)


class OutboxEmail(Model):
    id = fields.IntField(primary_key=True)
    office_id = fields.IntField(null=True)
    to_address = fields.CharField(max_length=254)
    subject = fields.CharField(max_length=300)
    text_body = fields.TextField()
    html_body = fields.TextField(default="")
    status = fields.CharField(max_length=20, default="pending")
    tries = fields.IntField(default=0)
    last_error = fields.TextField(default="")
    template = fields.CharField(max_length=100, default="")
    eml_path = fields.CharField(max_length=500, default="")
    # [{"filename", "content_type", "file_key"}]: attachments read from the file store at send
    attachments: Any = fields.JSONField(default=list, db_default="[]")
    smtp_code = fields.IntField(null=True)  # the server's answer when it refused
    bounced_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_emails"
        indexes = (Index(fields=("office_id", "created_at")),)


class Notification(Model):
    id = fields.IntField(primary_key=True)
    office_id = fields.IntField(null=True)
    recipient_kind = fields.CharField(max_length=10)
    recipient_id = fields.IntField()
    title = fields.CharField(max_length=300)
    body = fields.TextField(default="")
    link = fields.CharField(max_length=300, default="")
    event_type = fields.CharField(max_length=30, default="", db_default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notifications"
        indexes = (Index(fields=("recipient_kind", "recipient_id", "read_at")),)


# Append-only: no code path updates or deletes a row.
class AuditEvent(Model):
    id = fields.IntField(primary_key=True)
    office_id = fields.IntField(null=True)
    actor_kind = fields.CharField(max_length=10)
    actor_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=200, default="")
    kind = fields.CharField(max_length=50)
    company_id = fields.IntField(null=True)
    summary = fields.CharField(max_length=500, default="")
    details: Any = fields.JSONField(default=dict)
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "audit_events"
        indexes = (Index(fields=("office_id", "at")),)
