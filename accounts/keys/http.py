"""JSON in and out for the key ceremonies' endpoints (the browser side is static/js/keys.js).
Errors answer in the API's shape: {"detail": ..., "errors": [...]}."""

import json

from django.http import JsonResponse

from core.errors import DomainError

MAX_BODY = 64 * 1024


def json_body(request) -> dict:
    """The request's JSON object, or an empty one when the body is no JSON object."""
    if len(request.body) > MAX_BODY:
        return {}
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def text(data: dict, name: str, limit: int = 200) -> str:
    value = data.get(name)
    return value[:limit] if isinstance(value, str) else ""


def error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(detail), "errors": []}, status=status)


def domain_error(exc: DomainError) -> JsonResponse:
    return JsonResponse(exc.as_dict(), status=exc.status_code)
