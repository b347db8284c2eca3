"""Biurko's business rules in plain Python: no ORM, web, queue or settings imports here."""
