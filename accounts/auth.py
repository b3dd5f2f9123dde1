"""API authentication: bearer tokens, and the browser session with its CSRF token.

Ninja's own session auth checks CSRF before it knows whether anyone is signed in, so a write
with no credentials at all answered `403 CSRF check Failed`. Here a request without a signed-in
session is simply not authenticated by this method (401 when no other method succeeds), and a
signed-in session's write without a valid CSRF token is 403, in the API's error shape.

A request naming the bearer scheme is the token's alone: the session method declines it,
whatever the token, so a token that does not authenticate answers 401 and never falls back to
a session. A session held by the security-key policy (accounts.keys.middleware) is refused
with 403 here too, whatever other headers come with it.
"""

from django.utils.translation import gettext_lazy
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from accounts.keys import policy
from accounts.keys.middleware import msg_held
from accounts.tokens import api_token_authenticate
from config.speed.token_requests import carries_bearer
from core.errors import Forbidden

MSG_CSRF = gettext_lazy("缺少或无效的CSRF令牌：请刷新页面后重试。")


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token, request)
        if user is None:
            return None
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    def __call__(self, request):
        if carries_bearer(request):
            return None  # the token's request: authenticated by it, or 401
        return super().__call__(request)

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        if policy.restricted(request):
            raise Forbidden(msg_held(request.user))
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise Forbidden(str(MSG_CSRF))
        return request.COOKIES.get(self.param_name)


session_auth = SessionAuth()
