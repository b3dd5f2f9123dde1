"""Database triggers as schema: each app declares its trigger functions and triggers here once,
and every database ends up with exactly those definitions.

After every `migrate` (and a test database's flush, which sends the same signal) each trigger
function whose source differs from the code's, and each trigger that is missing or defined
otherwise, is created again; where all match, nothing is executed (no DDL, no table locks).
SQLite drops a table's triggers when a migration rebuilds the table: they come back the same
way. `manage.py check --database default` names every function or trigger that differs.

A definition is compared with what the database reports of it: PostgreSQL's `prosrc` of a
function and `pg_get_triggerdef()` of a trigger, SQLite's stored text of a trigger. The
statements are therefore written the way the database writes them back.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass

from django.core import checks
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

POSTGRESQL, SQLITE = "postgresql", "sqlite"


@dataclass(frozen=True)
class Function:
    """A PostgreSQL trigger function: `body` is its plpgsql source (what `prosrc` holds)."""

    name: str
    body: str

    def create_sql(self) -> str:
        return (
            f"CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $fn${self.body}$fn$"
        )


@dataclass(frozen=True)
class Trigger:
    """A trigger on one database kind: `definition` is its CREATE TRIGGER statement as the
    database reports it back (PostgreSQL: `pg_get_triggerdef`; SQLite: the stored text)."""

    vendor: str
    name: str
    table: str
    definition: str


_installing = threading.local()
_functions: dict[str, Function] = {}
_triggers: dict[tuple[str, str], Trigger] = {}


def declare(*items: Function | Trigger) -> None:
    """Declare functions and triggers (from an app's ready(); declaring again replaces)."""
    for item in items:
        if isinstance(item, Function):
            _functions[item.name] = item
        else:
            _triggers[(item.vendor, item.name)] = item


def _declared_triggers(vendor: str) -> list[Trigger]:
    return [t for (v, _n), t in sorted(_triggers.items()) if v == vendor]


def names(vendor: str, *, prefix: str = "") -> list[str]:
    """The declared triggers of `vendor` whose names start with `prefix`."""
    return [t.name for t in _declared_triggers(vendor) if t.name.startswith(prefix)]


def _pg_state(cursor) -> tuple[dict[str, str], dict[str, str]]:
    cursor.execute(
        "SELECT p.proname, p.prosrc FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema() AND p.proname = ANY(%s)",
        [list(_functions)],
    )
    functions = dict(cursor.fetchall())
    names = [t.name for t in _declared_triggers(POSTGRESQL)]
    cursor.execute(
        "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE NOT t.tgisinternal AND n.nspname = current_schema() AND t.tgname = ANY(%s)",
        [names],
    )
    return functions, dict(cursor.fetchall())


def _sqlite_state(cursor) -> dict[str, str]:
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    return dict(cursor.fetchall())


def differences(connection) -> list[str]:
    """What differs on `connection`'s database from the declarations: "function NAME" or
    "trigger NAME" for each one missing or defined otherwise."""
    found = []
    with connection.cursor() as cursor:
        if connection.vendor == POSTGRESQL:
            functions, triggers = _pg_state(cursor)
            found += [
                f"function {f.name}" for f in _functions.values() if functions.get(f.name) != f.body
            ]
        elif connection.vendor == SQLITE:
            triggers = _sqlite_state(cursor)
        else:
            return []
    found += [
        f"trigger {t.name}"
        for t in _declared_triggers(connection.vendor)
        if _normal(triggers.get(t.name)) != _normal(t.definition)
    ]
    return found


def _normal(definition: str | None) -> str | None:
    """PostgreSQL names the table with its schema where the schema is not on the path."""
    return None if definition is None else definition.replace(" ON public.", " ON ")


def install(connection, *, only_differing: bool = True) -> list[str]:
    """Create again what differs (or everything); returns what was created."""
    wrong = set(differences(connection)) if only_differing else None
    done = []
    with connection.cursor() as cursor:
        if connection.vendor == POSTGRESQL:
            for function in _functions.values():
                if wrong is None or f"function {function.name}" in wrong:
                    cursor.execute(function.create_sql())
                    done.append(f"function {function.name}")
        for trigger in _declared_triggers(connection.vendor):
            if wrong is not None and f"trigger {trigger.name}" not in wrong:
                continue
            if connection.vendor == POSTGRESQL:
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger.name} ON {trigger.table}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger.name}")
            cursor.execute(trigger.definition)
            done.append(f"trigger {trigger.name}")
    return done


def on_post_migrate(sender, using="default", **kwargs) -> None:
    """After a migrate or a flush: what differs is created again."""
    install(connections[using])


@contextlib.contextmanager
def about_to_install():
    """Checks run meanwhile pass over the triggers: they are installed next (migrate)."""
    _installing.active = True
    try:
        yield
    finally:
        _installing.active = False


@checks.register(checks.Tags.database)
def check_triggers(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check --database ALIAS`: every declared trigger and function as the code
    defines it, on a database whose migrations are all applied."""
    problems = []
    if getattr(_installing, "active", False):
        return problems
    for alias in databases or ():
        connection = connections[alias]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            continue  # not migrated yet (migrate itself runs this check first): it installs them
        wrong = differences(connection)
        if wrong:
            problems.append(
                checks.Error(
                    f"The database {alias!r} differs from the declared triggers: "
                    + ", ".join(wrong),
                    hint="Run `manage.py migrate`: it creates them again.",
                    id="core.E001",
                )
            )
    return problems
