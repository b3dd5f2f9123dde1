"""Change stamps: the database marks every written application, whatever wrote it.

Every insert or update of an application sets its `stamp`, and every insert, update or delete
of a row that an application shows (goods, attachments, history, correction items, notices,
the write-off) sets its application's stamp as well; an application that is deleted, or that
leaves an enterprise or a department, leaves a row in `permits_listremoval` for that scope.
The triggers do it inside the writing statement, so the services, the admin, a task, a bulk
SQL fix and a migration are all seen alike.

- PostgreSQL: the stamp is the writing transaction's id (`pg_current_xact_id()`), which only
  grows, shifted left by SHIFT bits, with a sequence's next value in the bits below (the
  writes of one transaction differ too). A reader's snapshot tells which transactions are
  still running (`pg_snapshot_xmin`): a scope whose newest stamp is older than every running
  transaction cannot be changed by any of them without a newer stamp (permits.tags.list_tags).
- SQLite (one writer at a time): the stamp is the next value of the `change_stamp` counter,
  taken by the writing transaction.

A stamp of a single row never comes back: each write sets it to the writer's own value. No
writer waits on another enterprise's: a stamp is written on the writer's own rows only.
"""

from __future__ import annotations

from core.triggers import POSTGRESQL, SQLITE, Function, Trigger, declare

APPLICATION = "permits_application"
#: A notice's columns that only its renderer reads (the lease, the tries): no page or list
#: shows them, so a worker's claim changes nothing anyone sees.
RENDERER_ONLY = ("attempts", "claimed_by", "claimed_until", "last_error", "next_try_at")
#: The tables whose rows an application shows: (table, short name).
CHILDREN = (
    ("permits_goods", "goods"),
    ("permits_attachment", "attachment"),
    ("permits_statuschange", "statuschange"),
    ("permits_correctionitem", "correctionitem"),
    ("permits_notice", "notice"),
    ("permits_writeoff", "writeoff"),
)
#: PostgreSQL: the writing transaction's id in the high bits, and a sequence's next value in
#: the low ones, so that two writes of one transaction differ as well.
SHIFT = 20
SEQUENCE = "permits_stamp_seq"
_XID = (
    f"((pg_current_xact_id()::text::bigint << {SHIFT}) "
    f"| (nextval('{SEQUENCE}') & {(1 << SHIFT) - 1}))"
)
#: SQLite's counter of stamps (a row of permits_counter).
CHANGE_STAMP = "change_stamp"

PG_FUNCTIONS = (
    Function(
        "permits_stamp_application",
        f"""
BEGIN
  NEW.stamp := {_XID};
  RETURN NEW;
END
""",
    ),
    Function(
        "permits_application_left",
        f"""
BEGIN
  INSERT INTO permits_listremoval (enterprise_id, department_id, stamp)
  VALUES (OLD.enterprise_id, OLD.approval_department_id, {_XID});
  RETURN NULL;
END
""",  # noqa: S608 - constants
    ),
    Function(
        "permits_touch_application",
        """
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE permits_application SET stamp = 0
    WHERE id IN (SELECT application_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE permits_application SET stamp = 0
    WHERE id IN (SELECT application_id FROM old_rows);
  ELSE
    -- Rows whose columns changed, but for those named as the trigger's arguments.
    UPDATE permits_application SET stamp = 0
    WHERE id IN (
      SELECT a FROM new_rows n JOIN old_rows o ON o.id = n.id,
        LATERAL (VALUES (n.application_id), (o.application_id)) AS pair (a)
      WHERE to_jsonb(n) - coalesce(TG_ARGV, '{}') IS DISTINCT FROM
            to_jsonb(o) - coalesce(TG_ARGV, '{}'));
  END IF;
  RETURN NULL;
END
""",
    ),
)

_SCOPE_CHANGED = (  # as PostgreSQL writes it back
    "((old.enterprise_id IS DISTINCT FROM new.enterprise_id) OR "
    "((old.approval_department_id)::text IS DISTINCT FROM (new.approval_department_id)::text))"
)


def _pg_triggers() -> list[Trigger]:
    app = APPLICATION
    triggers = [
        Trigger(
            POSTGRESQL,
            "permits_application_stamp",
            app,
            f"CREATE TRIGGER permits_application_stamp BEFORE INSERT OR UPDATE ON {app} "
            "FOR EACH ROW EXECUTE FUNCTION permits_stamp_application()",
        ),
        Trigger(
            POSTGRESQL,
            "permits_application_removed",
            app,
            f"CREATE TRIGGER permits_application_removed AFTER DELETE ON {app} "
            "FOR EACH ROW EXECUTE FUNCTION permits_application_left()",
        ),
        Trigger(
            POSTGRESQL,
            "permits_application_moved",
            app,
            f"CREATE TRIGGER permits_application_moved AFTER UPDATE ON {app} "
            f"FOR EACH ROW WHEN ({_SCOPE_CHANGED}) "
            "EXECUTE FUNCTION permits_application_left()",
        ),
    ]
    events = (
        ("insert", "INSERT", "NEW TABLE AS new_rows"),
        ("update", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("delete", "DELETE", "OLD TABLE AS old_rows"),
    )
    for table, short in CHILDREN:
        for suffix, event, referencing in events:
            name = f"permits_{short}_touch_{suffix}"
            ignored = RENDERER_ONLY if (short, suffix) == ("notice", "update") else ()
            arguments = ", ".join(f"'{column}'" for column in ignored)
            triggers.append(
                Trigger(
                    POSTGRESQL,
                    name,
                    table,
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION permits_touch_application({arguments})",
                )
            )
    return triggers


_NEXT = (
    "INSERT OR IGNORE INTO permits_counter (\"key\", value) VALUES ('change_stamp', 0);\n"
    "UPDATE permits_counter SET value = value + 1 WHERE \"key\" = 'change_stamp';\n"
)
_CURRENT = "(SELECT value FROM permits_counter WHERE \"key\" = 'change_stamp')"


def _sqlite_triggers() -> list[Trigger]:
    """SQLite runs them per row; a trigger does not fire again from its own statements
    (recursive triggers are off), so the stamping UPDATE below stamps once."""
    app = APPLICATION
    left = (
        f"{_NEXT}INSERT INTO permits_listremoval (enterprise_id, department_id, stamp) "  # noqa: S608 - constants
        f"VALUES (OLD.enterprise_id, OLD.approval_department_id, {_CURRENT});\n"
    )
    bodies = {
        "permits_application_stamp": (
            f"AFTER UPDATE ON {app} FOR EACH ROW",
            f"{_NEXT}UPDATE {app} SET stamp = {_CURRENT} WHERE id = NEW.id;\n",  # noqa: S608 - constants
        ),
        "permits_application_created": (
            f"AFTER INSERT ON {app} FOR EACH ROW",
            f"UPDATE {app} SET stamp = 0 WHERE id = NEW.id;\n",  # noqa: S608 - constants
        ),
        "permits_application_removed": (f"AFTER DELETE ON {app} FOR EACH ROW", left),
        "permits_application_moved": (
            f"AFTER UPDATE ON {app} FOR EACH ROW WHEN "
            "OLD.enterprise_id IS NOT NEW.enterprise_id"
            " OR OLD.approval_department_id IS NOT NEW.approval_department_id",
            left,
        ),
    }
    touch = "UPDATE permits_application SET stamp = 0 WHERE id = {row}.application_id;\n"
    for table, short in CHILDREN:
        for event, rows in (("INSERT", "NEW"), ("UPDATE", "NEW OLD"), ("DELETE", "OLD")):
            on = f"AFTER {event} ON {table} FOR EACH ROW"
            if (short, event) == ("notice", "UPDATE"):
                on += " WHEN " + " OR ".join(
                    f"NEW.{c} IS NOT OLD.{c}" for c in _notice_columns() if c not in RENDERER_ONLY
                )
            bodies[f"permits_{short}_touch_{event.lower()}"] = (
                on,
                "".join(touch.format(row=row) for row in rows.split()),
            )
    return [
        Trigger(
            SQLITE,
            name,
            on.split(" ON ")[1].split()[0],
            f"CREATE TRIGGER {name} {on} BEGIN\n{body}END",
        )
        for name, (on, body) in bodies.items()
    ]


def _notice_columns() -> list[str]:
    from permits.models import Notice

    return [field.column for field in Notice._meta.concrete_fields]


def declare_all() -> None:
    declare(*PG_FUNCTIONS, *_pg_triggers(), *_sqlite_triggers())
