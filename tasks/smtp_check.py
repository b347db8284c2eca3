"""The "Wyślij testowy e-mail" button: one message sent at once through the server an office
administrator typed, with every failure told in plain Polish (never the password, never an
English library message)."""

from __future__ import annotations

import socket
import ssl

import aiosmtplib

from domain.errors import DomainError
from domain.mail import OutgoingEmail
from domain.smtp import SmtpSecurity, SmtpServerConfig, is_gmail
from tasks.mailers import build_message

TEST_TIMEOUT_SECONDS = 15.0

WRONG_LOGIN = "Serwer poczty odrzucił login lub hasło. Sprawdź je i spróbuj ponownie."
GMAIL_HINT = (
    "Gmail odrzucił logowanie: zamiast zwykłego hasła potrzebne jest hasło aplikacji. "
    "Utwórz je na myaccount.google.com → Bezpieczeństwo → Hasła do aplikacji (wymaga "
    "weryfikacji dwuetapowej) i wpisz je w polu Hasło."
)
REFUSED = (
    "Serwer nie przyjmuje połączeń na tym porcie (połączenie odrzucone). "
    "Sprawdź adres serwera i port."
)
UNKNOWN_HOST = "Nie znaleziono serwera o tym adresie. Sprawdź adres serwera SMTP."
BAD_CERTIFICATE = (
    "Certyfikat TLS serwera jest nieprawidłowy (np. samopodpisany albo wystawiony dla innej "
    "nazwy). Wpisz adres serwera dokładnie taki, jak w jego certyfikacie."
)
TLS_FAILED = (
    "Nie udało się nawiązać szyfrowanego połączenia (TLS). Sprawdź zabezpieczenie i port: "
    "STARTTLS zwykle na porcie 587, SSL/TLS na porcie 465."
)
NO_STARTTLS = (
    "Serwer nie obsługuje STARTTLS na tym porcie. Wybierz SSL/TLS (zwykle port 465) "
    "albo sprawdź port."
)
TIMEOUT = (
    "Serwer poczty nie odpowiedział na czas. Sprawdź adres, port i zabezpieczenie "
    "(przy SSL/TLS zwykle port 465, przy STARTTLS 587)."
)
DISCONNECTED = "Serwer poczty zerwał połączenie. Sprawdź zabezpieczenie i port."
AUTH_NOT_SUPPORTED = (
    "Serwer nie pozwala zalogować się w ten sposób. Włącz STARTTLS albo SSL/TLS, "
    "albo zostaw login pusty, jeśli serwer go nie wymaga."
)
SENDER_REFUSED = (
    "Serwer odrzucił adres nadawcy. Wpisz adres, z którego Twoje konto może wysyłać pocztę."
)
RECIPIENT_REFUSED = "Serwer odrzucił adres odbiorcy testowej wiadomości."
REFUSED_MESSAGE = "Serwer poczty odrzucił wiadomość. Sprawdź ustawienia konta pocztowego."
CANNOT_CONNECT = "Nie można połączyć się z serwerem poczty. Sprawdź adres i port."
UNKNOWN_FAILURE = "Nie udało się wysłać testowej wiadomości. Sprawdź ustawienia serwera."


class AiosmtplibTester:
    """``SmtpTester`` port: sends straight through aiosmtplib, no outbox and no retries."""

    def __init__(self, timeout: float = TEST_TIMEOUT_SECONDS) -> None:
        self._timeout = timeout

    async def send_test(self, server: SmtpServerConfig, to: str, subject: str, text: str) -> None:
        message = build_message(OutgoingEmail(0, to, subject, text, ""), server.sender)
        try:
            await aiosmtplib.send(
                message,
                hostname=server.host,
                port=server.port,
                timeout=self._timeout,
                use_tls=server.security is SmtpSecurity.SSL,
                # Explicit False: the default would upgrade whenever the server offers it.
                start_tls=server.security is SmtpSecurity.STARTTLS,
                username=server.username or None,
                password=server.password or None,
            )
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError, TimeoutError) as error:
            raise DomainError(describe_smtp_failure(error, server.host)) from None


def describe_smtp_failure(error: BaseException, host: str = "") -> str:
    """What went wrong, for a person: wrong password, refused, TLS, time-out and the rest."""
    causes = _chain(error)
    if _gmail_wants_app_password(causes, host):
        return GMAIL_HINT
    if any(isinstance(e, aiosmtplib.SMTPAuthenticationError) for e in causes):
        return WRONG_LOGIN
    if any(isinstance(e, ssl.SSLCertVerificationError) for e in causes):
        return BAD_CERTIFICATE
    if any(isinstance(e, ssl.SSLError) for e in causes):
        return TLS_FAILED
    if any(isinstance(e, ConnectionRefusedError) for e in causes):
        return REFUSED
    if any(isinstance(e, socket.gaierror) for e in causes):
        return UNKNOWN_HOST
    if any(isinstance(e, aiosmtplib.SMTPTimeoutError | TimeoutError) for e in causes):
        return TIMEOUT
    return _by_kind(error)


def _by_kind(error: BaseException) -> str:
    if isinstance(error, aiosmtplib.SMTPException) and "STARTTLS" in str(error):
        return NO_STARTTLS
    if isinstance(error, aiosmtplib.SMTPNotSupported):
        return AUTH_NOT_SUPPORTED
    if isinstance(error, aiosmtplib.SMTPSenderRefused):
        return SENDER_REFUSED
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused | aiosmtplib.SMTPRecipientRefused):
        return RECIPIENT_REFUSED
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return WRONG_LOGIN if error.code in {530, 534, 535} else REFUSED_MESSAGE
    if isinstance(error, aiosmtplib.SMTPServerDisconnected | ConnectionError):
        return (
            DISCONNECTED if not isinstance(error, aiosmtplib.SMTPConnectError) else CANNOT_CONNECT
        )
    if isinstance(error, OSError):
        return CANNOT_CONNECT
    return UNKNOWN_FAILURE


def _gmail_wants_app_password(causes: list[BaseException], host: str) -> bool:
    """Gmail answers 534 "Application-specific password required" or 535 "Username and
    Password not accepted" when an account's normal password is used."""
    for cause in causes:
        if not isinstance(cause, aiosmtplib.SMTPResponseException):
            continue
        if "application-specific password" in cause.message.lower():
            return True
        if cause.code in {534, 535} and is_gmail(host):
            return True
    return False


def _chain(error: BaseException) -> list[BaseException]:
    """The error and its causes (aiosmtplib wraps the socket's error in its own)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain
