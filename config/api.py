"""The JSON API under /api/v1: one NinjaAPI, app routers mounted here, errors in one shape."""

from csp.decorators import csp_update
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accounts.auth import BearerTokenAuth, session_auth
from config.openapi import DocumentedAPI
from core.errors import DomainError
from core.renderers import Utf8JSONRenderer

# Swagger UI sets inline style attributes; scripts stay 'self' only.
_docs_csp = csp_update({"style-src": ["'unsafe-inline'"], "img-src": ["data:"]})


api = DocumentedAPI(
    renderer=Utf8JSONRenderer(),
    title="drug-permits API",
    version="1",
    description=(
        "药品进出口准许证（蛋白同化制剂肽类激素）: applications, review, customs write-off. "
        "Authenticate with `Authorization: Bearer <token>` (from `create_api_token` or the "
        "settings page) or a browser session with CSRF."
    ),
    auth=[BearerTokenAuth(), session_auth],
    urls_namespace="api",
    docs_decorator=_docs_csp,
)


def _error(request, status: int, detail: str, errors: list | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


def _field_name(loc) -> str:
    """Ninja locates an error as ('body', 'payload', 'field', ...): keep the field path."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "file")]
    if len(parts) > 1 and parts[0] in ("payload", "data", "filters", "params"):
        parts = parts[1:]
    elif parts in (["payload"], ["data"]):  # the body as a whole (e.g. not an object)
        return "__all__"
    return ".".join(parts) or "__all__"


@api.exception_handler(NinjaValidationError)
def _validation(request, exc: NinjaValidationError):
    errors = [
        {"field": _field_name(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors
    ]
    return _error(request, 422, _("提交的数据有误，请检查标出的字段。"), errors)


@api.exception_handler(DomainError)
def _domain(request, exc: DomainError):
    response = api.create_response(request, exc.as_dict(), status=exc.status_code)
    if exc.retry_after is not None:
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, _("未登录或令牌无效。"))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or _("无权执行此操作。"))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("未找到。"))


@api.exception_handler(MultiPartParserError)
def _bad_upload(request, exc):
    """Django refuses a part whose headers pass 1 KB: in practice an oversize file name."""
    msg = _("无法读取上传的文件：文件名过长或请求格式有误。")
    return _error(request, 422, msg, [{"field": "file", "message": msg}])


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _error(request, 413, _("请求过大。"))


@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    return _error(request, 400, _("请求无效。"))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:  # ninja's "Cannot parse request body"
        return _error(request, 400, _("请求无效：请求体无法读取（须为JSON）。"))
    return _error(request, exc.status_code, str(exc))


api.add_router("/reference", "reference.api.router")
api.add_router("", "accounts.api.router")
api.add_router("", "permits.api.applications.router")
api.add_router("", "permits.api.notices.router")
api.add_router("", "review.api.router")
api.add_router("", "customs.api.router")
