"""The client portal's business side: what to pay, paid marks, statements, reminders, feeds."""
