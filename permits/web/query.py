"""查询 (enterprise users only): the filter form and the result table, 导出Excel, and the
notices of an application (查看通知书). The actions on the checked rows are in query_actions.

Everything works without JavaScript: the filter and the pager are GET forms and links, the
actions are POST forms that redirect back to the list (post/redirect/get) with their outcome;
删除 and 撤回 then ask on a server-rendered confirmation page. With JavaScript, htmx swaps the
`.query` block in place and static/js/query.js asks 确定删除？ / 确认撤回？ in a dialog before
posting `confirmed=1`. The server decides every outcome; the page only reports it.
"""

import math
import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from config.pages.rendering import is_htmx, render_page
from core.errors import NotAllowed
from permits import exports, presenters, selectors
from permits.access import require_applicant
from permits.models import Direction, NoticeState
from permits.notices.reading import notice_open, notices_for
from permits.query_page import query_page
from permits.web import kept_page
from permits.web.query_form import QueryForm, display_name, filters_html
from permits.workflow.states import Status
from reference import selectors as ref

PAGE_SIZES = (20, 50, 100)
# The rows of a page: Jinja2 (config.pages.jinja), drawn up to 100 times a page.
ROWS_TEMPLATE = "permits/_query_rows.html"
FLASH_KEY = "permits.query.flash"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Messages are constants: the tests assert on them.
MSG_COPY_ONE = gettext_lazy("请选择一条申请单进行复制（不可同时勾选多条）。")
MSG_PRINT_ONE = gettext_lazy("请选择一条申请单打印申请表（不可同时勾选多条）。")
MSG_DELETE_NONE = gettext_lazy("请勾选要删除的申请单。")
MSG_WITHDRAW_NONE = gettext_lazy("请勾选要撤回的申请单。")
MSG_CONFIRM_DELETE = gettext_lazy("确定删除？")
MSG_CONFIRM_WITHDRAW = gettext_lazy("确认撤回？")
MSG_REFUSED = gettext_lazy("申请单 %(no)s：%(detail)s")
MSG_DELETE_DRAFTS = gettext_lazy("只能删除暂存状态的申请单，以下申请单不能删除：%s")
MSG_WITHDRAW_SENT = gettext_lazy("只能撤回已申报或已受理的申请单，以下申请单不能撤回：%s")
# What the buttons need and ask, written on them for query.js (the server checks again).
PAGE_MESSAGES = {
    "copy_one": MSG_COPY_ONE,
    "print_one": MSG_PRINT_ONE,
    "delete_none": MSG_DELETE_NONE,
    "withdraw_none": MSG_WITHDRAW_NONE,
    "confirm_delete": MSG_CONFIRM_DELETE,
    "confirm_withdraw": MSG_CONFIRM_WITHDRAW,
    "delete_drafts": MSG_DELETE_DRAFTS,
    "withdraw_sent": MSG_WITHDRAW_SENT,
}

# Status in words and colour (the colour is never the only signal: the label is shown).
BADGES = {
    Status.DRAFT: "grey",
    Status.SUBMITTED: "blue",
    Status.ACCEPTED: "blue",
    Status.CORRECTION_REQUIRED: "amber",
    Status.NOT_ACCEPTED: "red",
    Status.APPROVED: "green",
    Status.REJECTED: "red",
    Status.VOIDED: "grey",
    Status.WITHDRAWN: "violet",  # not grey: 暂存 and 已撤回 must not look alike
}


def _department_name(code) -> str:
    item = ref.get_item("departments", code, include_inactive=True)
    return display_name(item) if item else (code or "")


def application_url(application_id) -> str:
    """The application page (申请单号 opens it in a tab)."""
    return reverse("permits:application", args=[application_id])


def paging(params) -> tuple[int, int]:
    try:
        size = int(params.get("page_size", PAGE_SIZES[0]))
    except (TypeError, ValueError):
        size = PAGE_SIZES[0]
    size = size if size in PAGE_SIZES else PAGE_SIZES[0]
    try:
        page = int(params.get("page", 1))
    except (TypeError, ValueError):
        page = 1
    return min(max(page, 1), math.ceil(selectors.COUNT_CAP / size)), size


def querystring(filters: dict, **extra) -> str:
    return urlencode(hidden_fields(filters, **extra))


def _rows(items) -> list[dict]:
    directions = dict(Direction.choices)
    # Each row's links: the address of a stand-in id, reversed once a page, with the row's id.
    standin = uuid.UUID(int=0)
    page_url = application_url(standin)
    notice_url = reverse("permits:notice_latest", args=[standin])
    rows = []
    for app in items:
        data = presenters.summary_out(app)
        data.update(
            url=page_url.replace(str(standin), str(app.id)),
            direction_label=directions.get(app.direction, ""),
            badge=BADGES.get(app.status, "grey"),
            drug_names="、".join(dict.fromkeys(data["drug_names"])),  # each name once
            department=_department_name(app.approval_department_id),
            notice_url=notice_url.replace(str(standin), str(app.id))
            if app.notice_state == NoticeState.READY
            else None,
            notice_state=app.notice_state or "",
            check_label=_("选择 %(no)s") % {"no": data["application_no"]},
        )
        rows.append(data)
    return rows


def page_numbers(page: int, last: int) -> list[int | None]:
    """Page numbers around the current one, with the first and the last; None is a gap."""
    wanted = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    shown: list[int | None] = []
    for n in wanted:
        if shown and n - shown[-1] > 1:
            shown.append(None)
        shown.append(n)
    return shown


def _context(request, params, *, flash=()) -> dict:
    """Everything query.html shows for these parameters (GET, or the hidden fields of a
    POST); invalid filters are reported next to their fields and run no query."""
    reset = "reset" in params
    form = QueryForm({} if reset else params)
    page, size = paging({} if reset else params)
    context = {
        "form": form,
        "flash": list(flash),
        "page_sizes": PAGE_SIZES,
        "page_size": size,
        "msg": PAGE_MESSAGES,
        "count_cap": f"{selectors.COUNT_CAP:,}",
    }
    if not form.is_valid():
        form.mark_errors()
        return {**context, "invalid": True, "filters_html": filters_html(form, size)}
    context["filters_html"] = filters_html(form, size)
    filters = form.filters()

    def pick(n):
        return query_page(request.user, filters, page=n, page_size=size, notices=True)

    items, count, capped = pick(page)
    last = max(1, math.ceil(count / size))
    if not items and count and page > last:  # past the end (rows deleted meanwhile)
        page = last
        items, count, capped = pick(page)
    qs_for = {n: querystring(filters, page=n, page_size=size) for n in (page - 1, page + 1)}
    return {
        **context,
        "rows_html": mark_safe(render_to_string(ROWS_TEMPLATE, {"rows": _rows(items)})),  # noqa: S308
        "count": count,
        "capped": capped,
        "count_text": f"{count:,}",
        "page": page,
        "last_page": last,
        "pages": [
            (n, querystring(filters, page=n, page_size=size) if n else "")
            for n in page_numbers(page, last)
        ],
        "prev_qs": qs_for[page - 1] if page > 1 else "",
        "next_qs": qs_for[page + 1] if page < last else "",
        "filter_qs": querystring(filters),
        "filter_hidden": hidden_fields(filters),
        "hidden": hidden_fields(filters, page=page, page_size=size),
    }


def hidden_fields(filters: dict, **extra) -> list[tuple[str, str]]:
    """The current filter (and page), carried by the other forms of the page, so the list
    comes back the same after paging or an action."""
    values = {**filters, **extra}
    return [(k, _as_text(v)) for k, v in values.items()]


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def render_list(request, params, *, flash=()):
    """The page; with nothing to report (flash), the list as kept under its tag."""
    if flash:
        context = _context(request, params, flash=flash)
        return render_page(request, "permits/query.html", context, title=_("查询"))
    return kept_page.query_list_page(
        request, params, context_of=lambda: _context(request, params), title=_("查询")
    )


@login_required
@require_GET
def query(request):
    require_applicant(request.user)
    flash = request.session.pop(FLASH_KEY, []) if not is_htmx(request) else []
    return render_list(request, request.GET, flash=flash)


@login_required
@require_GET
def query_export(request):
    """导出Excel: every row of the current filter (all pages), streamed from a temp file."""
    require_applicant(request.user)
    form = QueryForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('permits:query')}?{request.GET.urlencode()}")
    qs = selectors.application_query(request.user, filters=form.filters())
    name = _("查询结果") + f"-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        exports.write_xlsx(qs), as_attachment=True, filename=name, content_type=XLSX
    )


@login_required
@require_GET
def notice_latest(request, application_id):
    """查看通知书: the latest notice of a visible application (the download is recorded)."""
    require_applicant(request.user)
    _app, issued = notices_for(request.user, application_id)
    if not issued:
        raise Http404
    return _notice_response(request, issued[-1].id)


def _notice_response(request, notice_id):
    """The notice's PDF, or while it is being made a page that says so (生成中)."""
    try:
        notice, handle = notice_open(actor=request.user, notice_id=notice_id)
    except NotAllowed as exc:
        context = {"message": exc.detail}
        return render_page(
            request,
            "permits/notice_pending.html",
            context,
            title=_("通知书"),
            status=exc.status_code,
        )
    return FileResponse(
        handle, as_attachment=False, filename=f"{notice.number}.pdf", content_type="application/pdf"
    )


@login_required
@require_GET
def notice_view(request, pk, notice_id):
    """One notice of an application (from its 办理记录)."""
    require_applicant(request.user)
    _app, issued = notices_for(request.user, pk)
    if not any(n.id == notice_id for n in issued):
        raise Http404
    return _notice_response(request, notice_id)
