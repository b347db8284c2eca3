"""The machinery shared by the number rules of ``domain.identifiers``: one Polish message per
kind of mistake, python-stdnum's exceptions turned into ``ValidationError``, and checks that
only ASCII digits are accepted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from domain.errors import ValidationError

_ASCII_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class NumberMessages:
    """Polish messages for one kind of number, one per kind of mistake."""

    empty: str
    format: str
    length: str
    checksum: str
    component: str


def is_ascii_digits(value: str) -> bool:
    # str.isdigit() also accepts superscripts and other scripts' digits.
    return _ASCII_DIGITS.fullmatch(value) is not None


def validate_with_stdnum(
    validate: Callable[[str], str], value: str, field: str, messages: NumberMessages
) -> str:
    """Run a stdnum validator and turn its exception into a Polish ``ValidationError``."""
    if not value.strip():
        raise ValidationError.single(field, messages.empty)
    try:
        return validate(value)
    except InvalidLength:
        message = messages.length
    except InvalidChecksum:
        message = messages.checksum
    except InvalidComponent:
        message = messages.component
    except StdnumError:
        # InvalidFormat, and whatever stdnum may add later: the characters are wrong.
        message = messages.format
    raise ValidationError.single(field, message)


def reject_all_zeros(number: str, field: str, message: str) -> str:
    # The checksum arithmetic accepts all zeros, but no such number is ever issued.
    if set(number) == {"0"}:
        raise ValidationError.single(field, message)
    return number
