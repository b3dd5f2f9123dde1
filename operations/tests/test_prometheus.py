"""The kept labelled series (operations.prometheus) are the ones `/metrics` reports."""

import pytest
from prometheus_client import REGISTRY

from operations.prometheus import PrometheusAfterMiddleware

STATUS = "django_http_responses_total_by_status_view_method_total"


def _count(status: str, view: str, method: str = "GET") -> float:
    labels = {"status": status, "view": view, "method": method}
    return REGISTRY.get_sample_value(STATUS, labels) or 0.0


@pytest.mark.django_db
def test_each_answer_counts_in_its_own_series(anon):
    ok, missing = _count("200", "healthz"), _count("404", "<unnamed view>")
    for _ in range(3):
        anon.get("/healthz")
    anon.get("/no-such-page/")
    assert _count("200", "healthz") == ok + 3
    assert _count("404", "<unnamed view>") == missing + 1
    body = anon.get("/metrics").content.decode()
    line = f'{STATUS}{{method="GET",status="200",view="healthz"}}'
    assert line in body


def test_the_kept_series_is_the_labelled_one():
    middleware = PrometheusAfterMiddleware(lambda r: None)
    metric = middleware.metrics.responses_by_status
    first = middleware.label_metric(metric, None, status="299")
    assert first is metric.labels(status="299")
    assert middleware.label_metric(metric, None, status="299") is first
    assert middleware.label_metric(metric, None, status="298") is not first


LATENCY = "django_http_requests_latency_seconds_by_view_method_count"
DROPPED = (
    ("django_http_requests_total_by_method_total", {"method": "GET"}),
    ("django_http_requests_total_by_transport_total", {"transport": "http"}),
    ("django_http_responses_total_by_status_total", {"status": "200"}),
    ("django_http_requests_before_middlewares_total", {}),
)


@pytest.mark.django_db
def test_an_answer_is_timed_per_view_and_the_sums_of_the_per_view_series_are_not_kept(anon):
    """Each answer adds to its view's count and latency; the totals by method, transport or
    status alone (sums of the per-view series) are not recorded on every request."""
    timed = REGISTRY.get_sample_value(LATENCY, {"view": "healthz", "method": "GET"}) or 0.0
    dropped = [REGISTRY.get_sample_value(name, labels) or 0.0 for name, labels in DROPPED]
    anon.get("/healthz")
    anon.post("/healthz")
    assert REGISTRY.get_sample_value(LATENCY, {"view": "healthz", "method": "GET"}) == timed + 1
    assert REGISTRY.get_sample_value(LATENCY, {"view": "healthz", "method": "POST"}) >= 1
    assert [REGISTRY.get_sample_value(n, labels) or 0.0 for n, labels in DROPPED] == dropped
