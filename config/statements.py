"""Statements built once: the ORM writes a look-up's SQL the first time, later calls bind new
values into the same text.

For the small look-ups that run on every request (the API token, the detail's tag), building
the SQL from a queryset costs more than the database takes to answer it. A `Template` builds
its queryset once per database and shape with stand-in values, notes where each stand-in
lands among the parameters, and keeps the SQL, the parameters and the compiler's converters.
A call binds the real values (prepared by their model fields, as a lookup would) into those
places and runs the SQL on the same connection, so it is part of the caller's transaction.

The queryset still says what is read, and the ORM still writes the SQL: the template only
spares writing it again. The shape names what changes the SQL itself (say, a role's scope);
values change only parameters.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connections
from django.db.models import Field, QuerySet

# Stand-ins by the internal type of a value's field: values no caller ever binds.
_BASE_INT = -987_654_000


def _standin(field: Field, i: int):
    target = getattr(field, "target_field", None) or field
    kind = target.get_internal_type()
    if kind == "UUIDField":
        return uuid.UUID(int=0x5EED_0000_0000_0000_0000_0000_0000_0000 + i)
    if kind.endswith(("IntegerField", "AutoField")):
        return _BASE_INT - i
    if kind == "DateTimeField":
        return datetime(1901, 2, 3, 4, 5, i, tzinfo=UTC)
    if kind in ("CharField", "TextField", "SlugField"):
        return f"\u2063stand-in {i}\u2063"
    raise TypeError(f"no stand-in for a {kind}")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple  # (index in params, value name)
    compiler: object
    converters: dict


class Template:
    """`build(shape, **values)` returns the queryset (values_list, sliced as wanted);
    `fields` names the model field of each value."""

    def __init__(self, build: Callable[..., QuerySet], fields: dict[str, Field]):
        self.build, self.fields = build, fields
        self._compiled: dict[tuple, _Compiled] = {}

    def _compile(self, alias: str, shape) -> _Compiled:
        connection = connections[alias]
        standins = {name: _standin(f, i) for i, (name, f) in enumerate(self.fields.items())}
        compiler = self.build(shape, **standins).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        prepared = {name: self._prepare(name, v, connection) for name, v in standins.items()}
        slots = tuple(
            (i, name)
            for i, param in enumerate(params)
            for name, value in prepared.items()
            if type(param) is type(value) and param == value
        )
        columns = [column for column, _sql, _alias in compiler.select]
        converters = compiler.get_converters(columns)
        compiled = _Compiled(sql, tuple(params), slots, compiler, converters)
        self._compiled[(alias, shape)] = compiled
        return compiled

    def _prepare(self, name: str, value, connection):
        return self.fields[name].get_db_prep_value(value, connection, prepared=False)

    def rows(self, shape=None, *, using: str = "default", **values) -> list:
        """The rows for these values, as the queryset would give them."""
        compiled = self._compiled.get((using, shape)) or self._compile(using, shape)
        connection = connections[using]
        params = list(compiled.params)
        for i, name in compiled.slots:
            params[i] = self._prepare(name, values[name], connection)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            return [tuple(r) for r in compiled.compiler.apply_converters(rows, compiled.converters)]
        return rows
