"""The triggers that count the changes of what lists show (models.ListGeneration).

Every statement that inserts, updates or deletes applications or write-offs, or adds, removes
or changes the state of a notice, adds one to the counter of each scope it touched: the
enterprise ("e:" + its id as 32 hex digits) and the approval department ("d:" + its code),
old and new. The count is part of the writing transaction, so it is visible exactly when the
change is, whatever wrote it (services, the admin, a task, a bulk update).

On PostgreSQL the triggers run once per statement over its changed rows and take the counters
in the order of their names, so two writers never wait on each other in a circle; on SQLite
(one writer at a time) once per row. `install` creates what is missing and runs after every
migrate where any is missing: SQLite drops a table's triggers when a migration rebuilds the
table."""

from __future__ import annotations

PG_FORWARD = r"""
CREATE OR REPLACE FUNCTION permits_count_scopes(scopes text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO permits_listgeneration AS g (scope, value)
  SELECT DISTINCT s, 1 FROM unnest(scopes) AS s WHERE s IS NOT NULL ORDER BY 1
  ON CONFLICT (scope) DO UPDATE SET value = g.value + 1;
$$;

CREATE OR REPLACE FUNCTION permits_scopes_of(ids uuid[]) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT ARRAY(
    SELECT 'e:' || replace(enterprise_id::text, '-', '') FROM permits_application
    WHERE id = ANY(ids)
    UNION
    SELECT 'd:' || approval_department_id FROM permits_application WHERE id = ANY(ids)
  );
$$;

CREATE OR REPLACE FUNCTION permits_lists_after_application() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM permits_count_scopes(ARRAY(
      SELECT 'e:' || replace(enterprise_id::text, '-', '') FROM new_rows
      UNION SELECT 'd:' || approval_department_id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM permits_count_scopes(ARRAY(
      SELECT 'e:' || replace(enterprise_id::text, '-', '') FROM new_rows
      UNION SELECT 'd:' || approval_department_id FROM new_rows
      UNION SELECT 'e:' || replace(enterprise_id::text, '-', '') FROM old_rows
      UNION SELECT 'd:' || approval_department_id FROM old_rows));
  ELSE
    PERFORM permits_count_scopes(ARRAY(
      SELECT 'e:' || replace(enterprise_id::text, '-', '') FROM old_rows
      UNION SELECT 'd:' || approval_department_id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION permits_lists_after_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM permits_count_scopes(permits_scopes_of(ARRAY(SELECT application_id FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM permits_count_scopes(permits_scopes_of(ARRAY(
      SELECT n.application_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.state IS DISTINCT FROM o.state OR n.application_id <> o.application_id
      UNION
      SELECT o.application_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.application_id <> o.application_id)));
  ELSE
    PERFORM permits_count_scopes(permits_scopes_of(ARRAY(SELECT application_id FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION permits_lists_after_write_off() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM permits_count_scopes(permits_scopes_of(ARRAY(SELECT application_id FROM new_rows)));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM permits_count_scopes(permits_scopes_of(ARRAY(
      SELECT application_id FROM new_rows UNION SELECT application_id FROM old_rows)));
  ELSE
    PERFORM permits_count_scopes(permits_scopes_of(ARRAY(SELECT application_id FROM old_rows)));
  END IF;
  RETURN NULL;
END $$;
"""

PG_TABLES = (
    ("permits_application", "permits_lists_after_application"),
    ("permits_notice", "permits_lists_after_notice"),
    ("permits_writeoff", "permits_lists_after_write_off"),
)
PG_EVENTS = (
    ("insert", "INSERT", "NEW TABLE AS new_rows"),
    ("update", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("delete", "DELETE", "OLD TABLE AS old_rows"),
)


def _sqlite_count(scope: str) -> str:
    """SQLite statements adding one to the counter of `scope` (an SQL expression; NULL counts
    nothing)."""
    return (
        f"INSERT OR IGNORE INTO permits_listgeneration (scope, value) "
        f"SELECT {scope}, 0 WHERE {scope} IS NOT NULL;\n"
        f"UPDATE permits_listgeneration SET value = value + 1 WHERE scope = {scope};\n"
    )


def _sqlite_app_scopes(row: str) -> list[str]:
    return [f"'e:' || {row}.enterprise_id", f"'d:' || {row}.approval_department_id"]


def _sqlite_child_scopes(row: str) -> list[str]:
    app = f"(SELECT {{}} FROM permits_application WHERE id = {row}.application_id)"  # noqa: S608
    return [app.format("'e:' || enterprise_id"), app.format("'d:' || approval_department_id")]


def _sqlite_triggers() -> list[str]:
    rows = {"INSERT": ("NEW",), "UPDATE": ("NEW", "OLD"), "DELETE": ("OLD",)}
    tables = (
        ("permits_application", "application", _sqlite_app_scopes),
        ("permits_notice", "notice", _sqlite_child_scopes),
        ("permits_writeoff", "write_off", _sqlite_child_scopes),
    )
    statements = []
    for table, name, scopes_of in tables:
        for event, which in rows.items():
            when = ""
            if table == "permits_notice" and event == "UPDATE":
                when = (
                    " WHEN NEW.state IS NOT OLD.state"
                    " OR NEW.application_id IS NOT OLD.application_id"
                )
            body = "".join(_sqlite_count(s) for row in which for s in scopes_of(row))
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
            raise NotImplementedError(f"list generation triggers for {connection.vendor}")


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


_EVERY_SCOPE = """
SELECT DISTINCT {enterprise} AS s FROM permits_application
UNION SELECT DISTINCT 'd:' || approval_department_id FROM permits_application
WHERE approval_department_id IS NOT NULL
"""


def count_every_scope(connection) -> None:
    """One change for every scope that has applications: after writes made with the triggers
    off (a bulk load as a PostgreSQL replica), so no list kept before them stays current."""
    if connection.vendor == "postgresql":
        scopes = _EVERY_SCOPE.format(enterprise="'e:' || replace(enterprise_id::text, '-', '')")
    else:
        scopes = _EVERY_SCOPE.format(enterprise="'e:' || enterprise_id")
    with connection.cursor() as cursor:
        cursor.execute(  # WHERE true: SQLite's reading of an upsert after a SELECT
            f"INSERT INTO permits_listgeneration (scope, value) "  # noqa: S608 - constants
            f"SELECT s, 1 FROM ({scopes}) AS scopes WHERE true ORDER BY s "
            f"ON CONFLICT (scope) DO UPDATE SET value = permits_listgeneration.value + 1"
        )
