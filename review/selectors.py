"""Reads of the approver back office: the department's queues with their counts, and one
application with everything the approver needs to decide."""

from __future__ import annotations

from django.db.models import F, Prefetch, Q

from config.errors import NotFound
from permits.access import parse_id
from permits.models import Application, Attachment, Goods, Notice, StatusChange
from permits.selectors import COUNT_CAP, application_query
from permits.workflow.states import Role, Status, role_of

S = Status
#: The queues of api.md (Review) and ui.md: name → statuses.
QUEUES: dict[str, tuple[str, ...]] = {
    "pending": (S.SUBMITTED,),
    "in_review": (S.ACCEPTED,),
    "correcting": (S.CORRECTION_REQUIRED,),
    "done": (S.NOT_ACCEPTED, S.APPROVED, S.REJECTED, S.VOIDED),
    "all": tuple(s for s in Status if s != S.DRAFT),
}
ORDERS = ("newest", "due")


def _enterprise_filter(text: str) -> Q:
    """A USCC prefix (digits and capitals) or any part of the enterprise's name."""
    text = text.strip()
    if text and text.upper() == text and text.isalnum() and text.isascii():
        return Q(applicant_uscc__startswith=text.upper()) | Q(applicant_name__icontains=text)
    return Q(applicant_name__icontains=text)


def queue_query(user, *, queue: str = "all", filters: dict | None = None, order: str = "newest"):
    """The department's applications in `queue`, filtered as 查询 plus `enterprise`, newest
    submission first or the most urgent (decision due soonest, then oldest receipt) first."""
    filters = dict(filters or {})
    enterprise = (filters.pop("enterprise", None) or "").strip()
    qs = application_query(user, filters=filters)
    statuses = QUEUES[queue]
    qs = qs.filter(status__in=statuses) if len(statuses) > 1 else qs.filter(status=statuses[0])
    if enterprise:
        qs = qs.filter(_enterprise_filter(enterprise))
    if order == "due":
        return qs.order_by(F("decision_due").asc(nulls_last=True), "submitted_at", "id")
    return qs.order_by(F("submitted_at").desc(nulls_last=True), "-id")


def queue_counts(user) -> dict[str, int]:
    """How many applications each queue holds, exact up to COUNT_CAP (then the cap)."""
    base = Application.objects.visible_to(user)
    counts = {}
    for name, statuses in QUEUES.items():
        qs = base.filter(status__in=statuses)
        counts[name] = qs.order_by()[: COUNT_CAP + 1].count()
    return {name: min(n, COUNT_CAP) for name, n in counts.items()}


def review_get(user, application_id) -> Application:
    """One application of the approver's department with goods, attachments, history (each
    change with its notice), notices and correction items; NotFound otherwise."""
    if role_of(user) is not Role.APPROVER:
        raise NotFound()
    app = (
        Application.objects.visible_to(user)
        .select_related("approval_department", "enterprise")
        .prefetch_related(
            Prefetch("goods", queryset=Goods.objects.order_by("seq")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at")),
            Prefetch(
                "history",
                queryset=StatusChange.objects.select_related("notice")
                .defer("notice__snapshot", "snapshot")
                .order_by("at", "id"),
            ),
            Prefetch("notices", queryset=Notice.objects.defer("snapshot")),
            "correction_items",
        )
        .filter(pk=parse_id(application_id))
        .first()
    )
    if app is None:
        raise NotFound()
    return app
