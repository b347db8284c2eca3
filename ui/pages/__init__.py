"""Pages: each module has ``register(services)`` that declares its routes."""
