"""Sign-in, sign-out and the lock-out page (the key sign-in: accounts.keys.views)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts.keys import policy, relying_party
from accounts.keys.middleware import msg_bind_first
from accounts.web.forms import SignInForm


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
        request.session[policy.SESSION_METHOD] = policy.METHOD_PASSWORD
        if policy.restricted(request):  # must use a key and has none yet: bind one first
            messages.warning(request, msg_bind_first())
            return redirect(reverse("accounts:settings") + "#keys")
        return redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/sign_in.html", _context(request, form), status=status)


def _context(request, form, **extra) -> dict:
    return {
        "form": form,
        "next": _safe_next(request) or "",
        "key_host_ok": relying_party.serves(request),
        "key_address": relying_party.origin() + reverse("accounts:login"),
        "key_host_message": relying_party.wrong_host_message(),
        **extra,
    }


def locked_out(request, response=None, credentials=None):
    """Shown instead of the sign-in result while a user/address pair is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    form = SignInForm(request, initial={"username": (credentials or {}).get("username", "")})
    message = _("登录失败次数过多，该账户已在本地址锁定 %(minutes)s 分钟，请稍后再试。") % {
        "minutes": minutes
    }
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"detail": message, "errors": []}, status=429)
    return render(
        request,
        "accounts/sign_in.html",
        _context(request, form, locked_message=message),
        status=429,
    )


@require_POST
def sign_out(request):
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)
