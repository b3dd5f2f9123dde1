"""Reads for applications: access functions (object or 404) and lists."""

import uuid

from django.db.models import Prefetch
from django.http import Http404

from permits.models import Application, Attachment, Goods, StatusChange


def parse_id(value) -> uuid.UUID:
    """Ids are UUIDs; anything else names nothing (404, like a missing object)."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise Http404 from exc


def application_get_for_user(user, application_id, *, detail: bool = False) -> Application:
    """The application if `user` may see it; 404 for missing and not-yours alike."""
    qs = Application.objects.visible_to(user).select_related("approval_department")
    if detail:
        qs = qs.prefetch_related(
            Prefetch("goods", queryset=Goods.objects.order_by("seq")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at")),
            Prefetch("history", queryset=StatusChange.objects.order_by("at", "id")),
            "correction_items",
        )
    try:
        return qs.get(pk=parse_id(application_id))
    except Application.DoesNotExist as exc:
        raise Http404 from exc


def own_application(user, application_id, *, detail: bool = False) -> Application:
    """For the applicant pages and API: the user's enterprise's application, 404 otherwise
    (approvers and customs reach applications through their own back offices)."""
    if not user.is_enterprise_user:
        raise Http404
    return application_get_for_user(user, application_id, detail=detail)


def goods_of(application: Application) -> list[Goods]:
    return list(application.goods.order_by("seq"))


def attachments_by_type(application: Application) -> dict[str, Attachment]:
    return {a.type: a for a in application.attachments.all()}


COUNT_CAP = 10_000


def application_query(user, *, filters: dict):
    """查询: the user's visible applications filtered as asked, newest first. One selector
    behind the page, the API and the Excel export."""
    qs = Application.objects.visible_to(user)
    f = {k: v for k, v in filters.items() if v not in (None, "")}
    if "direction" in f:
        qs = qs.filter(direction=f["direction"])
    if "status" in f:
        qs = qs.filter(status=f["status"])
    if "application_no" in f:
        qs = qs.filter(application_no__startswith=f["application_no"].strip().upper())
    if "permit_no" in f:
        qs = qs.filter(permit_no__startswith=f["permit_no"].strip().upper())
    if "approval_department" in f:
        qs = qs.filter(approval_department_id=f["approval_department"])
    if "drug_name" in f:
        qs = qs.filter(
            pk__in=Goods.objects.filter(drug_name__icontains=f["drug_name"].strip()).values(
                "application_id"
            )
        )
    for name, lookup in (
        ("created_from", "created_at__date__gte"), ("created_to", "created_at__date__lte"),
        ("submitted_from", "submitted_at__date__gte"), ("submitted_to", "submitted_at__date__lte"),
    ):
        if name in f:
            qs = qs.filter(**{lookup: f[name]})
    return qs.order_by("-created_at", "-id")


def page_of(qs, *, page: int, page_size: int):
    """One page and a count that never dominates the page: exact up to COUNT_CAP."""
    page = max(1, page)
    start = (page - 1) * page_size
    items = list(qs.prefetch_related(Prefetch("goods", queryset=Goods.objects.order_by("seq")))[
        start : start + page_size
    ])
    if page == 1 and len(items) < page_size:
        count = len(items)
    else:
        count = qs.order_by()[: COUNT_CAP + 1].count()
    return items, min(count, COUNT_CAP), count > COUNT_CAP
