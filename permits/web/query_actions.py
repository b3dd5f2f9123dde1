"""The actions on the checked rows of 查询 (enterprise users only): 复制, 删除, 撤回 and
打印申请表. The services decide each row's outcome (permits.services: the bulk actions refuse
what a row's status does not allow, naming it); these views confirm, report and return to the
list as it was.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.pages.rendering import is_htmx, render_page
from core.errors import DomainError, NotFound
from permits import presenters, selectors, services
from permits.access import parse_id, require_applicant
from permits.web.query import (
    BADGES,
    FLASH_KEY,
    MSG_CONFIRM_DELETE,
    MSG_CONFIRM_WITHDRAW,
    MSG_COPY_ONE,
    MSG_DELETE_NONE,
    MSG_PRINT_ONE,
    MSG_REFUSED,
    MSG_WITHDRAW_NONE,
    application_url,
    hidden_fields,
    paging,
    querystring,
    render_list,
)
from permits.web.query_form import QueryForm


def _checked(request) -> list:
    """The checked applications, in the table's order. An id that names nothing the user may
    see is a 404 for the whole request: nothing is done to any row."""
    ids = {parse_id(v) for v in request.POST.getlist("ids")}
    if not ids:
        return []
    found = list(selectors.application_query(request.user, filters={}).filter(pk__in=ids))
    if len(found) != len(ids):
        raise NotFound()
    return found


def _back(request, flash: list):
    """After an action: the list as it was (htmx gets it at once; a plain form post is sent
    back to it, with the outcome kept for one display)."""
    if is_htmx(request):
        return render_list(request, request.POST, flash=flash)
    request.session[FLASH_KEY] = flash
    return redirect(_list_url(request.POST))


def _carried(params) -> tuple[dict, int, int]:
    """The filter and page a POST carries in its hidden fields."""
    form = QueryForm(params)
    page, size = paging(params)
    return (form.filters() if form.is_valid() else {}), page, size


def _list_url(params) -> str:
    filters, page, size = _carried(params)
    return f"{reverse('permits:query')}?{querystring(filters, page=page, page_size=size)}"


def _say(level: str, *lines, link=None) -> dict:
    """One message of the outcome (kept in the session as plain data, without JavaScript)."""
    return {"level": level, "lines": [str(line) for line in lines], "link": link}


@login_required
@require_POST
def query_copy(request):
    """复制: exactly one row → a new draft, opened in a new tab (with JavaScript) or shown at
    once (without)."""
    require_applicant(request.user)
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
    message = _("已复制申请单 %(src)s，新申请单 %(no)s 已暂存（附件未复制）。") % {
        "src": source.application_no,
        "no": copy.application_no,
    }
    link = {
        "url": url,
        "text": _("打开 %(no)s") % {"no": copy.application_no},
        "title": copy.application_no,
        "open": True,
    }
    return _back(request, [_say("ok", message, link=link)])


def _confirm_page(request, checked, *, question, action_url, title):
    filters, page, size = _carried(request.POST)
    rows = [
        {
            "no": a.application_no,
            "status_label": presenters.summary_out(a)["status_label"],
            "badge": BADGES.get(a.status, "grey"),
        }
        for a in checked
    ]
    context = {
        "question": question,
        "action_url": action_url,
        "rows": rows,
        "ids": [str(a.id) for a in checked],
        "hidden": hidden_fields(filters, page=page, page_size=size),
        "back_url": _list_url(request.POST),
    }
    return render_page(request, "permits/query_confirm.html", context, title=title)


def _bulk(request, *, act, none_msg, question, url_name, title, done_msg):
    require_applicant(request.user)
    checked = _checked(request)
    if not checked:
        return _back(request, [_say("error", none_msg)])
    if request.POST.get("confirmed") != "1":
        return _confirm_page(
            request, checked, question=question, action_url=reverse(url_name), title=title
        )
    outcome = act(actor=request.user, application_ids=[a.id for a in checked])
    done = outcome.done
    refused = [
        MSG_REFUSED % {"no": app.application_no, "detail": exc.detail}
        for app, exc in outcome.refused
    ]
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
        request,
        act=services.applications_delete,
        none_msg=MSG_DELETE_NONE,
        question=MSG_CONFIRM_DELETE,
        url_name="permits:query_delete",
        title=_("删除申请单"),
        done_msg=_("已删除 %(n)s 张申请单：%(nos)s。"),
    )


@login_required
@require_POST
def query_withdraw(request):
    """撤回 (确认撤回？): 已申报 and 已受理 are withdrawn; any other status is refused."""
    return _bulk(
        request,
        act=services.applications_withdraw,
        none_msg=MSG_WITHDRAW_NONE,
        question=MSG_CONFIRM_WITHDRAW,
        url_name="permits:query_withdraw",
        title=_("撤回申请单"),
        done_msg=_("已撤回 %(n)s 张申请单：%(nos)s。"),
    )


@login_required
@require_POST
def query_print_checked(request):
    """打印申请表 of the one checked row: sent on to its PDF (opened in a new window)."""
    require_applicant(request.user)
    checked = _checked(request)
    if len(checked) != 1:
        return _back(request, [_say("error", MSG_PRINT_ONE)])
    return redirect("permits:query_print", application_id=checked[0].id)


@login_required
@require_GET
def query_print(request, application_id):
    require_applicant(request.user)
    app, pdf = services.application_form_render(actor=request.user, application_id=application_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{app.application_no}.pdf"'
    return response
