"""Django's PostgreSQL backend; a kept connection is health-checked before a request uses it
only when it has sat unused for a while.

Django's check (`CONN_HEALTH_CHECKS`) runs `SELECT 1` before the first statement of every
request: one more round trip on each, a third of a cached detail's. A connection that
answered a moment ago is as good as checked, so the check is skipped when the connection's
last request began less than `DB_HEALTH_CHECK_IDLE_SECONDS` ago (connection pools know this as
an alive-bypass window). A connection found broken in that window fails its request as it
would with no check; Django then notes the error and checks it at the next request's start,
which drops it. A connection idle for longer (a quiet node, a database restarted while
nobody asked) is checked as before.

psycopg turns each statement's `%s` placeholders into `$1`… and keeps the result for the next
time, but only for statements up to 4,096 bytes. The statements read with a caller's
credential (config.speed.read_along: the session, its user and the page's tag joined in one) are
longer, so each request parsed them anew. They are few and built once (config.speed.statements),
so statements up to `CONVERTED_STATEMENT_BYTES` are kept too (psycopg keeps 128 at most)."""

from __future__ import annotations

from time import monotonic

from django.conf import settings
from django.db.backends.postgresql import base
from psycopg import _queries

CONVERTED_STATEMENT_BYTES = 16_384
_queries.MAX_CACHED_STATEMENT_LENGTH = max(
    _queries.MAX_CACHED_STATEMENT_LENGTH, CONVERTED_STATEMENT_BYTES
)


class DatabaseWrapper(base.DatabaseWrapper):
    _last_used_at = float("-inf")

    def close_if_health_check_failed(self):
        if self.connection is None or self.health_check_done:
            return super().close_if_health_check_failed()
        # The first statement of a request on a kept connection.
        now = monotonic()
        if now - self._last_used_at < settings.DB_HEALTH_CHECK_IDLE_SECONDS:
            self.health_check_done = True
        else:
            super().close_if_health_check_failed()
        self._last_used_at = now
        return None
