"""API shapes of applications (field names fixed by api.md), built from the field table.

Request bodies take every editable field loosely typed (the application rules check values and
report every problem at once, 422); responses carry every field shown in the API, typed, next
to the record's own columns (id, status, times) and what the detail adds.
"""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import create_model

from core.schemas import InSchema
from permits.fields import API, GOODS, HEADER
from permits.fields import Field as FieldDef

_IN_TYPES: dict[str, Any] = {"bool": bool | None, "decimal": str | float | int | None}
_OUT_TYPES: dict[str, Any] = {"bool": bool | None, "date": date | None, "decimal": str}
NULLABLE_OUT = {"permit_no", "approval_department", "substance", "category"}


def _description(f: FieldDef) -> str:
    text = (
        f"{f.zh[0]} / {f.en[0]}"
        if f.zh[0] == f.zh[1]
        else (f"import: {f.zh[0]} / {f.en[0]}; export: {f.zh[1]} / {f.en[1]}")
    )
    if f.choices:
        text += "; one of " + ", ".join(f"`{value}`" for value, _label in f.choices)
    elif f.kind and f.stored == "code":
        text += f"; a code of reference `{f.kind}` (or its exact name)"
    elif f.kind:
        text += f"; a name from reference `{f.kind}`"
    if f.name.startswith("port_"):
        text += "; import: port code (reference `import-ports`); export: standard city name"
    return text


def _unique(fields) -> list[FieldDef]:
    seen: dict[str, FieldDef] = {}
    for f in fields:
        seen.setdefault(f.name, f)
    return list(seen.values())


def _in_fields(fields) -> dict:
    return {
        f.name: (_IN_TYPES.get(f.type, str | None), Field(None, description=_description(f)))
        for f in _unique(fields)
    }


def _out_fields(fields) -> dict:
    out = {}
    for f in _unique(fields):
        kind = _OUT_TYPES.get(f.type, str)
        if f.name in NULLABLE_OUT:
            kind = str | None
        out[f.name] = (kind, Field(..., description=_description(f)))
    return out


HeaderIn = create_model(
    "HeaderIn",
    __base__=InSchema,
    __doc__="Editable header fields; types are loose on purpose: the application rules check "
    "them and report every problem at once (422).",
    **_in_fields(f for f in HEADER if f.editable and API in f.shown),
)
GoodsIn = create_model(
    "GoodsIn",
    __base__=InSchema,
    __doc__="A goods item (商品信息).",
    **_in_fields(f for f in GOODS if f.editable and API in f.shown),
)
HeaderOut = create_model(
    "HeaderOut", __base__=Schema, **_out_fields(f for f in HEADER if API in f.shown)
)
GoodsFieldsOut = create_model(
    "GoodsFieldsOut", __base__=Schema, **_out_fields(f for f in GOODS if API in f.shown)
)


class ApplicationCreateIn(HeaderIn):
    direction: Literal["import", "export"]


class ApplicationUpdateIn(HeaderIn):
    version: int
    direction: Literal["import", "export"] | None = None


class GoodsOut(GoodsFieldsOut):
    id: str
    seq: int


class FileOut(Schema):
    name: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str


class AttachmentSlotOut(Schema):
    type: str
    name: str
    required: bool
    file: FileOut | None
    needs_correction: bool
    correction_opinion: str


class AttachmentListOut(Schema):
    items: list[AttachmentSlotOut]


class KeyConfirmationOut(Schema):
    """The key confirmation an action was taken with: the key's name and the SHA-256 of the
    application's canonical content that its signature covers."""

    key_name: str
    content_sha256: str
    at: datetime


class HistoryOut(Schema):
    action: str
    from_status: str
    to_status: str
    actor: str
    at: datetime
    reason: str
    key_confirmation: KeyConfirmationOut | None = None


class ClockOut(Schema):
    """The statutory clock (api.md, Review): dates in working days on the PRC calendar."""

    received_on: date
    working_days_elapsed: int
    correction_due: date
    decision_due: date
    paused: bool
    overdue: bool
    provisional: bool


class WriteOffOut(Schema):
    """The one use of the permit at customs (一证一关)."""

    customs_district: str
    declaration_no: str
    at: datetime
    officer: str


class ApplicationSummaryOut(Schema):
    id: str
    direction: str
    application_no: str
    permit_no: str | None
    status: str
    status_label: str
    applicant_name: str
    approval_department: str | None
    drug_names: list[str]
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    write_off: WriteOffOut | None = None


class ApplicationOut(HeaderOut):
    id: str
    direction: str
    status: str
    status_label: str
    version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    verification_url: str | None
    goods: list[GoodsOut]
    attachments: list[AttachmentSlotOut]
    required_attachments: list[str]
    allowed_actions: list[str]
    history: list[HistoryOut]
    clock: ClockOut | None = Field(None, description="null before the first 申报")
    write_off: WriteOffOut | None = Field(None, description="null until used at customs")


class PageOut(Schema):
    items: list[ApplicationSummaryOut]
    count: int
    page: int
    page_size: int
