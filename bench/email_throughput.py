"""Benchmark: e-mail throughput to a local aiosmtpd server, one kept-open connection against a
new connection per e-mail.

    .venv/bin/python -m bench.email_throughput [--count 300]

The server (aiosmtpd, in its own thread) speaks STARTTLS with a throw-away self-signed
certificate and demands a login, like a real provider, so the new-connection run pays what a
burst would pay without reuse: TCP connect, EHLO, STARTTLS handshake, EHLO again, AUTH.

1. reuse: ``tasks.smtp_pool.SmtpConnections`` (what ``SmtpMailer`` uses), messages one after
   another over one connection;
2. new connection per e-mail: ``aiosmtplib.send`` for each message, the way the mailer worked
   before.

Printed: messages per second of both, the ratio (reuse / new) and how many connections the
server saw for each. Timings depend on the machine: tests never assert them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import ipaddress
import logging
import socket
import ssl
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aiosmtplib
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from domain.smtp import SmtpSecurity, SmtpServerConfig
from tasks.smtp_pool import SmtpConnections

LOGIN, PASSWORD = "bench@biurko.test", "bench-password"


class _Sink:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        return "250 OK"


class _CountingController(Controller):
    connections = 0

    def factory(self) -> Any:
        self.connections += 1
        return super().factory()


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the client trusts exactly this one)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _message(number: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Biuro <biuro@biurko.test>"
    message["To"] = f"klient{number}@firma.test"
    message["Subject"] = f"Zestawienie {number}"
    message.set_content("Dzień dobry,\nw portalu czeka nowe zestawienie.\n" * 5)
    return message


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _authenticate(*_: Any) -> AuthResult:
    return AuthResult(success=True)


async def run_email_benchmark(count: int) -> dict[str, float]:
    """Send ``count`` e-mails with reuse and ``count`` with a new connection per e-mail."""
    # aiosmtpd logs a warning about its own deprecated attribute on every login.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = _certificate(Path(tmp))
        server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_tls.load_cert_chain(cert, key)
        client_tls = ssl.create_default_context(cafile=str(cert))
        sink = _Sink()
        controller = _CountingController(
            sink,
            hostname="127.0.0.1",
            port=_free_port(),
            tls_context=server_tls,
            require_starttls=True,
            authenticator=_authenticate,
        )
        controller.start()
        try:
            port = controller.port
            server = SmtpServerConfig(
                "127.0.0.1", port, SmtpSecurity.STARTTLS, LOGIN, PASSWORD, "biuro@biurko.test"
            )
            before = controller.connections
            reuse_seconds = await _with_reuse(server, client_tls, count)
            reuse_connections = controller.connections - before
            before = controller.connections
            new_seconds = await _new_each_time(server, client_tls, count)
            new_connections = controller.connections - before
        finally:
            controller.stop()
    assert sink.received == 2 * count, "the server did not receive every message"
    reuse_rate, new_rate = count / reuse_seconds, count / new_seconds
    return {
        "count": float(count),
        "reuse_per_second": reuse_rate,
        "new_connection_per_second": new_rate,
        "ratio": reuse_rate / new_rate,
        "reuse_connections": float(reuse_connections),
        "new_connections": float(new_connections),
    }


async def _with_reuse(server: SmtpServerConfig, tls: ssl.SSLContext, count: int) -> float:
    connections = SmtpConnections(timeout=30.0, tls_context=tls)
    started = time.perf_counter()
    for number in range(count):
        await connections.send(server, _message(number))
    elapsed = time.perf_counter() - started
    await connections.close()
    return elapsed


async def _new_each_time(server: SmtpServerConfig, tls: ssl.SSLContext, count: int) -> float:
    started = time.perf_counter()
    for number in range(count):
        await aiosmtplib.send(
            _message(number),
            hostname=server.host,
            port=server.port,
            start_tls=True,
            tls_context=tls,
            username=server.username,
            password=server.password,
            timeout=30.0,
        )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    options = parser.parse_args()
    result = asyncio.run(run_email_benchmark(options.count))
    print(f"e-mails per run:            {int(result['count'])}")
    print(
        f"kept-open connection:       {result['reuse_per_second']:8.1f} msg/s "
        f"({int(result['reuse_connections'])} connection)"
    )
    print(
        f"new connection per e-mail:  {result['new_connection_per_second']:8.1f} msg/s "
        f"({int(result['new_connections'])} connections)"
    )
    print(f"ratio (reuse / new):        {result['ratio']:8.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
