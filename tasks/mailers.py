"""Mailers used by the delivery job: SMTP (aiosmtplib) and ``.eml`` files for the embedded demo.

SMTP failures are sorted into temporary ones (``Retryable``: connection, time-out, 4xx) and
permanent ones (``DomainError``: 5xx refusals), each with a plain Polish message.
"""

from __future__ import annotations

import asyncio
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import aiosmtplib

from domain.errors import DomainError, Retryable
from domain.mail import OutgoingEmail


def build_message(email: OutgoingEmail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(idstring=f"biurko-{email.id}")
    message.set_content(email.text)
    if email.html:
        message.add_alternative(email.html, subtype="html")
    return message


class FileMailer:
    """Writes each message as an .eml file; the office admin reads them on a page."""

    def __init__(self, directory: Path, sender: str) -> None:
        self._directory = directory
        self._sender = sender

    async def send(self, email: OutgoingEmail) -> str:
        message = build_message(email, self._sender)
        path = self._directory / f"{email.id:06d}.eml"
        await asyncio.to_thread(self._write, path, message.as_bytes())
        return str(path)

    def _write(self, path: Path, data: bytes) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        security: str,
        username: str,
        password: str,
        sender: str,
        timeout: float,
    ) -> None:
        self._host = host
        self._port = port
        self._security = security
        self._username = username
        self._password = password
        self._sender = sender
        self._timeout = timeout

    async def send(self, email: OutgoingEmail) -> None:
        message = build_message(email, self._sender)
        try:
            await aiosmtplib.send(
                message,
                hostname=self._host,
                port=self._port,
                timeout=self._timeout,
                use_tls=self._security == "ssl",
                start_tls=self._security == "starttls",
                username=self._username or None,
                password=self._password or None,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            raise classify_response(
                error.recipients[0].code, error.recipients[0].message
            ) from error
        except aiosmtplib.SMTPResponseException as error:
            raise classify_response(error.code, error.message) from error
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError, TimeoutError) as error:
            raise Retryable(describe_connection_error(error)) from error
        return None


def classify_response(code: int, text: str) -> DomainError:
    if 400 <= code < 500:
        return Retryable(f"Serwer poczty chwilowo odmówił ({code}): {text}")
    if code == 535:
        return Retryable(f"Serwer poczty odrzucił login lub hasło ({code}).")
    return DomainError(f"Serwer poczty odrzucił wiadomość ({code}): {text}")


def describe_connection_error(error: BaseException) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return "Certyfikat TLS serwera poczty jest nieprawidłowy."
    if isinstance(error, aiosmtplib.SMTPTimeoutError | TimeoutError):
        return "Serwer poczty nie odpowiedział na czas."
    if isinstance(error, aiosmtplib.SMTPConnectError | ConnectionRefusedError | OSError):
        return f"Nie można połączyć się z serwerem poczty: {error}"
    return f"Błąd wysyłki e-maila: {error}"
