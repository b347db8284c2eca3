"""The sync API (versioned pydantic schemas, token auth, 202 + batch status) and the reference
sync agent that reads accounting-program exports. Filled by the accounting-data issue."""
