"""One JSON line per request with its id; the id is a response header and on error pages."""

import json
import logging

import pytest
from django.test import RequestFactory

from core.logs import JsonFormatter
from operations.views import server_error

pytestmark = pytest.mark.django_db


def test_every_response_names_its_request(anon):
    first, second = anon.get("/healthz"), anon.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_trusted_proxy_names_the_request(anon, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    given = "0123456789abcdef0123456789abcdef"
    assert anon.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    # anyone else's id is not believed (it would let a client forge log lines' ids)
    other = anon.get("/healthz", HTTP_X_REQUEST_ID=given, REMOTE_ADDR="203.0.113.9")
    assert other["X-Request-ID"] != given


def test_one_json_line_per_request(anon, caplog):
    with caplog.at_level(logging.INFO, logger="operations.requests"):
        response = anon.get("/api/v1/reference/units")
    records = [r for r in caplog.records if r.name == "operations.requests"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["request_id"] == response["X-Request-ID"]
    assert line["status"] == 401
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/reference/units"
    assert {"duration_ms", "db_ms", "queries", "view", "client"} <= set(line)


def test_error_pages_show_the_request_id(client_for_anyone):
    response = client_for_anyone.get("/permits/no-such-page/")
    assert response.status_code == 404
    assert response["X-Request-ID"] in response.content.decode()


def test_the_500_page_shows_the_request_id():
    request = RequestFactory().get("/")
    request.request_id = "feedface" * 4
    response = server_error(request)
    assert response.status_code == 500
    assert ("feedface" * 4) in response.content.decode()


@pytest.fixture
def client_for_anyone(anon):
    return anon
