"""The one table of an application's fields (domain.md, The application; api.md, field names).

Each header and goods field is declared here once: its name, its Chinese and English label per
direction, whether it is required, its length limit, the reference table its value is picked
from, and where it is shown (API, the form, the printed form, the permit, 导出Excel, the
correction diff). The rules, the services, the API schemas, the presenters, the pages, the
printed documents and the load generator all read this table; adding a field means the model,
its migration and one row here.

Row order is display order: the form, the printed form and the permit lay fields out in it,
two to a row; a `wide` field, or a `row_start` one, begins a row of its own.
"""

from permits.fields.base import (
    API,
    BOTH,
    DIFF,
    EVERYWHERE,
    EXCEL,
    EXPORT,
    FORM,
    IMPORT,
    PERMIT,
    PRINT,
    Field,
)
from permits.fields.goods import GOODS
from permits.fields.header import HEADER

__all__ = [
    "API",
    "ASCII_FIELDS",
    "BOTH",
    "CONDITIONAL",
    "DIFF",
    "EVERYWHERE",
    "EXCEL",
    "EXPORT",
    "FORM",
    "GOODS",
    "GOODS_DERIVED",
    "GOODS_FIELDS",
    "GOODS_LOCKED",
    "GOODS_REQUIRED",
    "HEADER",
    "HEADER_DERIVED",
    "HEADER_EDITABLE",
    "HEADER_REQUIRED",
    "IMPORT",
    "MAX_LENGTHS",
    "PERMIT",
    "PRINT",
    "Field",
    "condition_met",
    "goods_field",
    "header_field",
    "header_fields",
]


def header_fields(direction: str | None = None, *, where: str | None = None) -> list[Field]:
    """Header fields of a direction (both when None), optionally only those shown `where`."""
    return [
        f
        for f in HEADER
        if (direction is None or f.applies_to(direction)) and (where is None or where in f.shown)
    ]


def _unique(fields) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.name for f in fields))


#: Header fields the applicant enters (暂存 / PUT), both directions.
HEADER_EDITABLE = _unique(f for f in HEADER if f.editable)
#: Header fields the system fills from others at a save (关区 from the import ports).
HEADER_DERIVED = ("customs_district_1", "customs_district_2")
HEADER_REQUIRED = _unique(f for f in HEADER if f.required)
GOODS_FIELDS = _unique(f for f in GOODS if f.editable)
GOODS_DERIVED = _unique(f for f in GOODS if not f.editable)
GOODS_REQUIRED = _unique(f for f in GOODS if f.required)
#: After the first item these come from it and cannot differ (domain.md, Goods).
GOODS_LOCKED = _unique(f for f in GOODS if f.locked)
ASCII_FIELDS = _unique(f for f in HEADER + GOODS if f.ascii)
MAX_LENGTHS = {f.name: f.max_length for f in HEADER + GOODS if f.max_length}
CONDITIONAL = tuple(f for f in HEADER if f.required_if)

_BY_NAME = {(f.name, d): f for f in HEADER for d in f.directions}
_GOODS_BY_NAME = {f.name: f for f in GOODS}


def header_field(name: str, direction: str = IMPORT) -> Field:
    return _BY_NAME[(name, direction)]


def goods_field(name: str) -> Field:
    return _GOODS_BY_NAME[name]


def condition_met(condition: str, values: dict) -> bool:
    """Whether "field=value" holds for these values (booleans compare as true/false)."""
    name, expected = condition.split("=", 1)
    value = values.get(name)
    if isinstance(value, bool):
        value = "true" if value else "false"
    return str(value if value is not None else "") == expected
