"""个人设置: the user's own page — account, security keys (卡介质), notifications, API tokens,
and for an enterprise admin, which of the enterprise's users may hold API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import selectors, services, tokens
from accounts.keys import policy, registration, relying_party
from accounts.models import TokenPermission
from config.pages.rendering import render_page
from core.errors import DomainError, ValidationFailed
from core.inputs import refuse_bad_texts


def _notifications(request):
    services.user_notifications_update(
        user=request.user,
        email=request.POST.get("email", "")[:254],
        enabled=request.POST.get("email_notifications") == "on",
    )
    return _("通知设置已保存。")


def _revoke_token(request):
    tokens.api_token_revoke(user=request.user, token_id=selectors.uuid_or_none(request.POST))
    return _("令牌已吊销。")


def _remove_key(request):
    registration.key_remove(user=request.user, key_id=selectors.uuid_or_none(request.POST))
    return _("卡介质已删除。")


def _token_permission(request):
    user = tokens.token_permission_set(
        actor=request.user,
        username=request.POST.get("username", "")[:150],
        permission=request.POST.get("permission", ""),
    )
    return _("已保存 %(user)s 的 API 令牌权限。") % {"user": user.username}


ACTIONS = {
    "notifications": _notifications,
    "revoke_token": _revoke_token,
    "remove_key": _remove_key,
    "token_permission": _token_permission,
}
SECTIONS = {"notifications": "notify", "create_token": "tokens", "revoke_token": "tokens"}


def _colleagues(user) -> list[dict]:
    return [
        {"user": u, "may": policy.may_hold_tokens(u), "key_only": policy.key_mandatory(u)}
        for u in tokens.colleagues_of(user)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def user_settings(request):
    """The page; each form posts an `action`. A new token is shown once, on this answer."""
    new_token, problems = None, {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            refuse_bad_texts(request.POST)
            if action == "create_token":
                new_token = tokens.api_token_create(
                    user=request.user,
                    name=request.POST.get("name", "")[:100],
                    days=request.POST.get("days") or None,
                ).raw
            elif action in ACTIONS:
                messages.success(request, ACTIONS[action](request))
                return redirect("accounts:settings")
        except ValidationFailed as exc:
            problems[SECTIONS.get(action, "keys")] = [e.message for e in exc.errors] or [exc.detail]
        except DomainError as exc:
            if exc.status_code == 404:
                raise
            problems[SECTIONS.get(action, "keys")] = [exc.detail]
    user = request.user
    context = {
        "keys": list(user.security_keys.all()),
        "key_mandatory": policy.key_mandatory(user),
        "key_restricted": policy.restricted(request),
        "key_host_ok": relying_party.serves(request),
        "key_address": relying_party.origin(),
        "key_host_message": relying_party.wrong_host_message(),
        "tokens": selectors.api_tokens_of(user),
        "may_hold_tokens": policy.may_hold_tokens(user),
        "token_days": tokens.default_days(),
        "token_max_days": tokens.max_days(),
        "new_token": new_token,
        "problems": problems,
        "colleagues": _colleagues(user),
        "permissions": TokenPermission.choices,
    }
    return render_page(request, "accounts/settings.html", context, title=_("个人设置"))
