"""Accounting entries (ZUS, taxes, statements), sync tokens and batches, approval rules."""

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from persistence.models.offices import Company, Office


# One row per (company, data type, natural key). ``values_json`` is what the office holds now,
# ``sent_json`` what the client was last sent (canonical JSON, see domain.entries.model);
# ``waiting`` is kept equal to "values differ from what was sent" so counts are one index scan.
class Entry(Model):
    id = fields.IntField(primary_key=True)
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="entries", on_delete=fields.CASCADE
    )
    office_id = fields.IntField()
    data_type = fields.CharField(max_length=12)
    natural_key = fields.CharField(max_length=300)
    period = fields.CharField(max_length=7)
    year = fields.IntField()
    values_json = fields.TextField()
    sent_json = fields.TextField(null=True)
    waiting = fields.BooleanField(default=True)
    source = fields.CharField(max_length=10)
    batch_ref = fields.CharField(max_length=64, null=True)
    sent_at = fields.DatetimeField(null=True)
    sent_by_id = fields.IntField(null=True)
    sent_by_name = fields.CharField(max_length=200, default="")
    # The client's "Oznacz jako zapłacone": the day paid, when and by whom it was marked.
    paid_on = fields.DateField(null=True)
    paid_marked_at = fields.DatetimeField(null=True)
    paid_by_name = fields.CharField(max_length=200, default="", db_default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "entries"
        unique_together = (("company", "data_type", "natural_key"),)
        indexes = (
            Index(fields=("company_id", "data_type", "year")),
            Index(fields=("office_id", "waiting")),
        )


# A bearer token of the sync API; only its SHA-256 is stored, the token is shown once.
class SyncToken(Model):
    id = fields.IntField(primary_key=True)
    office: fields.ForeignKeyRelation[Office] = fields.ForeignKeyField(
        "models.Office", related_name="sync_tokens", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    token_hash = fields.CharField(max_length=64, unique=True)
    hint = fields.CharField(max_length=12)
    created_by_name = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sync_tokens"


# A batch pushed by an agent: stored (gzip JSON) before it is processed by a job.
class SyncBatch(Model):
    id = fields.IntField(primary_key=True)
    office: fields.ForeignKeyRelation[Office] = fields.ForeignKeyField(
        "models.Office", related_name="sync_batches", on_delete=fields.CASCADE
    )
    batch_id = fields.CharField(max_length=64)
    content_hash = fields.CharField(max_length=64)
    token_id = fields.IntField(null=True)
    program = fields.CharField(max_length=100, default="")
    agent = fields.CharField(max_length=100, default="")
    records = fields.IntField(default=0)
    payload = fields.BinaryField()
    status = fields.CharField(max_length=12, default="queued")
    summary = fields.TextField(default="{}")
    errors = fields.TextField(default="[]")
    received_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sync_batches"
        unique_together = (("office", "batch_id"),)


# Per office and data type: manual, on every sync, or on a day of the month at an hour.
class ApprovalRuleRow(Model):
    id = fields.IntField(primary_key=True)
    office: fields.ForeignKeyRelation[Office] = fields.ForeignKeyField(
        "models.Office", related_name="approval_rules", on_delete=fields.CASCADE
    )
    data_type = fields.CharField(max_length=12)
    mode = fields.CharField(max_length=12, default="manual")
    day_of_month = fields.IntField(default=1)
    hour = fields.IntField(default=8)
    last_run_at = fields.DatetimeField(null=True)

    class Meta:
        table = "approval_rules"
        unique_together = (("office", "data_type"),)


# One reminder e-mail per entry, client user and day: the unique key makes the job idempotent.
class Reminder(Model):
    id = fields.IntField(primary_key=True)
    entry: fields.ForeignKeyRelation[Entry] = fields.ForeignKeyField(
        "models.Entry", related_name="reminders", on_delete=fields.CASCADE
    )
    company_id = fields.IntField()
    client_user_id = fields.IntField()
    day = fields.DateField()
    kind = fields.CharField(max_length=10)  # "before" (N days ahead) or "due" (the due day)
    # The channels it went out on, comma-joined (portal,email,sms); "email" before channels.
    channels = fields.CharField(max_length=30, default="email")
    sent_at = fields.DatetimeField()

    class Meta:
        table = "reminders"
        unique_together = (("entry", "client_user_id", "day"),)
        indexes = (Index(fields=("company_id", "sent_at")),)


# A client user's secret iCalendar feed URL (only the token's hash is stored).
class CalendarFeed(Model):
    id = fields.IntField(primary_key=True)
    client_user_id = fields.IntField()
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "calendar_feeds"
        indexes = (Index(fields=("client_user_id", "revoked_at")),)


# A rendered statement PDF, valid while the data it was made from (``data_hash``) is unchanged.
class StatementPdf(Model):
    id = fields.IntField(primary_key=True)
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="statement_pdfs", on_delete=fields.CASCADE
    )
    scope = fields.CharField(max_length=7)  # "2026" (the year) or "2026-10" (one month)
    data_hash = fields.CharField(max_length=64)
    file_key = fields.CharField(max_length=300, default="")
    status = fields.CharField(max_length=12, default="pending")
    created_at = fields.DatetimeField()

    class Meta:
        table = "statement_pdfs"
        unique_together = (("company", "scope", "data_hash"),)
