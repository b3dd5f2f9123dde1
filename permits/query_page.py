"""A page of 查询 from statements built once (config.speed.statements): the page's rows and the
capped count, each SQL written by the ORM the first time a shape of filters is asked for
(selectors.query_spec) and bound with new values after that.

The statements are those of selectors.page_of (the page's ids chosen from the index alone, a
count capped at COUNT_CAP); what differs is that no queryset is built or compiled per request,
the rows come back as plain values (a page shows the summary of each row, not a model
instance), and the drug names come from the application's mirror of them, not the goods.
Rows carry the attributes presenters.summary_out and review_item_out read."""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import OuterRef, Subquery

from config.speed.statements import Template
from core.inputs import MAX_OFFSET
from permits import access, selectors
from permits.models import Application, Notice
from permits.selectors import query_build, query_spec

#: The columns a 查询 row shows (presenters.summary_out and the 查询 page).
COLUMNS = (
    "id",
    "direction",
    "application_no",
    "permit_no",
    "status",
    "applicant_name",
    "approval_department_id",
    "created_at",
    "updated_at",
    "submitted_at",
    "decided_at",
    "written_off_at",
    "drug_name",
)
WRITE_OFF_COLUMNS = ("customs_district", "declaration_no", "at", "officer_name")
_WRITE_OFF_AT = WRITE_OFF_COLUMNS.index("at")
_VALUE_FIELDS = {
    "direction": "direction",
    "status": "status",
    "approval_department": "approval_department",
    "application_no": "application_no",
    "period_from": "created_at",
    "period_to": "created_at",
    "permit_no": "permit_no",
    "drug_name": "drug_name",
    "created_from": "created_at",
    "created_to": "created_at",
    "submitted_from": "submitted_at",
    "submitted_to": "submitted_at",
}
FIELDS = {
    name: Application._meta.get_field(field)
    for name, field in (
        *((n, n.removesuffix("_id")) for n in access.SCOPE_VALUE_FIELDS),
        *_VALUE_FIELDS.items(),
    )
}


class PageStatements:
    """The statements of a page of the rows `build(shape, **values)` gives (a filtered,
    ordered queryset of applications): `columns` of the page's rows with their write-off, and
    the capped count."""

    def __init__(self, build, fields: dict, columns: tuple, annotations: dict | None = None):
        """`annotations`: more columns of each row, by name (expressions over the row)."""
        self.build, self.annotations = build, annotations or {}
        self.columns = (*columns, *self.annotations)
        self._rows = Template(self._rows_of, fields, windowed=True)
        self._count = Template(self._count_of, fields, wrap="SELECT COUNT(*) FROM ({}) capped")

    def _ids(self, shape, window, values):
        return self.build(shape, **values).values("pk")[window[0] : window[1]]

    def _rows_of(self, shape, *, window, **values):
        order = self.build(shape, **values).query.order_by
        return (
            Application.objects.filter(pk__in=self._ids(shape, window, values))
            .annotate(**self.annotations)
            .order_by(*order)
            .values_list(*self.columns, *(f"write_off__{c}" for c in WRITE_OFF_COLUMNS))
        )

    def _count_of(self, capped_shape, **values):
        shape, cap = capped_shape
        return self.build(shape, **values).order_by().values_list("pk")[: cap + 1]

    def _row(self, values: tuple) -> SimpleNamespace:
        row = SimpleNamespace(**dict(zip(self.columns, values, strict=False)))
        written = values[len(self.columns) :]
        row.write_off = (
            SimpleNamespace(**dict(zip(WRITE_OFF_COLUMNS, written, strict=True)))
            if written[_WRITE_OFF_AT] is not None  # a write-off always has its time
            else None
        )
        # Every item of an application names the same drug (GOODS_LOCKED), mirrored on the
        # application: the page's drug names without reading the goods.
        row.drug_names = [row.drug_name] if row.drug_name else []
        return row

    def page(self, shape, values: dict, *, page: int, page_size: int):
        """(rows, count, capped) as selectors.page_of gives them, with rows as values."""
        cap = selectors.COUNT_CAP  # read on each call (tests lower it)
        page = max(1, page)
        start = (page - 1) * page_size
        if start > MAX_OFFSET:  # beyond the last page: an empty page, the count as ever
            count = self._count.rows((shape, cap), **values)[0][0]
            return [], min(count, cap), count > cap
        window = (start, start + page_size)
        rows = [self._row(r) for r in self._rows.rows(shape, window=window, **values)]
        if page == 1 and len(rows) < page_size:
            count = len(rows)
        else:
            count = self._count.rows((shape, cap), **values)[0][0]
        return rows, min(count, cap), count > cap


def _latest_notice(column: str) -> Subquery:
    """A column of the application's latest notice (the last issued), or NULL."""
    notices = Notice.objects.filter(application=OuterRef("pk")).order_by("-issued_at", "-id")
    return Subquery(notices.values(column)[:1])


QUERY = PageStatements(query_build, FIELDS, COLUMNS)
# The 查询 page also links each row's latest notice (查看通知书) or says it is being made.
QUERY_WITH_NOTICES = PageStatements(
    query_build,
    FIELDS,
    COLUMNS,
    {"notice_id": _latest_notice("id"), "notice_state": _latest_notice("state")},
)


def query_page(user, filters: dict, *, page: int, page_size: int, notices: bool = False):
    """(rows, count, capped) of 查询 for `user`: as selectors.page_of gives them for
    selectors.application_query, with rows as values; with `notices`, each row also has
    its latest notice's `notice_id` and `notice_state` (None where it has none)."""
    spec = query_spec(user, filters)
    if spec is None:
        return [], 0, False
    statements = QUERY_WITH_NOTICES if notices else QUERY
    return statements.page(*spec, page=page, page_size=page_size)
