"""API authentication: bearer tokens, and the browser session with its CSRF token.

Ninja's own session auth checks CSRF before it knows whether anyone is signed in, so a write
with no credentials at all answered `403 CSRF check Failed`. Here a request without a signed-in
session is simply not authenticated by this method (401 when no other method succeeds), and a
signed-in session's write without a valid CSRF token is 403, in the API's error shape.
"""

from django.utils.translation import gettext_lazy
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from accounts.tokens import api_token_authenticate
from config.errors import Forbidden

MSG_CSRF = gettext_lazy("缺少或无效的CSRF令牌：请刷新页面后重试。")


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token, request)
        if user is None:
            return None
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise Forbidden(str(MSG_CSRF))
        return request.COOKIES.get(self.param_name)


session_auth = SessionAuth()
