"""Companies of an office: data, status history, soft delete, and their client users."""
