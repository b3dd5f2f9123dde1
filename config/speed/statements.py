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
values change only parameters. A value may also land inside a parameter (a LIKE pattern:
`startswith`, `contains`, `icontains`): it is bound there escaped as the lookup escapes it.
A windowed template (a page: OFFSET and LIMIT, which the ORM writes into the SQL text) is
built with a stand-in window that each call replaces with its own.
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


# A window no page ever asks for: its SQL text is found and replaced by each call's own.
STANDIN_WINDOW = (987_654_321, 987_654_321 + 123_456_789)
#: Shapes kept per template (the oldest gives way): shapes come from the filters a caller
#: combines, a bounded but not small set.
MAX_SHAPES = 512


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple  # (index in params, value name, (text before, text after) or None)
    compiler: object
    converters: dict
    window_sql: str | None
    width: int | None  # columns of each row (None: wrapped, the wrapper's)


def _slot(param, value):
    """Where a prepared stand-in lands in a parameter: the whole of it (None), inside a
    pattern (the text around it), or not at all (False)."""
    if type(param) is type(value) and param == value:
        return None
    if isinstance(param, str) and isinstance(value, str) and value in param:
        before, _sep, after = param.partition(value)
        return (before, after)
    return False


class Template:
    """`build(shape, **values)` returns the queryset (values_list, sliced as wanted);
    `fields` names the model field of each value."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        fields: dict[str, Field],
        *,
        windowed: bool = False,
        wrap: str = "{}",
    ):
        """`windowed`: `build` also takes `window` (low, high: a slice of its rows); `wrap`:
        SQL around the queryset's (say, a count of its rows)."""
        self.build, self.fields, self.windowed, self.wrap = build, fields, windowed, wrap
        self._compiled: dict[tuple, _Compiled] = {}

    def _compile(self, alias: str, shape) -> _Compiled:
        connection = connections[alias]
        standins = {name: _standin(f, i) for i, (name, f) in enumerate(self.fields.items())}
        window = {"window": STANDIN_WINDOW} if self.windowed else {}
        compiler = self.build(shape, **standins, **window).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        window_sql = connection.ops.limit_offset_sql(*STANDIN_WINDOW) if window else None
        if window_sql is not None and sql.count(window_sql) != 1:
            raise ValueError("a windowed template's statement must hold its window once")
        prepared = {name: self._prepare(name, v, connection) for name, v in standins.items()}
        slots = tuple(
            (i, name, where)
            for i, param in enumerate(params)
            for name, value in prepared.items()
            if (where := _slot(param, value)) is not False
        )
        columns = [column for column, _sql, _alias in compiler.select or ()]  # () for writes
        # Wrapped, the statement's columns are the wrapper's: nothing of the inner to convert.
        converters = compiler.get_converters(columns) if self.wrap == "{}" else {}
        sql = self.wrap.format(sql)
        width = len(columns) if self.wrap == "{}" else None
        compiled = _Compiled(sql, tuple(params), slots, compiler, converters, window_sql, width)
        if len(self._compiled) >= MAX_SHAPES:
            try:  # the oldest; another thread may be giving it up at the same moment
                self._compiled.pop(next(iter(self._compiled)))
            except (KeyError, RuntimeError, StopIteration):
                pass
        self._compiled[(alias, shape)] = compiled
        return compiled

    def _prepare(self, name: str, value, connection):
        return self.fields[name].get_db_prep_value(value, connection, prepared=False)

    def bound(self, shape=None, *, using: str = "default", window=None, **values):
        """(SQL, parameters, compiled) of a call with these values (and `window`)."""
        compiled = self._compiled.get((using, shape)) or self._compile(using, shape)
        connection = connections[using]
        params = list(compiled.params)
        for i, name, where in compiled.slots:
            if where is None:
                params[i] = self._prepare(name, values[name], connection)
            else:
                escaped = connection.ops.prep_for_like_query(values[name])
                params[i] = where[0] + escaped + where[1]
        sql = compiled.sql
        if compiled.window_sql is not None:
            low, high = (int(n) for n in window)
            sql = sql.replace(compiled.window_sql, connection.ops.limit_offset_sql(low, high))
        return sql, params, compiled

    def rows(self, shape=None, *, using: str = "default", window=None, **values) -> list:
        """The rows for these values (and `window`, for a windowed template), as the
        queryset would give them."""
        sql, params, compiled = self.bound(shape, using=using, window=window, **values)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return _converted(compiled, cursor.fetchall())


def _converted(compiled: _Compiled, rows: list) -> list:
    if compiled.converters:
        return [tuple(r) for r in compiled.compiler.apply_converters(rows, compiled.converters)]
    return rows


def first_rows(*calls: tuple[Template, object, dict], using: str = "default") -> list:
    """The first row of each call (template, shape, values), or None, in one round trip.

    Each call must give at most one row. The statement is the first call's row joined to
    each later call's (a LEFT JOIN on nothing): so the later rows are read only where the
    first has one, and all are None where it has none. A later row is told from no row by a
    column that is never NULL: every call joined here reads one (a key, a count). A single
    call is its own statement, unjoined."""
    if len(calls) == 1:
        template, shape, values = calls[0]
        rows = template.rows(shape, using=using, **values)
        if len(rows) > 1:
            raise ValueError("first_rows(): a call gave more than one row")
        return [rows[0] if rows else None]
    bound = [template.bound(shape, using=using, **values) for template, shape, values in calls]
    if any(b[2].width is None for b in bound):
        raise ValueError("first_rows() joins plain templates, not wrapped ones")
    # Only the ORM's own SQL of each template is joined: the values are parameters.
    joins = "".join(f" LEFT JOIN ({b[0]}) AS t{i} ON 1 = 1" for i, b in enumerate(bound) if i)
    sql = f"SELECT * FROM ({bound[0][0]}) AS t0{joins}"  # noqa: S608
    params = [p for b in bound for p in b[1]]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return [None] * len(calls)
    if len(rows) > 1:
        raise ValueError("first_rows(): a call gave more than one row")
    found, start = [], 0
    for _sql, _params, compiled in bound:
        part = rows[0][start : start + compiled.width]
        start += compiled.width
        empty = all(value is None for value in part)
        found.append(None if empty else _converted(compiled, [part])[0])
    if start != len(rows[0]):
        raise ValueError("first_rows(): the joined row's columns do not add up")
    return found
