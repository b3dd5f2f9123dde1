"""Sign-in, sign-out, the lock-out page and the user's own settings (API tokens)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import SignInForm
from config.errors import ValidationFailed
from config.rendering import render_page


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)  # rotates the session id
        return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": _safe_next(request) or ""},
        status=status,
    )


def locked_out(request, response=None, credentials=None):
    """Shown instead of the sign-in result while a user/address pair is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request, initial={"username": (credentials or {}).get("username", "")})
    message = _("登录失败次数过多，该账户已在本地址锁定 %(minutes)s 分钟，请稍后再试。") % {
        "minutes": minutes
    }
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "locked_message": message, "next": ""},
        status=429,
    )


@require_POST
def sign_out(request):
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def user_settings(request):
    """The user's own page: profile and API tokens (a new token is shown once)."""
    new_token, notify_errors = None, []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "notifications":
            try:
                services.user_notifications_update(
                    user=request.user,
                    email=request.POST.get("email", "")[:254],
                    enabled=request.POST.get("email_notifications") == "on",
                )
            except ValidationFailed as exc:
                notify_errors = [e.message for e in exc.errors]
            else:
                messages.success(request, _("通知设置已保存。"))
                return redirect("accounts:settings")
        elif action == "create_token":
            issued = services.api_token_create(
                user=request.user, name=request.POST.get("name", "")[:100]
            )
            new_token = issued.raw
        elif action == "revoke_token":
            services.api_token_revoke(user=request.user, token_id=request.POST.get("token_id"))
            messages.success(request, _("令牌已吊销。"))
            return redirect("accounts:settings")
    return render_page(
        request,
        "accounts/settings.html",
        {
            "tokens": selectors.api_tokens_of(request.user),
            "new_token": new_token,
            "notify_errors": notify_errors,
        },
        title=_("个人设置"),
    )
