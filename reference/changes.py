"""Every change of a parameter table or of the working calendar moves the change marker
(ReferenceVersion) in the database itself, whatever wrote it (the admin, a command, `manage.py
shell`, a bulk SQL fix): triggers take a new random value in the writing transaction. The
entity tags digest the marker, and each process brings its look-up index and calendar up to
it before building an answer (reference.index.follow).

In the process that made a change through the ORM, the signals also drop the index at once
(and at commit), and a calendar edit moves the due dates of open applications."""

from django.db.models.signals import post_delete, post_save

from core.triggers import POSTGRESQL, SQLITE, Function, Trigger, declare
from reference.calendar import announce_calendar_change
from reference.index import KINDS
from reference.models import CalendarDay, ReferenceVersion
from reference.services import reference_version_bump

_MARKER = ReferenceVersion._meta.db_table
BUMP = Function(
    "reference_changed",
    f"""
BEGIN
  INSERT INTO {_MARKER} (id, version, changed_at)
  VALUES (1, floor(random() * 4611686018427387903)::bigint, now())
  ON CONFLICT (id) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;
  RETURN NULL;
END
""",  # noqa: S608 - constants
)
_SQLITE_BUMP = (
    f"INSERT INTO {_MARKER} (id, version, changed_at) "  # noqa: S608 - constants
    "VALUES (1, abs(random() % 4611686018427387903), strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET version = excluded.version, changed_at = excluded.changed_at;"
)


def tables() -> list[str]:
    return [spec.model._meta.db_table for spec in KINDS.values()] + [CalendarDay._meta.db_table]


def triggers() -> list[Trigger]:
    found = []
    for table in tables():
        name = f"{table}_changed"
        found.append(
            Trigger(
                POSTGRESQL,
                name,
                table,
                f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION reference_changed()",
            )
        )
        for event in ("INSERT", "UPDATE", "DELETE"):
            row_name = f"{name}_{event.lower()}"
            found.append(
                Trigger(
                    SQLITE,
                    row_name,
                    table,
                    f"CREATE TRIGGER {row_name} AFTER {event} ON {table} FOR EACH ROW "
                    f"BEGIN\n{_SQLITE_BUMP}\nEND",
                )
            )
    return found


def _table_changed(sender, **kwargs) -> None:
    reference_version_bump()


def _calendar_changed(sender, **kwargs) -> None:
    reference_version_bump()
    announce_calendar_change()


def connect() -> None:
    declare(BUMP, *triggers())
    for spec in KINDS.values():
        uid = f"reference-changed-{spec.model.__name__}"
        post_save.connect(_table_changed, sender=spec.model, dispatch_uid=uid)
        post_delete.connect(_table_changed, sender=spec.model, dispatch_uid=uid)
    post_save.connect(_calendar_changed, sender=CalendarDay, dispatch_uid="calendar-changed")
    post_delete.connect(_calendar_changed, sender=CalendarDay, dispatch_uid="calendar-changed")
