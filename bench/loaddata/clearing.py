"""--clear: remove exactly the generated rows and what hangs off them."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction

from accounts.models import Enterprise, User
from bench.loaddata.vocabulary import (
    NAME_PREFIX,
    ORG_PREFIX,
    USERNAME_PREFIX,
)
from permits.models import Application


def _where_in(table: str, column: str, subquery: str) -> str:
    """DELETE … WHERE column IN (subquery); identifiers come from model metadata only."""
    q = connection.ops.quote_name
    return f"DELETE FROM {q(table)} WHERE {q(column)} IN ({subquery})"  # noqa: S608


def clear(log: Callable[[str], None] = print) -> dict[str, int]:
    """Delete every generated row, and whatever hangs off generated applications, users and
    enterprises (history, goods, files' metadata, tokens …), in one transaction."""
    q = connection.ops.quote_name
    generated = {
        Enterprise: (
            f"SELECT id FROM {q(Enterprise._meta.db_table)} "  # noqa: S608
            "WHERE name LIKE %s AND substr(uscc, 9, 2) = %s",
            [f"{NAME_PREFIX}%", ORG_PREFIX],
        ),
        User: (
            f"SELECT id FROM {q(User._meta.db_table)} WHERE username LIKE %s",  # noqa: S608
            [f"{USERNAME_PREFIX}%"],
        ),
    }
    ents_sql, ents_params = generated[Enterprise]
    generated[Application] = (
        f"SELECT id FROM {q(Application._meta.db_table)} "  # noqa: S608
        f"WHERE enterprise_id IN ({ents_sql})",
        ents_params,
    )
    deleted: dict[str, int] = {}

    def delete(label: str, sql: str, params) -> None:
        cursor.execute(sql, params)
        if cursor.rowcount > 0:
            deleted[label] = deleted.get(label, 0) + cursor.rowcount

    with transaction.atomic(), connection.cursor() as cursor:
        # what refers to generated rows first (children of applications before users)
        for model in (Application, User, Enterprise):
            subquery, params = generated[model]
            for rel in model._meta.related_objects:
                if rel.many_to_many or rel.related_model in generated:
                    continue
                table = rel.related_model._meta.db_table
                delete(
                    rel.related_model._meta.label,
                    _where_in(table, rel.field.column, subquery),
                    params,
                )
            for m2m in model._meta.many_to_many:
                table = m2m.remote_field.through._meta.db_table
                cursor.execute(_where_in(table, m2m.m2m_column_name(), subquery), params)
        for model in (Application, User, Enterprise):
            subquery, params = generated[model]
            delete(model._meta.label, _where_in(model._meta.db_table, "id", subquery), params)
    for label, n in deleted.items():
        log(f"  deleted {n:,} {label}")
    return deleted
