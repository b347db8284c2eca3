"""Encrypting stored secrets (an office's SMTP password, an SMS token) with a key derived from
the platform's secret key, so a database dump alone reveals none of them."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain.errors import DomainError


class SecretBox:
    def __init__(self, secret_key: str, purpose: str = "stored-secrets") -> None:
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=f"biurko:{purpose}".encode()
        ).derive(secret_key.encode("utf-8"))
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as error:
            raise DomainError("Nie można odczytać zapisanego hasła. Wpisz je ponownie.") from error
