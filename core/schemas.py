"""The base of every API request schema (bodies and query filters): a JSON object, never a
list or a scalar, whose texts, dates and whole numbers pass core.inputs — so a NUL, a lone
surrogate, the year 9999 or a number past 64 bits is a 422 naming its field, not a 500 from
the database or from date arithmetic; and a JSON true or false is no number (pydantic would
read it as 1 or 0)."""

from datetime import date
from typing import Any, ClassVar, get_args

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError

from core.inputs import date_problem, int_problem, text_problem


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


def _types(annotation) -> set:
    """The types an annotation admits (through unions, Optional, Annotated)."""
    args = get_args(annotation)
    if not args:
        return {annotation}
    return set().union(*(_types(a) for a in args))


def _bool_for_number(annotation) -> str | None:
    """What a JSON true or false is not, for a field that takes numbers but no booleans
    (pydantic reads them as 1 and 0): None where a boolean is fine."""
    kinds = _types(annotation)
    if bool in kinds or Any in kinds or not kinds & {int, float}:
        return None
    return "Input should be a valid number" if float in kinds else "Input should be a valid integer"


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

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_as_number(cls, value, info):
        if isinstance(value, bool):
            problem = _bool_for_number(cls.model_fields[info.field_name].annotation)
            if problem:
                raise PydanticCustomError("int_type", problem)
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _clean(cls, value, info):
        if info.field_name in cls.unbounded:
            return value
        problem = _problem(value)
        if problem:
            raise PydanticCustomError("invalid_input", problem)
        return value
