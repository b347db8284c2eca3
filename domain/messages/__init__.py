"""Messages between an office and its clients, with read receipts (issue 6)."""
