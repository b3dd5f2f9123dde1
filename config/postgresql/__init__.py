"""Django's PostgreSQL backend, with a health check that a connection in steady use skips
(config.postgresql.base)."""
