"""Prometheus metrics (django-prometheus), across every gunicorn worker of a node.

django-prometheus's middlewares count requests and time them per view; here are added the
time each request spent in the database (per view), and, read from the database at scrape
time, the task queue's depth and the decisions made per department. With
PROMETHEUS_MULTIPROC_DIR set (deploy/serve-prod.sh gives each node its own), the workers
write their samples to files there and a scrape of any worker of a node reports them all;
the database figures are shared by every node and kept 60 seconds in the shared cache.

`/metrics` is open to a direct loopback peer (not one that came through a proxy) or to a
request carrying `Authorization: Bearer $METRICS_TOKEN`; nginx refuses it outright.
"""

from __future__ import annotations

import hmac
import ipaddress
import os

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from operations.health import notices_pending_too_long

DB_SECONDS = Histogram(
    "drug_permits_request_db_seconds",
    "Time a request spent in the database, by view.",
    ["view"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
DECISION_ACTIONS = ("accept", "not_accept", "request_correction", "approve", "reject", "void")
SNAPSHOT_KEY = "operations:metrics:database"
SNAPSHOT_SECONDS = 60


_DB_SECONDS_OF: dict[str, Histogram] = {}  # the series of each view, looked up once


def observe_request(view: str, db_seconds: float) -> None:
    series = _DB_SECONDS_OF.get(view)
    if series is None:
        series = DB_SECONDS.labels(view=view)
        if len(_DB_SECONDS_OF) < 10_000:  # views are a fixed set; never grow without end
            _DB_SECONDS_OF[view] = series
    series.observe(db_seconds)


def metrics_allowed(request) -> bool:
    """A token holder, or a peer on this machine that did not come through a proxy."""
    token = settings.METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REAL_IP" in request.META:
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _database_figures() -> dict:
    from django_tasks_db.models import DBTaskResult

    from permits.models import StatusChange

    queue = DBTaskResult.objects.values("queue_name", "status").annotate(n=Count("id"))
    decisions = (
        StatusChange.objects.filter(action__in=DECISION_ACTIONS)
        .values("application__approval_department_id", "action")
        .annotate(n=Count("id"))
    )
    return {
        "late_notices": notices_pending_too_long(),
        "queue": [
            [row["queue_name"], row["status"], row["n"]]
            for row in queue
            if row["status"] in ("READY", "RUNNING")
        ],
        "decisions": [
            [row["application__approval_department_id"] or "", row["action"], row["n"]]
            for row in decisions
        ],
    }


def _queues() -> list[str]:
    return list(settings.TASKS["default"].get("QUEUES") or ["default"])


class DatabaseCollector:
    """Task queue depth and decisions per department, from the database."""

    def collect(self):
        figures = cache.get(SNAPSHOT_KEY)
        if figures is None:
            figures = _database_figures()
            cache.set(SNAPSHOT_KEY, figures, SNAPSHOT_SECONDS)
        depth = GaugeMetricFamily(
            "drug_permits_task_queue_depth",
            "Tasks waiting (READY) or being run (RUNNING), by queue.",
            labels=["queue", "status"],
        )
        counts = {(queue, status): 0 for queue in _queues() for status in ("READY", "RUNNING")}
        for queue, status, n in figures["queue"]:
            counts[(queue, status)] = n
        for (queue, status), n in sorted(counts.items()):
            depth.add_metric([queue, status.lower()], n)
        decisions = GaugeMetricFamily(
            "drug_permits_decisions",
            "Decisions made so far, by department and decision.",
            labels=["department", "decision"],
        )
        for department, action, n in figures["decisions"]:
            decisions.add_metric([department, action], n)
        late = GaugeMetricFamily(
            "drug_permits_notices_pending_past_limit",
            "Notices still pending NOTICE_PENDING_SECONDS after their decision.",
        )
        late.add_metric([], figures.get("late_notices", 0))
        return [depth, decisions, late]


def metrics_payload() -> tuple[bytes, str]:
    """The exposition text: this node's processes (all of them in multiprocess mode) and the
    database figures."""
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    extra = CollectorRegistry()
    extra.register(DatabaseCollector())
    return generate_latest(registry) + generate_latest(extra), CONTENT_TYPE_LATEST
