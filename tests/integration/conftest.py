"""The integration tests' shared fixtures (real services, real SMTP server, the two-office
world) live in ``tests.support.mail_world``; a module's own fixture of the same name wins."""

from tests.support.mail_world import clock, services, smtp, world

__all__ = ["clock", "services", "smtp", "world"]
