"""The base of every API request schema (bodies and query filters): a JSON object, never a
list or a scalar, whose texts, dates and whole numbers pass config.inputs — so a NUL, a lone
surrogate, the year 9999 or a number past 64 bits is a 422 naming its field, not a 500 from
the database or from date arithmetic."""

from datetime import date
from typing import ClassVar

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError

from config.inputs import date_problem, int_problem, text_problem


def _problem(value) -> str | None:
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int_problem(value)
    if isinstance(value, date):
        return date_problem(value)
    if isinstance(value, list):
        return next((p for p in map(_problem, value) if p), None)
    return None


class InSchema(Schema):
    # Page numbers may be anything: past the last page is an empty page (permits.selectors).
    unbounded: ClassVar[frozenset[str]] = frozenset({"page"})

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        raw = data._obj if isinstance(data, DjangoGetter) else data  # ninja wraps the input
        if isinstance(raw, list | tuple | str | bytes | int | float | bool) or raw is None:
            raise PydanticCustomError("object_expected", _("请求体必须是一个JSON对象。"))
        return data

    @field_validator("*", mode="after")
    @classmethod
    def _clean(cls, value, info):
        if info.field_name in cls.unbounded:
            return value
        problem = _problem(value)
        if problem:
            raise PydanticCustomError("invalid_input", problem)
        return value
