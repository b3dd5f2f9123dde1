"""The columns the load generator writes, taken from the models (whose application and goods
fields are those of permits.fields): a field added there is written here too, blank until the
generator learns a realistic value for it."""

from __future__ import annotations

from functools import cache

from django.db.models import NOT_PROVIDED

from permits.fields import GOODS_DERIVED, GOODS_FIELDS
from permits.models import Application, Goods

GOODS_COLUMNS = ("id", "application_id", "seq", *GOODS_FIELDS, *GOODS_DERIVED)
ATTACHMENT_COLUMNS = (
    "id",
    "application_id",
    "type",
    "original_name",
    "storage_name",
    "size",
    "sha256",
    "uploaded_by_id",
    "uploaded_at",
)
HISTORY_COLUMNS = (
    "application_id",
    "action",
    "from_status",
    "to_status",
    "actor_id",
    "actor_name",
    "reason",
    "at",
)


def _blanks(model) -> dict:
    """What a column holds when the generator gives no value: its default, else NULL or ""."""
    out = {}
    for f in model._meta.concrete_fields:
        if f.default is not NOT_PROVIDED and not callable(f.default):
            out[f.attname] = f.default
        else:
            out[f.attname] = None if f.null else ""
    return out


@cache
def app_columns() -> tuple[str, ...]:
    return tuple(f.attname for f in Application._meta.concrete_fields)


@cache
def app_blanks() -> dict:
    return _blanks(Application)


@cache
def goods_blanks() -> dict:
    return _blanks(Goods)


@cache
def column_index() -> dict[str, int]:
    return {name: i for i, name in enumerate(app_columns())}
