"""Reads for applications: access functions (object or 404) and lists."""

from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from core.errors import NotFound
from core.inputs import MAX_OFFSET
from permits import access, numbering
from permits.access import parse_id, require_applicant
from permits.models import CONFIRMATION_BYTES, Application, Attachment, Goods, StatusChange


def application_get_for_user(user, application_id, *, detail: bool = False) -> Application:
    """The application if `user` may see it (permits.access); NotFound for missing and
    not-yours alike."""
    qs = Application.objects.visible_to(user).select_related("approval_department", "write_off")
    if detail:
        qs = qs.prefetch_related(
            Prefetch("goods", queryset=Goods.objects.order_by("seq")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at")),
            # Each change with the notice it issued, if any (one LEFT JOIN, no snapshot).
            Prefetch(
                "history",
                queryset=StatusChange.objects.select_related("notice", "confirmation")
                .defer("notice__snapshot", *CONFIRMATION_BYTES)
                .order_by("at", "id"),
            ),
            "correction_items",
        )
    app = qs.filter(pk=parse_id(application_id)).first()
    if app is None:
        raise NotFound()
    return app


def own_application(user, application_id, *, detail: bool = False) -> Application:
    """For the applicant pages and API: the user's enterprise's application, 404 otherwise
    (approvers and customs reach applications through their own back offices)."""
    require_applicant(user)
    return application_get_for_user(user, application_id, detail=detail)


COUNT_CAP = 10_000


def _local_midnight(day) -> datetime:
    """Start of `day` in the current time zone, as an aware datetime."""
    if not isinstance(day, date):
        day = date.fromisoformat(str(day))
    return timezone.make_aware(datetime.combine(day, time.min))


# Date filters as half-open ranges of the stored datetime (sargable: an index range, where
# `created_at__date` converts every row, and on SQLite calls into Python for each).
DATE_FILTERS = (
    ("created_from", "created_at__gte", 0),
    ("created_to", "created_at__lt", 1),
    ("submitted_from", "submitted_at__gte", 0),
    ("submitted_to", "submitted_at__lt", 1),
)
DATE_LOOKUPS = {name: lookup for name, lookup, _days in DATE_FILTERS}


def application_query(user, *, filters: dict):
    """查询: the user's visible applications filtered as asked, newest first. One selector
    behind the page, the API and the Excel export. Every filter is answered from the
    app_ent_query index (models.Application.Meta), without reading rows."""
    spec = query_spec(user, filters)
    if spec is None:
        return Application.objects.none()
    return query_build(spec[0], **spec[1])


APPLICATION_NO_PART = 4  # characters from which any part of the number matches


def query_spec(user, filters: dict) -> tuple[tuple, dict] | None:
    """查询 for `user` and `filters` as (shape, values): the shape names the scope and each
    filter given with how it matches, the values are what the statement binds (a statement
    built once per shape: permits.query_page). None where the user sees nothing."""
    scope = access.scope_shape(user)
    if scope is None:
        return None
    scope_shape, values = scope
    values = dict(values)
    kinds = []
    f = {k: v for k, v in filters.items() if v not in (None, "")}
    for name in ("direction", "status", "approval_department"):
        if name in f:
            kinds.append((name,))
            values[name] = f[name]
    if "application_no" in f:
        text = f["application_no"].strip().upper()
        values["application_no"] = text
        # A number's beginning (I2026…, with the date it carries: an index range), or from 4
        # characters on any part of it (the last digits are what people remember).
        if text[:1].isalpha() or len(text) < APPLICATION_NO_PART:
            kinds.append(("application_no", "prefix"))
            period = numbering.created_range(text)
            if period:
                kinds.append(("period",))
                values["period_from"], values["period_to"] = period
        else:
            kinds.append(("application_no", "part"))
    if "permit_no" in f:
        kinds.append(("permit_no",))
        values["permit_no"] = f["permit_no"].strip().upper()
    if "drug_name" in f:
        # All goods of an application share one drug, mirrored on the application. Text
        # without letters that have a case (Chinese) needs no case folding, which costs as
        # much as the match itself on PostgreSQL (UPPER of every row).
        text = f["drug_name"].strip()
        kinds.append(("drug_name", "icontains" if text.lower() != text.upper() else "contains"))
        values["drug_name"] = text
    if f.get("written_off") is not None:
        kinds.append(("written_off", bool(f["written_off"])))
    for name, _lookup, days in DATE_FILTERS:
        if name in f:
            kinds.append((name,))
            values[name] = _local_midnight(f[name]) + timedelta(days=days)
    return (scope_shape, tuple(kinds)), values


_EXACT = {
    "direction": "direction",
    "status": "status",
    "approval_department": "approval_department_id",
}
_MATCH = {"prefix": "application_no__startswith", "part": "application_no__contains"}


def query_build(shape, **values):
    """The queryset of a query_spec: filtered as its shape says, newest first."""
    scope_shape, kinds = shape
    qs = Application.objects.filter(**access.scope_conditions(scope_shape, values))
    for kind in kinds:
        name = kind[0]
        if name in _EXACT:
            qs = qs.filter(**{_EXACT[name]: values[name]})
        elif name == "application_no":
            qs = qs.filter(**{_MATCH[kind[1]]: values[name]})
        elif name == "period":
            qs = qs.filter(
                created_at__gte=values["period_from"], created_at__lt=values["period_to"]
            )
        elif name == "permit_no":
            qs = qs.filter(permit_no__startswith=values[name])
        elif name == "drug_name":
            qs = qs.filter(**{f"drug_name__{kind[1]}": values[name]})
        elif name == "written_off":
            qs = qs.filter(written_off_at__isnull=not kind[1])
        else:
            qs = qs.filter(**{DATE_LOOKUPS[name]: values[name]})
    return qs.select_related("write_off").order_by("-created_at", "-id")


def page_of(qs, *, page: int, page_size: int):
    """One page of any queryset of applications, as model instances, and a count that never
    dominates the page: exact up to COUNT_CAP. The pages people and systems read come from
    statements built once (permits.query_page), which tests hold to this.

    The page's ids are chosen from the index alone (OFFSET skips index entries, not rows: a
    deferred join) and only those rows are read, in the same statement. The outer query
    repeats none of the filters, so both databases read the rows by primary key."""
    page = max(1, page)
    start = (page - 1) * page_size
    if start > MAX_OFFSET:  # beyond the last page: an empty page, the count as ever
        count = qs.order_by()[: COUNT_CAP + 1].count()
        return [], min(count, COUNT_CAP), count > COUNT_CAP
    ids = qs.values("pk")[start : start + page_size]
    rows = qs.model._default_manager.filter(pk__in=ids).order_by(*qs.query.order_by)
    if qs.query.select_related:
        rows.query.select_related = qs.query.select_related
    items = list(rows)
    if page == 1 and len(items) < page_size:
        count = len(items)
    else:
        count = qs.order_by()[: COUNT_CAP + 1].count()
    return items, min(count, COUNT_CAP), count > COUNT_CAP
