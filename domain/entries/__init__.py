"""Accounting data the office sends to clients: ZUS contributions, taxes and statements."""
