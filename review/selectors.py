"""Reads of the approver back office: the department's queues with their counts, and one
application with everything the approver needs to decide."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Prefetch, Q

from core.errors import NotFound
from permits import query_page
from permits.access import parse_id
from permits.models import (
    CONFIRMATION_BYTES,
    Application,
    Attachment,
    Goods,
    Notice,
    StatusChange,
)
from permits.selectors import COUNT_CAP, query_build, query_spec
from permits.timing.clock import RUNNING
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


def queue_query(user, *, queue: str = "all", filters: dict | None = None, order: str = "newest"):
    """The department's applications in `queue`, filtered as 查询 plus `enterprise`, newest
    submission first or the most urgent (decision due soonest, then oldest receipt) first."""
    spec = queue_spec(user, queue=queue, filters=filters, order=order)
    if spec is None:
        return Application.objects.none()
    return queue_build(spec[0], **spec[1])


def queue_spec(user, *, queue: str, filters: dict | None, order: str):
    """queue_query as (shape, values) for a statement built once (permits.query_page):
    查询's spec plus the queue, how `enterprise` matches, and the order."""
    filters = dict(filters or {})
    enterprise = (filters.pop("enterprise", None) or "").strip()
    spec = query_spec(user, filters)
    if spec is None:
        return None
    shape, values = spec
    matching = ""
    if enterprise:
        values = {**values, "enterprise": enterprise}
        # A USCC prefix (digits and capitals) or any part of the enterprise's name.
        if enterprise.upper() == enterprise and enterprise.isalnum() and enterprise.isascii():
            matching, values["enterprise_uscc"] = "uscc_or_name", enterprise.upper()
        else:
            matching = "name"
    return (shape, queue, matching, order), values


def queue_build(shape, **values):
    """The queryset of a queue_spec."""
    query_shape, queue, matching, order = shape
    qs = query_build(query_shape, **values)
    statuses = QUEUES[queue]
    qs = qs.filter(status__in=statuses) if len(statuses) > 1 else qs.filter(status=statuses[0])
    if matching:
        name = Q(applicant_name__icontains=values["enterprise"])
        qs = qs.filter(
            Q(applicant_uscc__startswith=values["enterprise_uscc"]) | name
            if matching == "uscc_or_name"
            else name
        )
    if order == "due":
        if set(statuses) <= RUNNING:  # every row has a due date: straight from the index
            return qs.order_by("decision_due", "submitted_at", "id")
        return qs.order_by(F("decision_due").asc(nulls_last=True), "submitted_at", "id")
    # Every application an approver sees was submitted at least once: submitted_at is set.
    return qs.order_by("-submitted_at", "-id")


#: The columns a queue row shows (review.presenters.review_item_out, the clock), read as
#: values with the write-off (permits.query_page).
ROW_COLUMNS = (*query_page.COLUMNS, "applicant_uscc", "clock_stopped_at")
_FIELDS = {
    **query_page.FIELDS,
    "enterprise": Application._meta.get_field("applicant_name"),
    "enterprise_uscc": Application._meta.get_field("applicant_uscc"),
}
QUEUE = query_page.PageStatements(queue_build, _FIELDS, ROW_COLUMNS)


def queue_page(user, *, queue: str, filters: dict, order: str, page: int, page_size: int):
    """(rows, count, capped) of a queue: as page_of gives them for queue_query, with rows as
    values."""
    spec = queue_spec(user, queue=queue, filters=filters, order=order)
    if spec is None:
        return [], 0, False
    return QUEUE.page(*spec, page=page, page_size=page_size)


#: The parts whose counts make up "all": each queue but "all", and the statuses in none of them.
_PARTS = {name: statuses for name, statuses in QUEUES.items() if name != "all"}
_PARTS["_rest"] = tuple(
    s for s in QUEUES["all"] if not any(s in statuses for statuses in _PARTS.values())
)


def queue_counts(user) -> dict[str, int]:
    """How many applications each queue holds, exact up to COUNT_CAP (then the cap): one
    statement, each queue's count read from the department's index and capped. "all" is the
    sum of the parts (every index entry is read once, not twice): when a part reaches the
    cap, so does the sum."""
    if role_of(user) is not Role.APPROVER or not user.department_id:
        return dict.fromkeys(QUEUES, 0)
    table = Application._meta.db_table
    parts, params = [], []
    for name, statuses in _PARTS.items():
        if not statuses:
            continue
        marks = ", ".join(["%s"] * len(statuses))
        parts.append(
            f"SELECT %s AS queue, COUNT(*) AS n FROM (SELECT 1 FROM {table} "  # noqa: S608
            f"WHERE approval_department_id = %s AND status IN ({marks}) LIMIT %s) AS q"
        )
        params += [name, user.department.code, *statuses, COUNT_CAP + 1]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = dict(cursor.fetchall())
    found["all"] = sum(found.values())
    return {name: min(found.get(name, 0), COUNT_CAP) for name in QUEUES}


def review_get(user, application_id) -> Application:
    """One application of the approver's department with goods, attachments, history (each
    change with its notice), notices and correction items; NotFound otherwise."""
    if role_of(user) is not Role.APPROVER:
        raise NotFound()
    app = (
        Application.objects.visible_to(user)
        .select_related("approval_department", "enterprise", "write_off")
        .prefetch_related(
            Prefetch("goods", queryset=Goods.objects.order_by("seq")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at")),
            Prefetch(
                "history",
                queryset=StatusChange.objects.select_related("notice", "confirmation")
                .defer("notice__snapshot", "snapshot", *CONFIRMATION_BYTES)
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
