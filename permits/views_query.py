"""查询 and what follows submission (enterprise users only): the filter form and the result
table, the actions on the checked rows (复制, 删除, 撤回, 打印申请表, 导出Excel) and the
latest notice of an application (查看通知书).

Everything works without JavaScript: the filter and the pager are GET forms and links, the
actions are POST forms that redirect back to the list (post/redirect/get) with their outcome;
删除 and 撤回 then ask on a server-rendered confirmation page. With JavaScript, htmx swaps the
`.query` block in place and static/js/query.js asks 确定删除？ / 确认撤回？ in a dialog before
posting `confirmed=1`. The server decides every outcome; the page only reports it.
"""

import math

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from config.errors import DomainError
from config.rendering import is_htmx, render_page
from permits import exports, notices, presenters, selectors, services
from permits.access import applicant_or_404
from permits.forms_query import QueryForm, display_name
from permits.models import Direction, Notice
from permits.workflow import Status
from reference import selectors as ref

PAGE_SIZES = (20, 50, 100)
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
# What the buttons need and ask, written on them for query.js (the server checks again).
PAGE_MESSAGES = {
    "copy_one": MSG_COPY_ONE, "print_one": MSG_PRINT_ONE, "delete_none": MSG_DELETE_NONE,
    "withdraw_none": MSG_WITHDRAW_NONE, "confirm_delete": MSG_CONFIRM_DELETE,
    "confirm_withdraw": MSG_CONFIRM_WITHDRAW,
}

# Status in words and colour (the colour is never the only signal: the label is shown).
BADGES = {
    Status.DRAFT: "grey", Status.SUBMITTED: "blue", Status.ACCEPTED: "blue",
    Status.CORRECTION_REQUIRED: "amber", Status.NOT_ACCEPTED: "red", Status.APPROVED: "green",
    Status.REJECTED: "red", Status.VOIDED: "grey", Status.WITHDRAWN: "grey",
}
def _department_name(code) -> str:
    item = ref.get_item("departments", code, include_inactive=True)
    return display_name(item) if item else (code or "")


def application_url(application_id) -> str:
    """The application page (申请单号 opens it in a tab)."""
    return reverse("permits:application", args=[application_id])


def _paging(params) -> tuple[int, int]:
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


def _querystring(filters: dict, **extra) -> str:
    return urlencode(_hidden(filters, **extra))


def _latest_notices(items) -> dict:
    """application id → its latest notice id, for a whole page in one query (oldest first,
    so the latest wins)."""
    notices = Notice.objects.filter(application_id__in=[a.id for a in items])
    return dict(notices.order_by("issued_at", "id").values_list("application_id", "id"))


def _rows(items) -> list[dict]:
    directions = dict(Direction.choices)
    notices = _latest_notices(items)
    rows = []
    for app in items:
        data = presenters.summary_out(app)
        data.update(
            url=application_url(app.id), direction_label=directions.get(app.direction, ""),
            badge=BADGES.get(app.status, "grey"), drug_names="、".join(data["drug_names"]),
            department=_department_name(app.approval_department_id),
            notice_url=reverse("permits:notice_latest", args=[app.id])
            if app.id in notices else None,
        )
        rows.append(data)
    return rows


def _pages(page: int, last: int) -> list[int | None]:
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
    page, size = _paging({} if reset else params)
    context = {"form": form, "flash": list(flash), "page_sizes": PAGE_SIZES, "page_size": size,
               "msg": PAGE_MESSAGES}
    if not form.is_valid():
        form.mark_errors()
        return {**context, "invalid": True}
    filters = form.filters()
    qs = selectors.application_query(request.user, filters=filters)
    items, count, capped = selectors.page_of(qs, page=page, page_size=size)
    last = max(1, math.ceil(count / size))
    if not items and count and page > last:  # past the end (rows deleted meanwhile)
        page = last
        items, count, capped = selectors.page_of(qs, page=page, page_size=size)
    qs_for = {n: _querystring(filters, page=n, page_size=size) for n in (page - 1, page + 1)}
    return {
        **context, "rows": _rows(items), "count": count, "capped": capped,
        "count_text": f"{count:,}", "page": page, "last_page": last,
        "pages": [(n, _querystring(filters, page=n, page_size=size) if n else "")
                  for n in _pages(page, last)],
        "prev_qs": qs_for[page - 1] if page > 1 else "",
        "next_qs": qs_for[page + 1] if page < last else "",
        "filter_qs": _querystring(filters), "filter_hidden": _hidden(filters),
        "hidden": _hidden(filters, page=page, page_size=size),
    }


def _hidden(filters: dict, **extra) -> list[tuple[str, str]]:
    """The current filter (and page), carried by the other forms of the page, so the list
    comes back the same after paging or an action."""
    values = {**filters, **extra}
    return [(k, v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in values.items()]


def _page(request, params, *, flash=()):
    context = _context(request, params, flash=flash)
    return render_page(request, "permits/query.html", context, title=_("查询"))


@login_required
@require_GET
def query(request):
    applicant_or_404(request.user)
    flash = request.session.pop(FLASH_KEY, []) if not is_htmx(request) else []
    return _page(request, request.GET, flash=flash)


# ---- actions on the checked rows -------------------------------------------------------


def _checked(request) -> list:
    """The checked applications, in the table's order. An id that names nothing the user may
    see is a 404 for the whole request: nothing is done to any row."""
    ids = {selectors.parse_id(v) for v in request.POST.getlist("ids")}
    if not ids:
        return []
    found = list(selectors.application_query(request.user, filters={}).filter(pk__in=ids))
    if len(found) != len(ids):
        raise Http404
    return found


def _back(request, flash: list):
    """After an action: the list as it was (htmx gets it at once; a plain form post is sent
    back to it, with the outcome kept for one display)."""
    if is_htmx(request):
        return _page(request, request.POST, flash=flash)
    request.session[FLASH_KEY] = flash
    return redirect(_list_url(request.POST))


def _carried(params) -> tuple[dict, int, int]:
    """The filter and page a POST carries in its hidden fields."""
    form = QueryForm(params)
    page, size = _paging(params)
    return (form.filters() if form.is_valid() else {}), page, size


def _list_url(params) -> str:
    filters, page, size = _carried(params)
    return f"{reverse('permits:query')}?{_querystring(filters, page=page, page_size=size)}"


def _say(level: str, *lines, link=None) -> dict:
    """One message of the outcome (kept in the session as plain data, without JavaScript)."""
    return {"level": level, "lines": [str(line) for line in lines], "link": link}


@login_required
@require_POST
def query_copy(request):
    """复制: exactly one row → a new draft, opened in a new tab (with JavaScript) or shown at
    once (without)."""
    applicant_or_404(request.user)
    checked = _checked(request)
    if len(checked) != 1:
        return _back(request, [_say("error", MSG_COPY_ONE)])
    source = checked[0]
    try:
        copy = services.application_copy(actor=request.user, application_id=source.id)
    except DomainError as exc:
        refused = MSG_REFUSED % {"no": source.application_no, "detail": exc.detail}
        return _back(request, [_say("error", refused)])
    url = application_url(copy.id)
    if not is_htmx(request):
        return redirect(url)
    message = _("已复制申请单 %(src)s，新申请单 %(no)s 已暂存。") % {
        "src": source.application_no, "no": copy.application_no,
    }
    link = {"url": url, "text": _("打开 %(no)s") % {"no": copy.application_no},
            "title": copy.application_no, "open": True}
    return _back(request, [_say("ok", message, link=link)])


def _confirm_page(request, checked, *, question, action_url, title):
    filters, page, size = _carried(request.POST)
    rows = [{"no": a.application_no, "status_label": presenters.summary_out(a)["status_label"],
             "badge": BADGES.get(a.status, "grey")} for a in checked]
    context = {
        "question": question, "action_url": action_url, "rows": rows,
        "ids": [str(a.id) for a in checked], "hidden": _hidden(filters, page=page, page_size=size),
        "back_url": _list_url(request.POST),
    }
    return render_page(request, "permits/query_confirm.html", context, title=title)


def _each(request, checked, act) -> tuple[list, list]:
    """Run `act` on each checked row; collect those done and the refusals (naming the
    number and the status)."""
    done, refused = [], []
    for app in checked:
        try:
            act(actor=request.user, application_id=app.id)
        except DomainError as exc:
            refused.append(MSG_REFUSED % {"no": app.application_no, "detail": exc.detail})
        else:
            done.append(app)
    return done, refused


def _bulk(request, *, act, none_msg, question, url_name, title, done_msg):
    applicant_or_404(request.user)
    checked = _checked(request)
    if not checked:
        return _back(request, [_say("error", none_msg)])
    if request.POST.get("confirmed") != "1":
        return _confirm_page(request, checked, question=question,
                             action_url=reverse(url_name), title=title)
    done, refused = _each(request, checked, act)
    flash = []
    if done:
        numbers = "、".join(a.application_no for a in done)
        flash.append(_say("ok", done_msg % {"n": len(done), "nos": numbers}))
    if refused:
        flash.append(_say("error", *refused))
    return _back(request, flash)


@login_required
@require_POST
def query_delete(request):
    """删除 (确定删除？): drafts are deleted; any other status is refused, naming it."""
    return _bulk(
        request, act=services.application_delete, none_msg=MSG_DELETE_NONE,
        question=MSG_CONFIRM_DELETE, url_name="permits:query_delete", title=_("删除申请单"),
        done_msg=_("已删除 %(n)s 张申请单：%(nos)s。"),
    )


@login_required
@require_POST
def query_withdraw(request):
    """撤回 (确认撤回？): 已申报 and 已受理 are withdrawn; any other status is refused."""
    return _bulk(
        request, act=services.application_withdraw, none_msg=MSG_WITHDRAW_NONE,
        question=MSG_CONFIRM_WITHDRAW, url_name="permits:query_withdraw", title=_("撤回申请单"),
        done_msg=_("已撤回 %(n)s 张申请单：%(nos)s。"),
    )


@login_required
@require_POST
def query_print_checked(request):
    """打印申请表 of the one checked row: sent on to its PDF (opened in a new window)."""
    applicant_or_404(request.user)
    checked = _checked(request)
    if len(checked) != 1:
        return _back(request, [_say("error", MSG_PRINT_ONE)])
    return redirect("permits:query_print", application_id=checked[0].id)


@login_required
@require_GET
def query_print(request, application_id):
    applicant_or_404(request.user)
    app, pdf = services.application_form_render(actor=request.user, application_id=application_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{app.application_no}.pdf"'
    return response


@login_required
@require_GET
def query_export(request):
    """导出Excel: every row of the current filter (all pages), streamed from a temp file."""
    applicant_or_404(request.user)
    form = QueryForm(request.GET)
    if not form.is_valid():
        return redirect(f"{reverse('permits:query')}?{request.GET.urlencode()}")
    qs = selectors.application_query(request.user, filters=form.filters())
    name = _("查询结果") + f"-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(exports.write_xlsx(qs), as_attachment=True, filename=name,
                        content_type=XLSX)


@login_required
@require_GET
def notice_latest(request, application_id):
    """查看通知书: the latest notice of a visible application (the download is recorded)."""
    applicant_or_404(request.user)
    _app, issued = notices.notices_for(request.user, application_id)
    if not issued:
        raise Http404
    notice, handle = notices.notice_open(actor=request.user, notice_id=issued[-1].id)
    return FileResponse(handle, as_attachment=False, filename=f"{notice.number}.pdf",
                        content_type="application/pdf")
