"""The client's address (core.client): X-Forwarded-For believed only from configured
proxies; the audit rows carry it; the shared cache is a database table every process sees."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from core.client import client_address

pytestmark = pytest.mark.django_db


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_nearest_untrusted_hop_counts(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    # a client forged the first entry; the proxy chain appended the real one
    request = _request("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3")
    assert client_address(request) == "198.51.100.7"
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", "[2001:db8::1]")) == "2001:db8::1"


def test_a_direct_client_cannot_pretend_to_be_behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_address(_request("192.0.2.50", "10.9.9.9")) == "192.0.2.50"


def test_a_peer_is_judged_by_the_proxies_configured_now(settings):
    """The answer kept per peer is kept per list of proxies too: a change of the list counts."""
    forwarded = _request("10.0.0.1", "198.51.100.7")
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_address(forwarded) == "198.51.100.7"
    settings.TRUSTED_PROXIES = []
    assert client_address(forwarded) == "10.0.0.1"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(forwarded) == "198.51.100.7"


def test_audit_rows_record_the_client_address(settings, applicant_a, token_for):
    from django.test import Client

    from permits.models import AuditEvent
    from testing import factories as f

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    app = f.make_application(applicant_a)  # outside a request: no address
    assert AuditEvent.objects.get(application_id=app.id, action="create").client_address is None
    response = Client().put(
        f"/api/v1/applications/{app.id}",
        {"version": app.version, "remarks": "经代理保存"},
        content_type="application/json",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
        **token_for(applicant_a),
    )
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.get(application_id=app.id, action="update")
    assert event.client_address == "198.51.100.23"


def test_the_shared_cache_is_the_database_table_by_default(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    cache.set("shared-key", "seen by every process", 30)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cache")
        assert cursor.fetchone()[0] >= 1
    assert cache.get("shared-key") == "seen by every process"
