"""/metrics: open to a direct loopback peer or the token, closed to everyone else; it reports
requests per view, database time, the task queue and decisions per department."""

import pytest
from django.core.cache import cache

from operations.metrics import SNAPSHOT_KEY
from testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_snapshot():
    cache.delete(SNAPSHOT_KEY)
    yield
    cache.delete(SNAPSHOT_KEY)


def test_open_to_a_direct_loopback_peer(anon):
    anon.get("/healthz")
    response = anon.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_latency_seconds_by_view_method" in text
    assert 'view="healthz"' in text
    assert "drug_permits_request_db_seconds" in text
    assert "drug_permits_task_queue_depth" in text
    assert "drug_permits_decisions" in text


@pytest.mark.parametrize(
    "meta",
    [
        {"REMOTE_ADDR": "203.0.113.9"},
        {"REMOTE_ADDR": "10.1.2.3"},
        # through a proxy on this machine (nginx): the proxy's peer is not the caller
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.9"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong"},
    ],
)
def test_closed_to_others(anon, settings, meta):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    response = anon.get("/metrics", **meta)
    assert response.status_code == 403
    assert b"django_http" not in response.content


def test_open_to_the_token_from_anywhere(anon, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    response = anon.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-metrics-token"
    )
    assert response.status_code == 200


def test_no_token_configured_opens_nothing_remote(anon, settings):
    settings.METRICS_TOKEN = ""
    response = anon.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 403


def test_decisions_per_department(anon, approver_bj, applicant_a, run_tasks):
    with run_tasks():
        factories.accepted(applicant_a, approver_bj)
    text = anon.get("/metrics").content.decode()
    assert 'drug_permits_decisions{decision="accept",department="110000"} 1.0' in text
