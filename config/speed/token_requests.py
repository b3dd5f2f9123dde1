"""API requests that carry a bearer token skip the browser's middleware.

A request under /api/ with `Authorization: Bearer …` is authenticated by its token alone
(accounts.auth.BearerTokenAuth); the session, its CSRF check, its signed-in user, its messages,
the security-key policy of password sessions, the sign-in lock-out and the static files are
never asked of it. `TokenRequestRouting` sits in MIDDLEWARE: the middleware above it (request
log, error shape, client address, security headers) runs for every request as before; below
it, a token request takes a chain of the same middleware without `BROWSER_ONLY` (locale,
CSP, frame options, domain errors and metrics stay: `Accept-Language` still decides the
language), and every other request the full chain. Both chains are built once per handler.

A token request is nobody until its token names a user: a session cookie sent beside a token
is not read, and a token that does not authenticate answers 401 (the API's session method
declines any request naming the bearer scheme, so nothing falls back to a session). Any other
`Authorization` header (Basic, empty, garbage) changes nothing: the request is a browser
request, with its session and that session's security-key hold.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.utils.module_loading import import_string

from config.middleware import API_PREFIX

#: Middleware a bearer-token API request does not use.
BROWSER_ONLY = frozenset(
    {
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "accounts.session_store.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "accounts.session_user.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "accounts.keys.middleware.KeyPolicyMiddleware",
        "axes.middleware.AxesMiddleware",
    }
)


def carries_bearer(request) -> bool:
    """`Authorization` names the bearer scheme, whatever token follows it (or none)."""
    words = request.META.get("HTTP_AUTHORIZATION", "").split(None, 1)
    return bool(words) and words[0].lower() == "bearer"


def is_token_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX) and carries_bearer(request)


class _Chain(BaseHandler):
    """Middleware `paths` over the view, each one's hooks (process_view, process_exception,
    process_template_response) taken as Django's handler takes them. Synchronous: the
    application is served over WSGI."""

    def __init__(self, paths: list[str]):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(paths):
            factory = import_string(path)
            if not getattr(factory, "sync_capable", True):
                raise ImproperlyConfigured(f"{path} cannot serve a token request (async only)")
            try:
                middleware = factory(handler)
            except MiddlewareNotUsed:
                continue
            if hasattr(middleware, "process_view"):
                self._view_middleware.insert(0, middleware.process_view)
            if hasattr(middleware, "process_template_response"):
                self._template_response_middleware.append(middleware.process_template_response)
            if hasattr(middleware, "process_exception"):
                self._exception_middleware.append(middleware.process_exception)
            handler = convert_exception_to_response(middleware)
        self._middleware_chain = handler


def token_chain_paths(middleware: list[str]) -> list[str]:
    """The middleware below this router, without what only a browser uses."""
    here = middleware.index(f"{__name__}.{TokenRequestRouting.__qualname__}")
    return [path for path in middleware[here + 1 :] if path not in BROWSER_ONLY]


class TokenRequestRouting:
    def __init__(self, get_response):
        self.get_response = get_response
        self.token_chain = _Chain(token_chain_paths(list(settings.MIDDLEWARE)))._middleware_chain

    def __call__(self, request):
        if is_token_request(request):
            request.user = AnonymousUser()  # until the token names its user
            return self.token_chain(request)
        return self.get_response(request)
