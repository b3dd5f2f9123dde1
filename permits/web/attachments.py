"""上传附件: the attachments dialog, one row per slot of this direction and purpose, with
上传 / 下载 / 删除. Upload problems (not a PDF, too big, encrypted, slot taken) are shown in
the row they concern. While in 补正材料 the rows the approver flagged carry the opinion."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.pages.rendering import is_htmx, render_page
from core.errors import DomainError, FieldError, ValidationFailed
from documents.pdf_check import ensure_size
from permits import services
from permits.rules import attachments as slots
from permits.web import parts
from permits.web.parts import applicant_view, get_app

PAGE = "permits/form_attachments.html"
DIALOG = "permits/partials/_attachments_dialog.html"


def attachments_context(request, app, *, errors=None, notice="", notice_ok="") -> dict:
    rows = parts.attachment_rows(app, errors)
    return {
        "app": app,
        "prefix": parts.prefix_for(app.direction, app),
        "rows": rows,
        "editable": parts.is_editable(app),
        "notice": notice,
        "notice_ok": notice_ok,
        "correction_opinion": parts.correction_opinion(app),
        "has_corrections": any(r["needs_correction"] for r in rows),
        "no_purpose": not app.purpose,
        "either_or": _either_or(app, rows),
        "in_dialog": is_htmx(request),
        "urls": parts.urls_for(app.direction, app),
    }


def _either_or(app, rows) -> dict | None:
    """Export: the either/or rule of its four slots, explained above them, with which way is
    complete (the rows of those slots are marked 二选一)."""
    if app.direction != "export" or not app.purpose:
        return None
    return slots.either_or_state({r["type"] for r in rows if r["file"]})


def _render(request, app, context, status=200):
    if is_htmx(request):
        return render(request, DIALOG, context, status=status)
    title = f"{app.application_no} {_('上传附件')}"
    return render_page(request, PAGE, context, title=title, status=status)


@require_GET
@applicant_view
def attachments(request, pk):
    app = get_app(request, pk, detail=True)
    return _render(request, app, attachments_context(request, app))


def _done(request, app, *, type_, exc=None, ok=""):
    """The dialog again (htmx), or back to the attachments page (a plain post)."""
    if not is_htmx(request) and exc is None:
        messages.success(request, ok)
        return redirect("permits:attachments", pk=app.id)
    app = get_app(request, app.id, detail=True)
    errors, notice = {}, ""
    if exc is not None:
        slots = {r["type"] for r in parts.attachment_rows(app)}
        if type_ in slots:
            errors[type_] = [e.message for e in exc.errors] or [exc.detail]
        else:
            notice = exc.detail
    context = attachments_context(request, app, errors=errors, notice=notice, notice_ok=ok)
    response = _render(request, app, context, status=exc.status_code if exc else 200)
    if exc is not None and exc.retry_after is not None:
        response["Retry-After"] = str(exc.retry_after)
    return response


@require_POST
@applicant_view
def attachment_upload(request, pk, type):
    app = get_app(request, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            msg = _("请选择要上传的PDF文件。")
            raise ValidationFailed(msg, [FieldError("file", msg)])
        ensure_size(upload.size or 0)
        services.attachment_upload(
            actor=request.user,
            application_id=app.id,
            type=type,
            filename=getattr(upload, "full_name", None) or upload.name or "file.pdf",
            data=upload.read(),
        )
    except DomainError as exc:
        return _done(request, app, type_=type, exc=exc)
    return _done(request, app, type_=type, ok=_("附件已上传：%(name)s") % {"name": upload.name})


@require_POST
@applicant_view
def attachment_delete(request, pk, type):
    app = get_app(request, pk)
    try:
        services.attachment_delete(actor=request.user, application_id=app.id, type=type)
    except DomainError as exc:
        return _done(request, app, type_=type, exc=exc)
    return _done(request, app, type_=type, ok=_("附件已删除。"))


@require_GET
@applicant_view
def attachment_download(request, pk, type):
    app = get_app(request, pk)
    attachment, handle = services.attachment_open(
        actor=request.user, application_id=app.id, type=type
    )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.download_name,
        content_type="application/pdf",
    )
