"""One JSON log line per request, with its id, and the time the request spent in the database.

The id comes from the trusted proxy's `X-Request-ID` (nginx's `$request_id`, so its access
log and ours name the same request), else a new one; it is sent back as `X-Request-ID`, kept
in `request.request_id` for the error pages, and stamped on every log line written while the
request runs. Database time is summed by an execute wrapper on every connection the request
uses and observed per view (operations.metrics).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.db import connections

from core.client import client_address, is_trusted_proxy
from core.logs import request_id_var
from operations.metrics import observe_request

logger = logging.getLogger("operations.requests")
HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_for(request) -> str:
    """The proxy's id when a trusted proxy sent a well-formed one, else a fresh one."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if given and _VALID_ID.match(given) and is_trusted_proxy(request):
        return given
    return uuid.uuid4().hex


class _DatabaseTimer:
    """Sums the wall time and the count of the statements run while it is installed."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name or match._func_path) if match else "<unresolved>"


def _user_id(request) -> str | None:
    # Only a user already looked up: logging never costs a query of its own.
    user = request.__dict__.get("_cached_user") or getattr(request, "auth", None)
    return str(user.pk) if getattr(user, "pk", None) else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = request_id_var.set(request.request_id)
        timer = _DatabaseTimer()
        started = time.perf_counter()
        try:
            # As each connection's execute_wrapper() would, without a context manager apiece.
            timed = [connections[alias] for alias in connections]
            for connection in timed:
                connection.execute_wrappers.append(timer)
            try:
                response = self.get_response(request)
            finally:
                for connection in timed:
                    connection.execute_wrappers.pop()
            response[HEADER] = request.request_id
            elapsed = time.perf_counter() - started
            view = _view_name(request)
            observe_request(view, timer.seconds)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "fields": {
                        "request_id": request.request_id,
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "view": view,
                        "duration_ms": round(elapsed * 1000, 1),
                        "db_ms": round(timer.seconds * 1000, 1),
                        "queries": timer.queries,
                        "client": client_address(request),
                        "user": _user_id(request),
                    }
                },
            )
            return response
        finally:
            request_id_var.reset(token)
