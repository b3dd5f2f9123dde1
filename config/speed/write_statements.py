"""Updates built once (config.speed.statements): the ORM writes an UPDATE's SQL the first
time, later calls bind new values into the same text.

A save changes a few columns of one row (the application's `updated_at` after each goods
save). Building that UPDATE from a queryset costs more than the database takes to run it. An
`Update` is a Template whose `build` returns `updating(queryset, **changes)`: the UPDATE
that `queryset.update(**changes)` would run, not run. `run()` binds the values and runs it on
the caller's connection (so inside its transaction) and gives the count of rows changed, as
`update()` does. As with `update()`, no model is saved and no signal is sent. An `Insert` does
the same for a row that `create()` would add."""

from __future__ import annotations

from types import SimpleNamespace

from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.sql import InsertQuery, UpdateQuery
from django.utils import timezone

from config.speed.statements import Template


def updating(queryset: QuerySet, **changes) -> SimpleNamespace:
    """The UPDATE `queryset.update(**changes)` runs, as a Template's `build` returns it."""
    query = queryset.query.chain(UpdateQuery)
    query.add_update_values(changes)
    query.annotations = {}
    return SimpleNamespace(query=query)


class Update(Template):
    def run(self, shape=None, *, using: str = "default", **values) -> int:
        """Run the UPDATE with these values: the count of rows it changed."""
        sql, params, _compiled = self.bound(shape, using=using, **values)
        return _execute(using, sql, params)


def _execute(using: str, sql: str, params: list) -> int:
    """Run a write on the caller's connection, marking its transaction for rollback on an
    error as the ORM does: the count of rows written."""
    with transaction.mark_for_rollback_on_error(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount


class Insert:
    """One row's INSERT built once per database: the SQL `Model.objects.create()` runs for the
    given fields (without reading back the new key), each call binding its values as a save
    prepares them (`get_db_prep_save`). A field left out takes the time where it is
    `auto_now_add`/`auto_now` and its default otherwise. As with `bulk_create`, no model is
    made and no signal is sent."""

    def __init__(self, model, fields: tuple[str, ...]):
        self.model = model
        self.fields = tuple(model._meta.get_field(name) for name in fields)
        self._sql: dict[str, str] = {}

    def _compile(self, alias: str) -> str:
        query = InsertQuery(self.model)
        query.insert_values(self.fields, [self.model()])
        [(sql, params)] = query.get_compiler(using=alias).as_sql()
        if len(params) != len(self.fields):
            raise ValueError("an Insert's statement must take one value per field")
        self._sql[alias] = sql
        return sql

    def _value(self, field, values: dict):
        if field.attname in values:
            return values[field.attname]
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return timezone.now()
        return field.get_default()

    def run(self, *, using: str = "default", **values) -> None:
        unknown = values.keys() - {field.attname for field in self.fields}
        if unknown:
            raise TypeError(f"not a field of this Insert: {', '.join(sorted(unknown))}")
        sql = self._sql.get(using) or self._compile(using)
        connection = connections[using]
        params = [f.get_db_prep_save(self._value(f, values), connection) for f in self.fields]
        _execute(using, sql, params)
