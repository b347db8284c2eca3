"""Checking what an administrator typed when inviting a staff member or choosing a role."""

from __future__ import annotations

import re

from domain.actors import StaffRole
from domain.errors import ValidationError
from domain.staff.texts import (
    EMAIL_INVALID,
    EMAIL_MISSING,
    FIRST_NAME_MISSING,
    FIRST_NAME_TOO_LONG,
    LAST_NAME_MISSING,
    LAST_NAME_TOO_LONG,
    ROLE_INVALID,
)

NAME_MAX = 100
EMAIL_MAX = 254
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_role(role: StaffRole | str) -> StaffRole:
    try:
        return StaffRole(role)
    except ValueError:
        raise ValidationError.single("role", ROLE_INVALID) from None


def validated_invitation(
    first_name: str, last_name: str, email: str, role: StaffRole | str
) -> tuple[str, str, str, StaffRole]:
    """Trimmed values, or a ValidationError naming every wrong field at once."""
    errors: dict[str, str] = {}
    first, last = (first_name or "").strip(), (last_name or "").strip()
    address = (email or "").strip().lower()
    if not first:
        errors["first_name"] = FIRST_NAME_MISSING
    elif len(first) > NAME_MAX:
        errors["first_name"] = FIRST_NAME_TOO_LONG
    if not last:
        errors["last_name"] = LAST_NAME_MISSING
    elif len(last) > NAME_MAX:
        errors["last_name"] = LAST_NAME_TOO_LONG
    if not address:
        errors["email"] = EMAIL_MISSING
    elif len(address) > EMAIL_MAX or not EMAIL_PATTERN.match(address):
        errors["email"] = EMAIL_INVALID
    parsed_role: StaffRole | None = None
    try:
        parsed_role = StaffRole(role)
    except ValueError:
        errors["role"] = ROLE_INVALID
    if errors or parsed_role is None:
        raise ValidationError(errors)
    return first, last, address, parsed_role
