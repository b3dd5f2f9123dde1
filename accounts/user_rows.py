"""A user with their enterprise and department, read as columns of a statement built once
(config.speed.statements) and made into model instances as `select_related` would make them.

The API token look-up and the session's user both run on every request; the ORM writing
their SQL each time cost more than the database answering it."""

from __future__ import annotations

from accounts.models import Enterprise, User
from reference.models import Department


def _related(model, prefix: str) -> list[tuple[str, str]]:
    """(attname, path) of every concrete column of `model`, the path from `prefix`."""
    return [(f.attname, f"{prefix}{f.name}") for f in model._meta.concrete_fields]


def columns(prefix: str) -> tuple[str, ...]:
    """The paths to read, from a model whose path to the user is `prefix` ("" for User)."""
    parts = _parts(prefix)
    return tuple(path for part in parts for _name, path in part)


def _parts(prefix: str) -> tuple[list, list, list]:
    return (
        _related(User, prefix),
        _related(Enterprise, f"{prefix}enterprise__"),
        _related(Department, f"{prefix}department__"),
    )


def _instance(model, names: list[str], values):
    """A model instance from its columns (None where the row is missing: a null key)."""
    if values[names.index(model._meta.pk.attname)] is None:
        return None
    return model.from_db("default", names, values)


_USER, _ENTERPRISE, _DEPARTMENT = ([name for name, _p in part] for part in _parts(""))


def user_from(values) -> User:
    """The user of `values` (read in `columns()`'s order), their enterprise and department
    set as select_related sets them."""
    ends = [len(_USER), len(_USER) + len(_ENTERPRISE)]
    user = _instance(User, _USER, values[: ends[0]])
    user._state.fields_cache["enterprise"] = _instance(
        Enterprise, _ENTERPRISE, values[ends[0] : ends[1]]
    )
    user._state.fields_cache["department"] = _instance(Department, _DEPARTMENT, values[ends[1] :])
    return user
