"""The bulk paths: executemany on SQLite, COPY on PostgreSQL, and counter reservations."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from django.db import connection

from core import triggers
from permits.models import Application, Attachment, Goods, StatusChange
from permits.numbering import next_value
from permits.tags.change_stamps import CHANGE_STAMP, SHIFT


class Table:
    """A table written by the bulk path: the columns this module fills, plus the constant
    default of every other column (so a field added later with a default needs no change)."""

    def __init__(self, model, attnames: Sequence[str]):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(attnames) - fields.keys()
        if unknown:
            raise ValueError(f"{model.__name__}: no such fields {sorted(unknown)}")
        self.name = model._meta.db_table
        self.columns = [fields[a].column for a in attnames]
        extra = []
        for f in model._meta.concrete_fields:
            if f.attname in attnames or (
                f.primary_key and f.get_internal_type().endswith("AutoField")
            ):
                continue
            if f.has_default():
                value = f.get_db_prep_save(f.get_default(), connection)
            elif f.null:
                value = None
            else:
                raise ValueError(f"{model.__name__}.{f.name}: no value and no default")
            self.columns.append(f.column)
            extra.append(value)
        self.extra = tuple(extra)


class SqliteWriter:
    """One prepared INSERT per table, run by executemany (the sqlite3 module binds rows in C)."""

    vendor = "sqlite"
    dt_suffix = ""

    @property
    def raw(self):
        connection.ensure_connection()
        return connection.connection

    def begin_batch(self) -> None:
        pass

    def stamp(self) -> int:
        """The change stamp of this batch's applications: the next one, as a writer's."""
        return next_value(CHANGE_STAMP)

    def setup(self) -> None:
        with connection.cursor() as cursor:
            # The rows come stamped: the per-row triggers would only stamp them again, at
            # several statements per row. Installed again by finish().
            for name in triggers.names(self.vendor, prefix="permits_"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            if not connection.in_atomic_block:  # not allowed inside a transaction (tests)
                cursor.execute("PRAGMA synchronous = OFF")  # a crashed load is simply re-run
            cursor.execute("PRAGMA cache_size = -1000000")  # ~1 GB: indexes stay in memory

    def write(self, table: Table, rows: Iterable[Sequence]) -> None:
        marks = ", ".join("?" * len(table.columns))
        cols = ", ".join(f'"{c}"' for c in table.columns)
        extra = table.extra
        if extra:
            rows = (tuple(r) + extra for r in rows)
        sql = f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})'  # noqa: S608 - our names
        self.raw.executemany(sql, rows)

    def finish(self, log) -> None:
        triggers.install(connection)
        with connection.cursor() as cursor:
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA optimize")


class PostgresWriter:
    """COPY … FROM STDIN in text format, rows formatted by psycopg (in C)."""

    vendor = "postgresql"
    dt_suffix = "+00"
    skip_fk_triggers = False

    @property
    def raw(self):
        connection.ensure_connection()
        return connection.connection

    def setup(self) -> None:
        # Inside a caller's transaction (tests) the SET LOCALs below would outlive the load.
        self.tuned = not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
            # Foreign keys are checked by deferred triggers, one query per row at commit;
            # the rows here are consistent by construction, so a superuser skips them
            # (session_replication_role is superuser-only).
            self.skip_fk_triggers = self.tuned and cursor.fetchone()[0]

    def begin_batch(self) -> None:
        if not self.tuned:
            return
        with connection.cursor() as cursor:
            # Only this batch's durability is deferred: a crash loses the batch, never data.
            cursor.execute("SET LOCAL synchronous_commit = off")
            if self.skip_fk_triggers:
                cursor.execute("SET LOCAL session_replication_role = replica")

    def write(self, table: Table, rows: Iterable[Sequence]) -> None:
        cols = ", ".join(f'"{c}"' for c in table.columns)
        extra = table.extra
        with self.raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({cols}) FROM STDIN') as copy:
            write_row = copy.write_row
            if extra:
                for r in rows:
                    write_row(tuple(r) + extra)
            else:
                for r in rows:
                    write_row(r)

    def stamp(self) -> int:
        """The change stamp of this batch's applications: its transaction's id, as the
        triggers (off in replica mode) would have written."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_current_xact_id()::text::bigint << {SHIFT}")
            return cursor.fetchone()[0]

    def finish(self, log) -> None:
        tables = [m._meta.db_table for m in (Application, Goods, Attachment, StatusChange)]
        start = time.perf_counter()
        # VACUUM sets the visibility map (index-only scans for counts) and ANALYZE gives the
        # planner the new sizes; autovacuum would do both, later. VACUUM cannot run inside a
        # transaction (tests): ANALYZE alone then.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for name in tables:
                cursor.execute(f'{command} "{name}"')
        log(f"  {command.lower()}: {time.perf_counter() - start:.1f} s")


def writer_for_connection():
    if connection.vendor == "postgresql":
        return PostgresWriter()
    if connection.vendor == "sqlite":
        return SqliteWriter()
    raise RuntimeError(f"generate_load_data: SQLite and PostgreSQL only, not {connection.vendor}")


def reserve(key: str, count: int) -> int:
    """Move counter `key` on by `count` (in the caller's transaction); the first value reserved."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO permits_counter (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = permits_counter.value + excluded.value "
            "RETURNING value",
            [key, count],
        )
        return cursor.fetchone()[0] - count + 1
