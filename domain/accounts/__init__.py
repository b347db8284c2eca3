"""Accounts: passwords, one-time tokens, login throttling, sessions and the auth service."""
