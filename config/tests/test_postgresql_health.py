"""The PostgreSQL health check (config.postgresql.base): a connection in steady use skips it,
one that sat idle is checked, and one found broken is replaced."""

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def checks(monkeypatch):
    """The health checks run (each a `SELECT 1` round trip), counted."""
    seen = []
    wrapper = type(connections["default"])
    real = wrapper.is_usable

    def counted(self):
        seen.append(1)
        return real(self)

    monkeypatch.setattr(wrapper, "is_usable", counted)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    connection.ensure_connection()
    return seen


def _request(clock, monkeypatch, at: float):
    """What a request does with the connection: its start, then its first statement."""
    monkeypatch.setattr(clock, "monotonic", lambda: at)
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")


def test_a_connection_in_steady_use_is_checked_once(checks, monkeypatch, settings):
    from config.postgresql import base

    settings.DB_HEALTH_CHECK_IDLE_SECONDS = 2
    start = 1_000_000.0
    for i in range(5):
        _request(base, monkeypatch, start + i * 0.5)
    assert len(checks) == 1  # the first; each later one came 0.5 s after the last


def test_a_connection_idle_for_longer_is_checked(checks, monkeypatch, settings):
    from config.postgresql import base

    settings.DB_HEALTH_CHECK_IDLE_SECONDS = 2
    for at in (2_000_000.0, 2_000_010.0, 2_000_020.0):
        _request(base, monkeypatch, at)
    assert len(checks) == 3


def test_zero_checks_before_every_request(checks, monkeypatch, settings):
    from config.postgresql import base

    settings.DB_HEALTH_CHECK_IDLE_SECONDS = 0
    for i in range(3):
        _request(base, monkeypatch, 3_000_000.0 + i * 0.1)
    assert len(checks) == 3


def test_a_broken_connection_is_replaced(checks, monkeypatch, settings):
    from config.postgresql import base

    settings.DB_HEALTH_CHECK_IDLE_SECONDS = 2
    _request(base, monkeypatch, 4_000_000.0)
    with connection.cursor() as cursor:  # another session ends this connection's backend
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    _request(base, monkeypatch, 4_000_100.0)  # idle long enough: checked, reconnected
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
