"""A session whose user must sign in with a key but signed in with a password may only bind
a key (and sign out, or switch language): every other page sends it to 个人设置, and the API
answers 403. Nothing is checked while no role must use a key.

The hold belongs to the session, whatever else the request carries: an `Authorization` header
of any kind changes nothing here. A bearer-token API request never reaches this middleware
(config.speed.token_requests) and has no session user; every request that has one is held."""

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from accounts.keys import policy

ALLOWED = frozenset(
    {
        "accounts:settings",
        "accounts:logout",
        "accounts:login",
        "accounts:key_register_begin",
        "accounts:key_register_finish",
        "accounts:key_sign_in_begin",
        "accounts:key_sign_in_finish",
        "set_language",
    }
)


def msg_bind_first() -> str:
    return _("您的账户须使用卡介质登录。请先在本页绑定卡介质，然后用卡介质重新登录。")


def msg_key_only() -> str:
    return _("您的账户须使用卡介质登录，请用卡介质重新登录后再操作。")


def msg_held(user) -> str:
    """Why a held session is refused: bind a key first, or sign in again with the key."""
    return msg_key_only() if user.security_keys.exists() else msg_bind_first()


class KeyPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SECURITY_KEY_REQUIRED_ROLES and self._held(request):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _held(request) -> bool:
        if not request.user.is_authenticated:
            return False
        if not policy.restricted(request):
            return False
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            return False
        return name not in ALLOWED

    @staticmethod
    def _refuse(request):
        message = msg_held(request.user)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message, "errors": []}, status=403)
        messages.warning(request, message)
        return redirect("accounts:settings")
