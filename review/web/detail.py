"""The review page (approvers of the application's department; 404 for anyone else): the
application read-only — header, goods, attachments opened inline in a new tab, history with
its notices, the notices, the statutory clock, what changed after a correction request — and
the decision panel (review/web/panel.py; the posts are in review/web/decisions.py)."""

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from config.pages.rendering import render_page
from core.errors import NotAllowed
from permits.corrections import changes
from permits.models import NoticeState
from permits.notices.reading import notice_open
from permits.rules import attachments as slots
from permits.web import fields as form_fields
from permits.web import key_confirm
from permits.web.parts import FORM_TITLES, file_size, goods_section
from permits.web.query import BADGES
from review import presenters, selectors
from review.attachments import open_for_review
from review.web.panel import decision_panel
from review.web.parts import (
    approver_view,
    clock_view,
    field_label,
    field_value,
    history_rows,
    notice_url,
    prefix_for,
    review_url,
)

TEMPLATE = "review/application.html"
SET_AT_APPROVAL = ("issue_date", "valid_until")


def _header(app, prefix) -> list[dict]:
    """The header fields as the applicant's form shows them, grey (read-only); fields whose
    condition is not met (e.g. 邮寄地址 when collected on site) are left out, and so are those
    the approval fills until it did (the decision panel's 审批通过 form asks for them)."""
    fields = form_fields.build_fields(
        form_fields.header_specs(app.direction),
        direction=app.direction,
        prefix=prefix,
        values=form_fields.header_values_from_app(app),
        system=form_fields.system_values(app.direction, app=app),
        errors=[],
        editable=False,
    )
    return [
        {**f, "hint": "", "describedby": ""}
        for f in fields
        if not f["off"] and (f["value"] or f["name"] not in SET_AT_APPROVAL)
    ]


def _attachments(app, data) -> list[dict]:
    rows = []
    for slot in data["attachments"]:
        row = {**slot}
        if slot["file"]:
            row["file"] = {
                **slot["file"],
                "url": reverse("review:attachment", kwargs={"pk": app.id, "type": slot["type"]}),
                "size_text": file_size(slot["file"]["size"]),
            }
        rows.append(row)
    return rows


def _notices(app, data) -> list[dict]:
    return [
        {**n, "url": notice_url(app.id, n["id"]) if n["state"] == NoticeState.READY else ""}
        for n in data["notices"]
    ]


def _correction(app, data) -> dict | None:
    """While 补正材料 is pending: what the latest request asked for."""
    asked = data["correction"]
    if not (asked["opinion"] or asked["attachments"] or asked["fields"]):
        return None
    return {
        "opinion": asked["opinion"],
        "items": [
            {"label": str(slots.NAMES.get(i["type"], i["type"])), "opinion": i["opinion"]}
            for i in asked["attachments"]
        ]
        + [
            {"label": field_label(app.direction, i["field"]), "opinion": i["opinion"]}
            for i in asked["fields"]
        ],
    }


def _changes(app) -> dict | None:
    """补正后变更: what differs from the application as it was when correction was asked."""
    diff = changes(app)
    if not (diff["fields"] or diff["attachments"]):
        return None
    d = app.direction
    return {
        "since": diff["since"],
        "fields": [
            {
                "label": field_label(d, c["field"]),
                "old": field_value(d, c["field"], c["old"]),
                "new": field_value(d, c["field"], c["new"]),
                "flagged": c["flagged"],
            }
            for c in diff["fields"]
        ],
        "attachments": [
            {
                "label": str(slots.NAMES.get(c["type"], c["type"])),
                "what": _("新上传")
                if not c["old_sha256"]
                else (_("已删除") if not c["new_sha256"] else _("已更换")),
                "flagged": c["flagged"],
            }
            for c in diff["attachments"]
        ],
    }


def render_review(request, app, *, failed="", values=None, errors=(), problem="", status=200):
    """The review page of `app` (loaded by selectors.review_get), with the decision panel;
    after a refused decision its form is open with what was typed and why (422, 409)."""
    data = presenters.review_out(app, request.user)
    prefix = prefix_for(app)
    context = {
        "app": app,
        "data": data,
        "prefix": prefix,
        "page_url": review_url(app.id),
        "form_title": FORM_TITLES[app.direction],
        "badge": BADGES.get(app.status, "grey"),
        "clock": clock_view(app),
        "fields": _header(app, prefix),
        "goods": {**goods_section(app, prefix=prefix, direction=app.direction), "editable": False},
        "attachments": _attachments(app, data),
        "history": history_rows(app),
        "notices": _notices(app, data),
        "correction": _correction(app, data),
        "changes": _changes(app),
        "panel": decision_panel(
            app,
            data["allowed_actions"],
            prefix=prefix,
            failed=failed,
            values=values,
            errors=errors,
            problem=problem,
        ),
    }
    for form in context["panel"]["forms"]:
        form["key"] = key_confirm.context_for(request, app, form["action"])
    return render_page(request, TEMPLATE, context, title=app.application_no, status=status)


@approver_view
@require_GET
def review_page(request, pk):
    return render_review(request, selectors.review_get(request.user, pk))


@approver_view
@require_GET
def attachment(request, pk, type):
    """An attachment shown inline in its own browser tab; sandboxed (no script, no same
    origin), since the file is the applicant's. The opening is recorded."""
    found, handle = open_for_review(actor=request.user, application_id=pk, type=type)
    response = FileResponse(
        handle, as_attachment=False, filename=found.download_name, content_type="application/pdf"
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@approver_view
@require_GET
def notice(request, pk, notice_id):
    """A notice of the application (from its 办理记录 or 通知书), or 生成中 while it is made."""
    app = selectors.review_get(request.user, pk)
    if not any(n.id == notice_id for n in app.notices.all()):
        raise Http404
    try:
        found, handle = notice_open(actor=request.user, notice_id=notice_id)
    except NotAllowed as exc:
        context = {"message": exc.detail}
        return render_page(
            request, "permits/notice_pending.html", context, title=_("通知书"), status=409
        )
    return FileResponse(
        handle, as_attachment=False, filename=f"{found.number}.pdf", content_type="application/pdf"
    )
