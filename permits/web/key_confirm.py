"""Key confirmation on the pages (申报 for applicants; 审批通过, 审批不通过, 作废 for approvers):
the options endpoint the browser asks before the key signs, the posted assertion read back and
checked, and what a page shows where a confirmation is needed."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.keys import relying_party
from accounts.keys.confirmations import confirmation_verify
from accounts.keys.http import domain_error, error
from core.errors import DomainError, NotFound
from permits.access import parse_id
from permits.models import Application
from permits.workflow import confirmation
from permits.workflow.states import ACTION_LABELS, Action, not_allowed, role_of, rule_for

CONFIRMABLE = {a.value for a in (Action.SUBMIT, Action.APPROVE, Action.REJECT, Action.VOID)}


@login_required
@require_POST
@never_cache
def key_options(request, pk, action: str):
    """Options for the signed-in user's key to confirm `action` on this application now."""
    if action not in CONFIRMABLE:
        raise NotFound()
    app = Application.objects.visible_to(request.user).filter(pk=parse_id(pk)).first()
    if app is None:
        raise NotFound()
    if not relying_party.serves(request):
        return error(relying_party.wrong_host_message(), 400)
    rule = rule_for(app.status, action)
    if rule is None:
        return domain_error(not_allowed(str(ACTION_LABELS[Action(action)]), app.status))
    if role_of(request.user) is not rule[1]:
        return error(_("您的角色不能执行此操作。"), 403)
    try:
        return JsonResponse(confirmation.options_for(actor=request.user, app=app, action=action))
    except DomainError as exc:
        return domain_error(exc)


def posted(request, action, application_id):
    """The verified assertion posted with a form (key_challenge, key_assertion), or None when
    none was posted; KeyRefused when it does not verify. Checked before the action's
    transaction, so its challenge stays spent whatever follows."""
    if not confirmation.required(action):
        return None
    raw = request.POST.get("key_assertion", "")
    if not raw:
        return None
    return confirmation_verify(
        user=request.user,
        subject=confirmation.subject(action, application_id),
        challenge_id=request.POST.get("key_challenge", ""),
        credential=raw,
    )


def context_for(request, app, action) -> dict | None:
    """What a page needs to ask for a key confirmation of `action` on `app`, or None when the
    policy asks for none."""
    if app is None or not confirmation.required(action):
        return None
    has_key = request.user.security_keys.exists()
    host_ok = relying_party.serves(request)
    return {
        "ready": has_key and host_ok,
        "options_url": reverse("permits:key_options", kwargs={"pk": app.id, "action": action}),
        "has_key": has_key,
        "host_ok": host_ok,
        "host_message": relying_party.wrong_host_message(),
        "settings_url": reverse("accounts:settings") + "#keys",
    }
