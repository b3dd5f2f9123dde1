"""Domain errors a page view did not handle, mapped once for pages (the API maps them in
config.api): NotFound → the 404 page, Forbidden → the 403 page. Views handle the rest (422
and 409 re-render the page with the problems). The API's error shape for answers under
/api/ that the API itself did not make. What a request must be before anything looks at it
(its request line's length, no NUL in its path). HEAD answered wherever GET is. And the
caching headers of private answers."""

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults

from core.errors import Forbidden, NotFound


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return defaults.page_not_found(request, Http404())
        if isinstance(exception, Forbidden):
            return defaults.permission_denied(request, PermissionDenied(exception.detail))
        return None


API_PREFIX = "/api/"
FALLBACK_DETAILS = {
    400: gettext_lazy("请求无效。"),
    401: gettext_lazy("未登录或令牌无效。"),
    403: gettext_lazy("无权执行此操作。"),
    404: gettext_lazy("未找到。"),
    405: gettext_lazy("不支持此请求方法。"),
    413: gettext_lazy("请求过大。"),
    414: gettext_lazy("请求地址过长。"),
    415: gettext_lazy("不支持的内容类型。"),
}


class ApiErrorShapeMiddleware:
    """Every error answer under /api/ is JSON in the API's error shape, also those made before
    the API is reached or outside it (Django's CSRF failure and bad-request pages, a method the
    path does not take, a crash): headers such as `Allow` are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._shaped(self.get_response(request), request.path)

    def _shaped(self, response, path: str = API_PREFIX):
        if (
            path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            detail = FALLBACK_DETAILS.get(response.status_code) or _("服务器内部错误。")
            body = json.dumps({"detail": str(detail), "errors": []}, ensure_ascii=False)
            response.content = body.encode()
            response["Content-Type"] = "application/json; charset=utf-8"
            response["Content-Length"] = str(len(response.content))
        return response


#: The longest request line (method, target with its query, protocol) answered: gunicorn's
#: default limit. gunicorn itself takes lines up to its maximum (deploy/gunicorn.conf.py) so
#: that a longer one reaches this check and is refused in the answer's own shape.
MAX_REQUEST_LINE = 4094


def request_line_length(request) -> int:
    """The request line's length as the client sent it (gunicorn's RAW_URI where there is one;
    else the path and query as a client would escape them)."""
    target = request.META.get("RAW_URI") or request.get_full_path()
    method = request.META.get("REQUEST_METHOD", request.method)
    return len(method) + len(target) + len(request.META.get("SERVER_PROTOCOL", "")) + 2


class RequestLimitsMiddleware:
    """A request line over MAX_REQUEST_LINE is a 414 (JSON under /api/, shaped by
    ApiErrorShapeMiddleware above it; a plain page elsewhere); a NUL in the path names nothing:
    404 before any look-up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_line_length(request) > MAX_REQUEST_LINE:
            if request.path.startswith(API_PREFIX):
                return HttpResponse(status=414)
            text = str(FALLBACK_DETAILS[414])
            return HttpResponse(text, status=414, content_type="text/plain; charset=utf-8")
        if "\x00" in request.path:
            if request.path.startswith(API_PREFIX):
                return HttpResponse(status=404)
            return defaults.page_not_found(request, Http404())
        return self.get_response(request)


class HeadAsGetMiddleware:
    """HEAD is answered wherever GET is (RFC 9110): the method checks of the views and of the
    API's routes, and the middleware below, see a GET; the answer keeps GET's status and
    headers (its Content-Length too) and loses its body, as Django's test client and the WSGI
    server would drop it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            response.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response


def _private(request, response) -> bool:
    """An answer under /api/, one that sets a cookie, or one to a signed-in user (a bearer
    token is taken under /api/ only; a session needs its cookie)."""
    if request.path.startswith(API_PREFIX) or response.cookies:
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class PrivateCachingMiddleware:
    """Private answers are kept by no shared cache: `private, no-cache` where the answer has
    an ETag (the browser may keep it and ask again with If-None-Match), `no-store` (Django's
    never-cache headers) otherwise. An answer whose view set its own Cache-Control keeps it
    (the verification page, sign-in, health, WhiteNoise's static files)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or not _private(request, response):
            return response
        if response.has_header("ETag"):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            add_never_cache_headers(response)
        return response
