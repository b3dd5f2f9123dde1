"""GET /api/v1/reference/{kind}: the pickers' look-up, open to any authenticated user
(authentication is the API's default; this router does not override it).

The body is joined from JSON encoded once per row (selectors.lookup_json) rather than
validated per request: a full list would otherwise cost ~5 ms against a 3 ms budget. The
schemas below still document it, and a test validates real responses against them."""

from django.http import Http404, HttpResponse
from ninja import Field, Path, Query, Router, Schema

from core.inputs import INT_MAX
from reference import selectors

router = Router(tags=["reference"])

KIND_LIST = ", ".join(f"`{k}`" for k in selectors.kinds())


class RefItemOut(Schema):
    code: str
    name: str = Field(description="Chinese name")
    name_en: str = Field(description="English name (may be empty)")
    customs_district: str | None = Field(None, description="import-ports: district code")
    customs_district_name: str | None = Field(None, description="import-ports: district name")
    biological_allowed: bool | None = Field(
        None, description="import-ports: biological products may enter here"
    )
    category: str | None = Field(None, description="drugs: `anabolic_agent` or `peptide_hormone`")
    biological: bool | None = Field(None, description="drugs: biological product")
    note: str | None = Field(None, description="hs-codes: e.g. awaiting confirmation")
    alpha2: str | None = Field(None, description="countries: ISO 3166-1 alpha-2")


class RefListOut(Schema):
    items: list[RefItemOut]


@router.get(
    "/{kind}",
    response=RefListOut,
    summary="Look up reference data",
    description=(
        f"kind: one of {KIND_LIST}. `q` matches a code prefix, any part of the Chinese name, "
        "the pinyin initials (`bj` → 北京) or full pinyin, or the English name, case-blind; "
        "best matches first. Without `q`, the table in order. `limit` above "
        f"{selectors.MAX_LIMIT} is capped. Fields beyond code/name/name_en appear only for "
        "the kinds named in their descriptions."
    ),
)
def reference_lookup(
    request,
    kind: str = Path(..., description=f"one of {KIND_LIST}; any other → 404", example="units"),
    q: str = Query("", max_length=100, description="search text; empty lists the table"),
    limit: int = Query(
        selectors.DEFAULT_LIMIT, ge=1, le=INT_MAX, description="at most this many items"
    ),
):
    try:
        body = selectors.lookup_json(kind, q, limit)
    except selectors.UnknownKind:
        raise Http404 from None
    return HttpResponse(body, content_type="application/json; charset=utf-8")
