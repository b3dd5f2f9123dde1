"""The database settings, read from the environment: SQLite under var/ by default (`make
run`), PostgreSQL when DATABASE_URL names one (production)."""

from pathlib import Path

import dj_database_url

from core.env import env_bool, env_int, env_str


def default_database(var_dir: Path) -> dict:
    """Connections stay open (a new one costs ~10 ms) and are health-checked before reuse."""
    database = dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{var_dir / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            # IMMEDIATE takes the write lock at BEGIN: concurrent writers queue, never fail.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    elif database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = "config.postgresql"  # Django's, with the health check of its base
        # Server-side binding: the values travel apart from the SQL text, so a statement run
        # again on a kept connection is prepared once (after PG_PREPARE_THRESHOLD runs) and
        # not planned again; planning a request's small look-ups cost more than running them.
        database.setdefault("OPTIONS", {}).update(
            server_side_binding=env_bool("PG_SERVER_SIDE_BINDING", True),
            prepare_threshold=env_int("PG_PREPARE_THRESHOLD", 5),
        )
    return database
