"""The triggers that count the changes of what lists show (permits.list_tags).

Every statement that inserts, updates or deletes applications or write-offs, or adds, removes
or changes the state of a notice, adds one to the counter of each scope it touched: the
enterprise ("lists:e:" + its id as 32 hex digits) and the approval department ("lists:d:" +
its code), old and new. The counters are rows of permits_counter (models.Counter), the named
counters the numbers use. The count is part of the writing transaction, so it is visible
exactly when the change is, whatever wrote it (services, the admin, a task, a bulk update).

On PostgreSQL the triggers run once per statement over its changed rows and take the counters
in the order of their names, so two writers never wait on each other in a circle; on SQLite
(one writer at a time) once per row. `install` runs after every migrate where a trigger is
missing: SQLite drops a table's triggers when a migration rebuilds the table."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

PG_FORWARD = r"""
CREATE OR REPLACE FUNCTION permits_count_lists(keys text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO permits_counter AS c ("key", value)
  SELECT DISTINCT k, 1 FROM unnest(keys) AS k WHERE k IS NOT NULL ORDER BY 1
  ON CONFLICT ("key") DO UPDATE SET value = c.value + 1;
$$;

CREATE OR REPLACE FUNCTION permits_keys(enterprises uuid[], departments text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY(
    SELECT 'lists:e:' || replace(e::text, '-', '') FROM unnest(enterprises) AS e
    UNION SELECT 'lists:d:' || d FROM unnest(departments) AS d
  );
$$;

CREATE OR REPLACE FUNCTION permits_lists_after_application() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM permits_count_lists(permits_keys(
      ARRAY(SELECT enterprise_id FROM new_rows),
      ARRAY(SELECT approval_department_id FROM new_rows)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM permits_count_lists(permits_keys(
      ARRAY(SELECT enterprise_id FROM old_rows),
      ARRAY(SELECT approval_department_id FROM old_rows)));
  ELSE
    PERFORM permits_count_lists(permits_keys(
      ARRAY(SELECT enterprise_id FROM new_rows UNION SELECT enterprise_id FROM old_rows),
      ARRAY(SELECT approval_department_id FROM new_rows
            UNION SELECT approval_department_id FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;

-- Notices and write-offs: the lists of their applications. A notice counts when it comes,
-- goes or changes state (a worker's claims and attempts show in no list).
CREATE OR REPLACE FUNCTION permits_lists_after_child() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    ids := ARRAY(SELECT application_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    ids := ARRAY(SELECT application_id FROM old_rows);
  ELSIF TG_TABLE_NAME = 'permits_notice' THEN
    ids := ARRAY(
      SELECT a FROM new_rows n JOIN old_rows o ON o.id = n.id,
        LATERAL (VALUES (n.application_id), (o.application_id)) AS pair (a)
      WHERE n.state IS DISTINCT FROM o.state OR n.application_id <> o.application_id);
  ELSE
    ids := ARRAY(SELECT application_id FROM new_rows UNION SELECT application_id FROM old_rows);
  END IF;
  PERFORM permits_count_lists(permits_keys(
    ARRAY(SELECT enterprise_id FROM permits_application WHERE id = ANY(ids)),
    ARRAY(SELECT approval_department_id FROM permits_application WHERE id = ANY(ids))));
  RETURN NULL;
END $$;
"""

PG_TABLES = (
    ("permits_application", "permits_lists_after_application"),
    ("permits_notice", "permits_lists_after_child"),
    ("permits_writeoff", "permits_lists_after_child"),
)
PG_EVENTS = (
    ("insert", "INSERT", "NEW TABLE AS new_rows"),
    ("update", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("delete", "DELETE", "OLD TABLE AS old_rows"),
)


def _sqlite_count(key: str) -> str:
    """SQLite statements adding one to the counter named by `key` (an SQL expression; NULL
    counts nothing)."""
    return (
        f'INSERT OR IGNORE INTO permits_counter ("key", value) '
        f"SELECT {key}, 0 WHERE {key} IS NOT NULL;\n"
        f'UPDATE permits_counter SET value = value + 1 WHERE "key" = {key};\n'
    )


def _sqlite_app_keys(row: str) -> list[str]:
    return [f"'lists:e:' || {row}.enterprise_id", f"'lists:d:' || {row}.approval_department_id"]


def _sqlite_child_keys(row: str) -> list[str]:
    app = f"(SELECT {{}} FROM permits_application WHERE id = {row}.application_id)"  # noqa: S608
    return [
        app.format("'lists:e:' || enterprise_id"),
        app.format("'lists:d:' || approval_department_id"),
    ]


def _sqlite_triggers() -> list[str]:
    rows = {"INSERT": ("NEW",), "UPDATE": ("NEW", "OLD"), "DELETE": ("OLD",)}
    tables = (
        ("permits_application", "application", _sqlite_app_keys),
        ("permits_notice", "notice", _sqlite_child_keys),
        ("permits_writeoff", "write_off", _sqlite_child_keys),
    )
    statements = []
    for table, name, keys_of in tables:
        for event, which in rows.items():
            when = ""
            if table == "permits_notice" and event == "UPDATE":
                when = (
                    " WHEN NEW.state IS NOT OLD.state"
                    " OR NEW.application_id IS NOT OLD.application_id"
                )
            body = "".join(_sqlite_count(k) for row in which for k in keys_of(row))
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS permits_lists_{name}_{event.lower()}"
                f" AFTER {event} ON {table}"
                f" FOR EACH ROW{when} BEGIN\n{body}END;"
            )
    return statements


def install(connection) -> None:
    """Create (or bring up to date) the triggers on `connection`'s database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FORWARD)
            for table, function in PG_TABLES:
                for suffix, event, referencing in PG_EVENTS:
                    cursor.execute(
                        f"CREATE OR REPLACE TRIGGER {table}_lists_{suffix} AFTER {event} "
                        f"ON {table} REFERENCING {referencing} FOR EACH STATEMENT "
                        f"EXECUTE FUNCTION {function}()"
                    )
        elif connection.vendor == "sqlite":
            for statement in _sqlite_triggers():
                cursor.execute(statement)
        else:
            raise ImproperlyConfigured(
                f"The list counters need SQLite or PostgreSQL, not {connection.vendor}."
            )


def installed(connection) -> set[str]:
    """The names of the list triggers present on `connection`'s database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'permits_%_lists_%'")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND name LIKE 'permits_lists_%'"
            )
        return {row[0] for row in cursor.fetchall()}


#: How many triggers `install` creates (three tables, three events each).
TRIGGERS = 9


def on_post_migrate(sender, using="default", **kwargs) -> None:
    """After a migrate (or a flush, which sends the same signal): the triggers where any is
    missing. No DDL where all are there: a flush must not lock the tables again."""
    from django.db import connections

    connection = connections[using]
    if len(installed(connection)) < TRIGGERS:
        install(connection)


_EVERY_LIST = """
SELECT DISTINCT {enterprise} AS k FROM permits_application
UNION SELECT DISTINCT 'lists:d:' || approval_department_id FROM permits_application
WHERE approval_department_id IS NOT NULL
"""


def count_every_list(connection) -> None:
    """One change for every scope that has applications: after writes made with the triggers
    off (a bulk load as a PostgreSQL replica), so no list kept before them stays current."""
    if connection.vendor == "postgresql":
        keys = _EVERY_LIST.format(enterprise="'lists:e:' || replace(enterprise_id::text, '-', '')")
    else:
        keys = _EVERY_LIST.format(enterprise="'lists:e:' || enterprise_id")
    with connection.cursor() as cursor:
        cursor.execute(  # WHERE true: SQLite's reading of an upsert after a SELECT
            f'INSERT INTO permits_counter ("key", value) '  # noqa: S608 - constants
            f"SELECT k, 1 FROM ({keys}) AS listed WHERE true ORDER BY k "
            f'ON CONFLICT ("key") DO UPDATE SET value = permits_counter.value + 1'
        )
