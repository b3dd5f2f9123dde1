"""Domain errors a page view did not handle, mapped once for pages (the API maps them in
config.api): NotFound → the 404 page, Forbidden → the 403 page. Views handle the rest (422
and 409 re-render the page with the problems). And the API's error shape for answers under
/api/ that the API itself did not make."""

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults

from config.errors import Forbidden, NotFound


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
    415: gettext_lazy("不支持的内容类型。"),
}


class ApiErrorShapeMiddleware:
    """Every error answer under /api/ is JSON in the API's error shape, also those made before
    the API is reached or outside it (Django's CSRF failure and bad-request pages, a method the
    path does not take, a crash): headers such as `Allow` are kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX) and "\x00" in request.path:
            return self._shaped(HttpResponse(status=404))  # a NUL names nothing: no look-up
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
