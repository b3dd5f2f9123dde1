"""Applicant pages (enterprise users only): the import and export application forms.

One view and one template serve both directions. A page is editable while its status allows
it (permits.workflow.states.EDITABLE), read-only otherwise. 暂存 and 申报 post the whole page; a
problem re-renders it with what the user typed and every message at once (422), a stale
version with a message and a reload link (409). htmx requests get the page fragment (the tab
stays); plain posts get the whole page, or a redirect after success.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.services import qualification_problem
from config.pages.rendering import is_htmx, render_page
from core.errors import DomainError, Forbidden, NotAllowed, ValidationFailed
from core.inputs import refuse_bad_texts
from permits import services
from permits.rules.submission import submission_problems
from permits.web import fields as forms
from permits.web import kept_page, key_confirm, parts
from permits.web.form_page import TEMPLATE, render_form
from permits.web.parts import FORM_TITLES, applicant_view, get_app
from permits.workflow import confirmation
from permits.workflow.states import Action, not_allowed
from permits.workflow.transition import MSG_SUBMIT_INVALID

MSG_SAVED_NOT_SUBMITTED = gettext_lazy("已暂存。申报未完成：请按下列提示修改后再申报。")


def _version(post) -> int | None:
    try:
        return int(post.get("version", ""))
    except ValueError:
        return None


@require_GET
@applicant_view
def application_new(request, direction: str):
    if direction not in FORM_TITLES:
        raise Http404
    # An enterprise without foreign-trade registration sees why it may not apply, not a form.
    refusal = qualification_problem(request.user)
    if refusal:
        return render_page(
            request,
            TEMPLATE,
            {"direction": direction, "refusal": refusal, "form_title": FORM_TITLES[direction]},
            title=str(FORM_TITLES[direction]),
        )
    return render_form(request, direction=direction, form_key=request.GET.get("form", ""))


@require_GET
@applicant_view
def application_detail(request, pk):
    return kept_page.application_page(request, pk)


def _problem(request, exc: DomainError, *, direction, app, values):
    """Re-render the page with everything typed and every problem (422, 409, 403)."""
    stale = isinstance(exc, NotAllowed) and any(e.field == "version" for e in exc.errors)
    errors = [e for e in exc.errors if e.field != "version"]
    notice = exc.detail if (stale or not errors) else ""
    if isinstance(exc, Forbidden):
        return render_form(
            request, direction=direction, app=app, values=values, status=403, refusal=exc.detail
        )
    return render_form(
        request,
        direction=direction,
        app=app,
        values=values,
        errors=errors,
        status=exc.status_code,
        stale=stale,
        notice=notice,
        form_key=request.POST.get("form_key", ""),
    )


def _save(request, direction, app):
    """Create or update from the posted page; returns (app, None) or (None, response)."""
    specs = forms.header_specs(direction)
    values = forms.values_from_post(request.POST, specs)
    data = forms.service_data(values, specs)
    try:
        refuse_bad_texts(values)
        if app is None:
            app = services.application_create(
                actor=request.user, data={"direction": direction, **data}
            )
        elif parts.is_editable(app) and forms.header_changed(app, values):
            services.application_update(
                actor=request.user,
                application_id=app.id,
                data=data,
                version=_version(request.POST),
            )
    except DomainError as exc:
        current = get_app(request, app.id, detail=True) if app is not None else None
        return None, _problem(request, exc, direction=direction, app=current, values=values)
    return app, None


def _after(request, app, *, open_dialog=""):
    """After success: the saved page (htmx), or a redirect to it (plain post)."""
    if is_htmx(request):
        fresh = get_app(request, app.id, detail=True)
        return render_form(request, direction=fresh.direction, app=fresh, open_dialog=open_dialog)
    if open_dialog == "goods":
        return redirect("permits:goods_new", pk=app.id)
    return redirect("permits:application", pk=app.id)


@require_POST
@applicant_view
def application_save(request, pk=None, direction=None):
    """暂存: the first save creates the application (and gives it its number)."""
    app = get_app(request, pk) if pk is not None else None
    direction = app.direction if app is not None else direction
    if direction not in FORM_TITLES:
        raise Http404
    if app is not None and not parts.is_editable(app):
        exc = not_allowed(_("修改"), app.status)
        return _problem(
            request, exc, direction=direction, app=get_app(request, pk, detail=True), values=None
        )
    # Manual 4.1.3: 商品信息 新增 on an unsaved page saves the header and opens the dialog.
    app, problem = _save(request, direction, app)
    if problem is not None:
        return problem
    messages.success(request, _("暂存成功。"))
    return _after(request, app, open_dialog="goods" if request.POST.get("then") == "goods" else "")


@require_POST
@applicant_view
def application_submit(request, pk=None, direction=None):
    """申报: save what the page shows if it changed, then submit (one service: a refused
    submission keeps the save)."""
    app = get_app(request, pk) if pk is not None else None
    direction = app.direction if app is not None else direction
    if direction not in FORM_TITLES:
        raise Http404
    specs = forms.header_specs(direction)
    values = forms.values_from_post(request.POST, specs)
    data = forms.service_data(values, specs)
    editable = parts.is_editable(app)
    if confirmation.required(Action.SUBMIT):
        return _submit_with_key(request, direction, app)
    changed = app is None or (editable and forms.header_changed(app, values))
    try:
        refuse_bad_texts(values)
        outcome = services.application_save_and_submit(
            actor=request.user,
            data=data if app is not None else {"direction": direction, **data},
            application_id=app.id if app is not None else None,
            version=_version(request.POST),
            changed=changed,
        )
    except DomainError as exc:
        current = get_app(request, app.id, detail=True) if app is not None else None
        return _problem(request, exc, direction=direction, app=current, values=values)
    if not outcome.submitted:
        if changed:  # the save went through: say so, the problems follow
            messages.success(request, MSG_SAVED_NOT_SUBMITTED)
        fresh = get_app(request, outcome.application.id, detail=True)
        return _problem(request, outcome.problem, direction=direction, app=fresh, values=None)
    messages.success(request, _("申报成功，申请单已提交审批部门。"))
    return _after(request, outcome.application)


def _submit_with_key(request, direction, app):
    """申报 where the policy asks for a key confirmation, in two steps: first save what the page
    shows and check it as 申报 would (problems are shown at once, before any key is asked
    for); then, from the dialog, submit exactly what was saved, with the key's signature over
    its content."""
    if request.POST.get("confirm") != "1" or app is None:
        app, problem = _save(request, direction, app)
        if problem is not None:
            return problem
        fresh = get_app(request, app.id, detail=True)
        if not parts.is_editable(fresh):
            exc = not_allowed(_("申报"), fresh.status)
            return _problem(request, exc, direction=direction, app=fresh, values=None)
        problems = submission_problems(fresh)
        if problems:
            exc = ValidationFailed(str(MSG_SUBMIT_INVALID), problems)
            return _problem(request, exc, direction=direction, app=fresh, values=None)
        return _key_step(request, fresh)
    try:
        verified = key_confirm.posted(request, Action.SUBMIT, app.id)
    except DomainError as exc:
        return _key_step(request, get_app(request, app.id, detail=True), exc, exc.status_code)
    outcome = services.application_save_and_submit(
        actor=request.user, data={}, application_id=app.id, changed=False, confirmation=verified
    )
    fresh = get_app(request, app.id, detail=True)
    if not outcome.submitted:
        if isinstance(outcome.problem, ValidationFailed):
            return _problem(request, outcome.problem, direction=direction, app=fresh, values=None)
        return _key_step(request, fresh, outcome.problem, outcome.problem.status_code)
    messages.success(request, _("申报成功，申请单已提交审批部门。"))
    return _after(request, outcome.application)


def _key_step(request, app, problem=None, status=200):
    """The page with the key confirmation dialog open (after a refusal: with the reason)."""
    key = key_confirm.context_for(request, app, Action.SUBMIT)
    if key is not None:
        key["problem"] = problem.detail if problem is not None else ""
    return render_form(request, direction=app.direction, app=app, key_confirm=key, status=status)


@require_GET
@applicant_view
def application_print(request, pk):
    """打印申请表: the saved application as the printable form (PDF, shown inline)."""
    app, pdf = services.application_form_render(actor=request.user, application_id=pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{app.application_no}.pdf"'
    return response
