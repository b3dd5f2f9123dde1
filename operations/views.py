"""Endpoints for operators and load balancers: liveness, readiness, metrics; and the 500 page
rendered with its request id."""

from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from operations.health import notices_pending_too_long, readiness
from operations.metrics import metrics_allowed, metrics_payload


@never_cache
@csrf_exempt
@require_GET
def healthz(request):
    """The process answers; nothing else is asked (no database)."""
    return JsonResponse({"status": "ok"})


@never_cache
@csrf_exempt
@require_GET
def readyz(request):
    """200 when every check passes; 503 naming the failing checks otherwise. The body also
    counts the notices pending past NOTICE_PENDING_SECONDS (late work, not a reason to take
    the node out of service)."""
    checks = readiness()
    failing = [name for name, outcome in checks.items() if outcome != "ok"]
    late = _late_notices()
    if failing:
        body = {"status": "unavailable", "failing": failing, "checks": checks, **late}
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "checks": checks, **late})


def _late_notices() -> dict:
    try:
        return {"notices_pending_past_limit": notices_pending_too_long()}
    except DatabaseError:
        return {"notices_pending_past_limit": None}


@never_cache
@csrf_exempt
@require_GET
def metrics(request):
    if not metrics_allowed(request):
        return JsonResponse({"detail": "forbidden", "errors": []}, status=403)
    payload, content_type = metrics_payload()
    return HttpResponse(payload, content_type=content_type)


def server_error(request):
    """Django's 500 view renders without the request; this one shows the request's id, the
    handle an operator needs to find the failure in the logs."""
    template = loader.get_template("500.html")
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponse(template.render(context), status=500)
