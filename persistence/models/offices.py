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
    deleted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "companies"
        unique_together = (("office", "identifier_type", "identifier"),)
        indexes = (Index(fields=("office_id", "name")),)
