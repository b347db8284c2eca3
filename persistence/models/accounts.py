"""People who log in (office staff, client users), their sessions, tokens and login attempts."""

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from persistence.models.offices import Company, Office


class StaffUser(Model):
    id = fields.IntField(primary_key=True)
    office: fields.ForeignKeyRelation[Office] = fields.ForeignKeyField(
        "models.Office", related_name="staff", on_delete=fields.RESTRICT
    )
    email = fields.CharField(max_length=254, unique=True)
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100)
    role = fields.CharField(max_length=20)
    password_hash = fields.CharField(max_length=200, null=True)
    active = fields.BooleanField(default=True)
    activated_at = fields.DatetimeField(null=True)
    language = fields.CharField(max_length=5, default="pl")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff_users"


# One person, one login, possibly in companies of several offices.
class ClientUser(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    first_name = fields.CharField(max_length=100)
    last_name = fields.CharField(max_length=100)
    phone = fields.CharField(max_length=16, default="")
    sms_consent_at = fields.DatetimeField(null=True)  # SMS only with the user's consent
    password_hash = fields.CharField(max_length=200, null=True)
    active = fields.BooleanField(default=True)
    activated_at = fields.DatetimeField(null=True)
    language = fields.CharField(max_length=5, default="pl")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "client_users"


class Membership(Model):
    id = fields.IntField(primary_key=True)
    client_user: fields.ForeignKeyRelation[ClientUser] = fields.ForeignKeyField(
        "models.ClientUser", related_name="memberships", on_delete=fields.CASCADE
    )
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="memberships", on_delete=fields.CASCADE
    )
    role = fields.CharField(max_length=20)
    can_edit_company = fields.BooleanField(default=False)
    use_email = fields.BooleanField(default=True)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "memberships"
        unique_together = (("client_user", "company"),)


class OneTimeToken(Model):
    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    purpose = fields.CharField(max_length=30)
    user_kind = fields.CharField(max_length=10)
    user_id = fields.IntField()
    payload = fields.CharField(max_length=500, default="")
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "one_time_tokens"
        indexes = (Index(fields=("user_kind", "user_id", "purpose")),)


# A server-side session: the browser keeps only its random id (hashed here).
class UserSession(Model):
    id = fields.IntField(primary_key=True)
    sid_hash = fields.CharField(max_length=64, unique=True)
    user_kind = fields.CharField(max_length=10)
    user_id = fields.IntField()
    company_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "user_sessions"
        indexes = (Index(fields=("user_kind", "user_id")),)


class LoginAttempt(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254)
    ip = fields.CharField(max_length=64)
    success = fields.BooleanField()
    at = fields.DatetimeField()

    class Meta:
        table = "login_attempts"
        indexes = (Index(fields=("email", "at")), Index(fields=("ip", "at")))


# An employee assigned to a company (matters when the office restricts employees).
class StaffAssignment(Model):
    id = fields.IntField(primary_key=True)
    staff_user: fields.ForeignKeyRelation[StaffUser] = fields.ForeignKeyField(
        "models.StaffUser", related_name="assignments", on_delete=fields.CASCADE
    )
    company: fields.ForeignKeyRelation[Company] = fields.ForeignKeyField(
        "models.Company", related_name="assignments", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff_assignments"
        unique_together = (("staff_user", "company"),)
