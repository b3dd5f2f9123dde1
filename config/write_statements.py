"""Updates built once (config.statements): the ORM writes an UPDATE's SQL the first time, later
calls bind new values into the same text.

A save changes a few columns of one row (the application's `updated_at` after each goods
save). Building that UPDATE from a queryset costs more than the database takes to run it. An
`Update` is a Template whose `build` returns `updating(queryset, **changes)`: the UPDATE
that `queryset.update(**changes)` would run, not run. `run()` binds the values and runs it on
the caller's connection (so inside its transaction) and gives the count of rows changed, as
`update()` does. As with `update()`, no model is saved and no signal is sent."""

from __future__ import annotations

from types import SimpleNamespace

from django.db import connections, transaction
from django.db.models import QuerySet
from django.db.models.sql import UpdateQuery

from config.statements import Template


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
        with transaction.mark_for_rollback_on_error(using=using):
            with connections[using].cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.rowcount
