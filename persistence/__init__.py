"""Storage: tortoise models, migrations and repositories that translate rows to domain values.

No tortoise model leaves this package; every read is scoped by office (and company for clients).
"""
