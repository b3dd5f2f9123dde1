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
