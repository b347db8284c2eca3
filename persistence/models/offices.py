"""Offices (the tenants) and their client companies."""

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model


class Office(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    nip = fields.CharField(max_length=10, null=True, unique=True)
    email = fields.CharField(max_length=254, default="")
    phone = fields.CharField(max_length=20, default="")
    address = fields.CharField(max_length=300, default="")
    website = fields.CharField(max_length=200, default="")
    restrict_employees = fields.BooleanField(default=False)
    logo_path = fields.CharField(max_length=300, default="", db_default="")
    # E-mail sending: the platform's server, or the office's own SMTP (password encrypted).
    smtp_mode = fields.CharField(max_length=10, default="platform", db_default="platform")
    smtp_host = fields.CharField(max_length=200, default="", db_default="")
    smtp_port = fields.IntField(default=587, db_default=587)
    smtp_security = fields.CharField(max_length=10, default="starttls", db_default="starttls")
    smtp_username = fields.CharField(max_length=200, default="", db_default="")
    smtp_password_encrypted = fields.TextField(default="", db_default="")
    smtp_sender = fields.CharField(max_length=254, default="", db_default="")
    # Payment reminders go out this many days before a due date (and on the day itself).
    reminder_days = fields.IntField(default=3, db_default=3)
    # Messages: remind companies that have not read a message after this many days.
    message_reminder_days = fields.IntField(default=3, db_default=3)
    # SMS gateway (SMSAPI-compatible); the token is encrypted like the SMTP password.
    sms_enabled = fields.BooleanField(default=False, db_default=False)
    sms_base_url = fields.CharField(
        max_length=200, default="https://api.smsapi.pl/", db_default="https://api.smsapi.pl/"
    )
    sms_token_encrypted = fields.TextField(default="", db_default="")
    sms_sender = fields.CharField(max_length=11, default="", db_default="")
    sms_transliterate = fields.BooleanField(default=True, db_default=True)
    sms_points_per_part = fields.DecimalField(
        max_digits=8, decimal_places=4, default="0.1600", db_default="0.1600"
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "offices"


class Company(Model):
    id = fields.IntField(primary_key=True)
    office: fields.ForeignKeyRelation[Office] = fields.ForeignKeyField(
        "models.Office", related_name="companies", on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=200)
    prefix = fields.CharField(max_length=20, default="")
    identifier_type = fields.CharField(max_length=10, default="nip")
    identifier = fields.CharField(max_length=20)
    active = fields.BooleanField(default=True)
    regon = fields.CharField(max_length=14, default="", db_default="")
    address = fields.CharField(max_length=300, default="", db_default="")
    email = fields.CharField(max_length=254, default="", db_default="")
    phone = fields.CharField(max_length=16, default="", db_default="")
    tax_form = fields.CharField(max_length=20, default="skala", db_default="skala")
    vat_period = fields.CharField(max_length=20, default="monthly", db_default="monthly")
    zus_payer = fields.IntField(default=20, db_default=20)
    zus_account = fields.CharField(max_length=26, default="", db_default="")
    invoice_module = fields.BooleanField(default=False, db_default=False)
    internal_note = fields.TextField(default="", db_default="")
    # The sync agent's own id of the company (records may refer to it instead of the NIP).
    external_id = fields.CharField(max_length=100, default="", db_default="")
    deleted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "companies"
        unique_together = (("office", "identifier_type", "identifier"),)
        indexes = (Index(fields=("office_id", "name")),)


class CompanyBankAccount(Model):
    id = fields.IntField(primary_key=True)
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="bank_accounts", on_delete=fields.CASCADE
    )
    number = fields.CharField(max_length=34)
    label = fields.CharField(max_length=100, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "company_bank_accounts"
        unique_together = (("company", "number"),)


# One row per period in which the company was active; an open interval has no end.
class CompanyStatusInterval(Model):
    id = fields.IntField(primary_key=True)
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="status_intervals", on_delete=fields.CASCADE
    )
    started_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = "company_status_intervals"
        indexes = (Index(fields=("company_id", "started_at")),)
