"""Messages between an office and its clients, their read receipts, notification preferences,
failing e-mail addresses and the SMS log.

Receipts are append-only in spirit: ``read_at`` is set once (a conditional update on NULL) and
never changed, so the first read is the proof an office can show.
"""

from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class Message(Model):
    """One message: a broadcast from the office, or a post in a thread with one company.

    ``thread_id`` is the id of the thread's first message (None on the first message itself).
    """

    id = fields.IntField(primary_key=True)
    office_id = fields.IntField()
    thread_id = fields.IntField(null=True)
    company_id = fields.IntField(null=True)  # threads and replies: the one company concerned
    kind = fields.CharField(max_length=12)  # "broadcast" | "thread" | "reply"
    author_kind = fields.CharField(max_length=10)  # "staff" | "client"
    author_id = fields.IntField()
    author_name = fields.CharField(max_length=200, default="")
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    audience: Any = fields.JSONField(default=dict)  # how the recipients were chosen
    status = fields.CharField(max_length=12, default="sending")  # "sending" | "sent" | "failed"
    recipients_total = fields.IntField(default=0)
    recipients_done = fields.IntField(default=0)
    idempotency_key = fields.CharField(max_length=100, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "messages"
        indexes = (
            Index(fields=("office_id", "created_at")),
            Index(fields=("thread_id",)),
            Index(fields=("company_id", "created_at")),
        )


class MessageAttachment(Model):
    id = fields.IntField(primary_key=True)
    message: fields.ForeignKeyRelation[Message] = fields.ForeignKeyField(
        "models.Message", related_name="attachments", on_delete=fields.CASCADE
    )
    filename = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    file_key = fields.CharField(max_length=300)

    class Meta:
        table = "message_attachments"


class MessageRecipient(Model):
    """One person of one company who gets a message, with the channels used and the receipt.

    Staff recipients of client messages are rows too (``user_kind`` "staff", company set).
    """

    id = fields.IntField(primary_key=True)
    message: fields.ForeignKeyRelation[Message] = fields.ForeignKeyField(
        "models.Message", related_name="recipients", on_delete=fields.CASCADE
    )
    office_id = fields.IntField()
    company_id = fields.IntField()
    user_kind = fields.CharField(max_length=10, default="client")
    user_id = fields.IntField()
    channels = fields.CharField(max_length=30, default="")  # comma-joined: portal,email,sms
    email_id = fields.IntField(null=True)  # the outbox e-mail, when e-mailed
    sms_id = fields.IntField(null=True)  # the SMS log row, when texted
    read_at = fields.DatetimeField(null=True)  # first read in the portal, never changed
    reminded_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "message_recipients"
        unique_together = (("message", "company_id", "user_kind", "user_id"),)
        indexes = (
            Index(fields=("user_kind", "user_id", "read_at")),
            Index(fields=("office_id", "company_id")),
        )


class NotificationPreference(Model):
    """Whether an event type goes out on a channel.

    Scope by zeros rather than NULLs so the unique constraint holds on every database:
    office default (company 0, user 0), company override (company set, user 0), a client
    user's own choice (user set, company 0).
    """

    id = fields.IntField(primary_key=True)
    office_id = fields.IntField()
    company_id = fields.IntField(default=0)
    client_user_id = fields.IntField(default=0)
    event_type = fields.CharField(max_length=30)
    channel = fields.CharField(max_length=10)
    enabled = fields.BooleanField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "notification_preferences"
        unique_together = (("office_id", "company_id", "client_user_id", "event_type", "channel"),)


class FailingAddress(Model):
    """An e-mail address a server refused for good (5xx), shown in red until fixed."""

    id = fields.IntField(primary_key=True)
    office_id = fields.IntField()
    address = fields.CharField(max_length=254)
    error = fields.TextField(default="")
    email_id = fields.IntField(null=True)
    failed_at = fields.DatetimeField()

    class Meta:
        table = "failing_addresses"
        unique_together = (("office_id", "address"),)


class SmsLog(Model):
    id = fields.IntField(primary_key=True)
    office_id = fields.IntField()
    company_id = fields.IntField(null=True)
    client_user_id = fields.IntField(null=True)
    event_type = fields.CharField(max_length=30, default="")
    to_number = fields.CharField(max_length=16)
    body = fields.TextField()
    encoding = fields.CharField(max_length=6, default="GSM-7")
    parts = fields.IntField(default=1)
    status = fields.CharField(max_length=12, default="queued")  # queued | sent | failed
    gateway_id = fields.CharField(max_length=100, default="")
    points = fields.DecimalField(max_digits=10, decimal_places=4, null=True)
    tries = fields.IntField(default=0)
    error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sms_log"
        indexes = (Index(fields=("office_id", "created_at")),)
