"""Mailers used by the delivery job: SMTP (aiosmtplib) and ``.eml`` files for the embedded demo.

SMTP failures are sorted into temporary ones (``Retryable``: connection, time-out, 4xx), a
permanent refusal of the recipient (``EmailRefused``: 5xx to RCPT or DATA, the message bounced)
and other permanent ones (``DomainError``), each with a plain Polish message. Attachments are
read from the file store at send time.
"""

from __future__ import annotations

import asyncio
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import aiosmtplib

from domain.errors import DomainError, Retryable
from domain.mail import EmailRefused, OutgoingEmail
from domain.ports import FileStore
from domain.smtp import SmtpSecurity, SmtpServerConfig
from tasks.smtp_pool import SmtpConnections


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


async def build_with_attachments(
    email: OutgoingEmail, sender: str, files: FileStore | None
) -> EmailMessage:
    """The message with its attachments' bytes; a missing file is a permanent failure."""
    message = build_message(email, sender)
    for attachment in email.attachments:
        data = None if files is None else await files.read(attachment.file_key)
        if data is None:
            raise DomainError(f"Nie znaleziono pliku załącznika {attachment.filename}.")
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            data,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=attachment.filename,
        )
    return message


class FileMailer:
    """Writes each message as an .eml file; the office admin reads them on a page."""

    def __init__(self, directory: Path, sender: str, files: FileStore | None = None) -> None:
        self._directory = directory
        self._sender = sender
        self._files = files

    async def send(self, email: OutgoingEmail) -> str:
        message = await build_with_attachments(email, self._sender, self._files)
        path = self._directory / f"{email.id:06d}.eml"
        await asyncio.to_thread(self._write, path, message.as_bytes())
        return str(path)

    def _write(self, path: Path, data: bytes) -> None:
        self._directory.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


class SmtpMailer:
    """Sends over a kept-open connection per server (see ``SmtpConnections``)."""

    def __init__(
        self,
        host: str,
        port: int,
        security: str,
        username: str,
        password: str,
        sender: str,
        timeout: float,
        files: FileStore | None = None,
        connections: SmtpConnections | None = None,
    ) -> None:
        self._server = SmtpServerConfig(
            host, port, SmtpSecurity(security), username, password, sender
        )
        self._files = files
        self._connections = connections or SmtpConnections(timeout)

    @property
    def connections(self) -> SmtpConnections:
        return self._connections

    async def send(self, email: OutgoingEmail) -> None:
        message = await build_with_attachments(email, self._server.sender, self._files)
        try:
            await self._connections.send(self._server, message)
        except aiosmtplib.SMTPRecipientsRefused as error:
            first = error.recipients[0]
            raise classify_response(first.code, first.message, recipient=True) from error
        except aiosmtplib.SMTPDataError as error:
            raise classify_response(error.code, error.message, recipient=True) from error
        except aiosmtplib.SMTPResponseException as error:
            raise classify_response(error.code, error.message) from error
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError, TimeoutError) as error:
            raise Retryable(describe_connection_error(error)) from error
        return None


def classify_response(code: int, text: str, recipient: bool = False) -> DomainError:
    if 400 <= code < 500:
        return Retryable(f"Serwer poczty chwilowo odmówił ({code}): {text}")
    if code == 535:
        return Retryable(f"Serwer poczty odrzucił login lub hasło ({code}).")
    if recipient and 500 <= code < 600:
        return EmailRefused(code, f"Serwer poczty odrzucił wiadomość ({code}): {text}")
    return DomainError(f"Serwer poczty odrzucił wiadomość ({code}): {text}")


def describe_connection_error(error: BaseException) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return "Certyfikat TLS serwera poczty jest nieprawidłowy."
    if isinstance(error, aiosmtplib.SMTPTimeoutError | TimeoutError):
        return "Serwer poczty nie odpowiedział na czas."
    if isinstance(error, aiosmtplib.SMTPConnectError | ConnectionRefusedError | OSError):
        return f"Nie można połączyć się z serwerem poczty: {error}"
    return f"Błąd wysyłki e-maila: {error}"
