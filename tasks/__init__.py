"""Background work: job functions, the runner, queue adapters (arq, in-process), the worker
entry point, and adapters only jobs use (SMTP and file mailers, the Redis event bus)."""
