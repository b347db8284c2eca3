"""Repositories: rows in, domain values out. Each method is one small, scoped query."""
