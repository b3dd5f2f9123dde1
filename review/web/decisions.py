"""The decisions posted from the review page's panel: 受理, 不予受理, 补正材料, 审批通过,
审批不通过, 作废. Each parses its form, calls its service (review.services: the one place of
the rules) and answers with the page: after success a redirect to it (plain post:
post/redirect/get) or the page itself (htmx), with the outcome in words; after a refusal the
page again, status 422 or 409, the action's form open with what was typed and the messages
next to its inputs."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.keys.errors import KeyConfirmationRequired, KeyRefused
from config.pages.rendering import is_htmx
from core.errors import NotAllowed, ValidationFailed
from core.inputs import refuse_bad_texts
from permits.web import key_confirm
from permits.workflow import confirmation
from review import selectors, services
from review.web import forms
from review.web.detail import render_review
from review.web.parts import approver_view

# Messages are constants: the tests assert on them.
MSG_DONE = {
    "accept": gettext_lazy("已受理。受理通知书正在生成。"),
    "not_accept": gettext_lazy("已作出不予受理决定。不予受理通知书正在生成。"),
    "request_correction": gettext_lazy("已要求补正材料。补正材料通知书正在生成。"),
    "reject": gettext_lazy("已作出审批不通过决定。不予许可决定书正在生成。"),
    "void": gettext_lazy("准许证已作废。作废通知正在生成。"),
}
MSG_APPROVED = gettext_lazy("审批通过，证书编号：%(no)s。准予许可决定书正在生成。")


def _arguments(action: str, post, app) -> dict:
    """The service's keyword arguments from the posted form (ValidationFailed if a value
    cannot even be read, e.g. a date that is no date)."""
    if action == "approve":
        return forms.approve_from(post)
    if action == "request_correction":
        return forms.correction_from(post, forms.correction_rows(app))
    if action in ("not_accept", "reject", "void"):
        return forms.reason_from(post)
    return {}


SERVICES = {
    "accept": services.application_accept,
    "not_accept": services.application_not_accept,
    "request_correction": services.application_request_correction,
    "approve": services.application_approve,
    "reject": services.application_reject,
    "void": services.application_void,
}


@approver_view
@require_POST
def decide(request, pk, action: str):
    app = selectors.review_get(request.user, pk)  # another department's: 404
    try:
        refuse_bad_texts(request.POST)
        arguments = _arguments(action, request.POST, app)
        if confirmation.required(action):
            arguments["confirmation"] = key_confirm.posted(request, action, app.id)
        SERVICES[action](actor=request.user, application_id=app.id, **arguments)
    except (ValidationFailed, NotAllowed, KeyRefused, KeyConfirmationRequired) as exc:
        # NotFound, Forbidden of the role: the error pages
        return render_review(
            request,
            selectors.review_get(request.user, pk),
            failed=action,
            values=forms.posted_values(request.POST, action),
            errors=exc.errors,
            problem=exc.detail,
            status=exc.status_code,
        )
    fresh = selectors.review_get(request.user, pk)
    if action == "approve":
        messages.success(request, str(MSG_APPROVED) % {"no": fresh.permit_no})
    else:
        messages.success(request, MSG_DONE[action])
    if is_htmx(request):
        return render_review(request, fresh)
    return redirect("review:application", pk=pk)
