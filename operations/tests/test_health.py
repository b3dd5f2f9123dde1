"""/healthz answers without the database; /readyz names each failing check with a 503."""

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder
from django_tasks_db.models import DBTaskResult, get_date_max

from operations import health

pytestmark = pytest.mark.django_db


def test_healthz_asks_nothing_of_the_database(anon, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = anon.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_ok_when_every_check_passes(anon):
    response = anon.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"] == {
        "database": "ok",
        "storage": "ok",
        "migrations": "ok",
        "tasks": "ok",
    }


def _failing(anon) -> dict:
    response = anon.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    return response.json()


class _BrokenConnection:
    """A database that refuses every statement."""

    def cursor(self):
        raise OperationalError("connection refused")


def test_readyz_names_the_database(anon, monkeypatch):
    monkeypatch.setattr(health, "connection", _BrokenConnection())
    body = _failing(anon)
    assert "database" in body["failing"]
    assert body["checks"]["database"].startswith("unreachable")
    assert body["checks"]["storage"] == "ok"


def test_readyz_names_the_storage(anon, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the storage wants a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker / "media")},
        },
    }
    body = _failing(anon)
    assert body["failing"] == ["storage"]
    assert body["checks"]["storage"].startswith("not writable")


def test_readyz_names_unapplied_migrations(anon, monkeypatch):
    monkeypatch.setattr(health, "_migrations_done", False)
    MigrationRecorder.Migration.objects.filter(app="permits").order_by("-id").first().delete()
    body = _failing(anon)
    assert body["failing"] == ["migrations"]
    assert body["checks"]["migrations"] == "1 unapplied"


def test_readyz_names_a_task_backlog(anon, settings):
    settings.TASKS_BACKEND = "database"
    settings.READY_TASK_BACKLOG = 2
    for _ in range(3):
        DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="permits.notices.tasks.render_notice",
            backend_name="default",
            run_after=get_date_max(),
        )
    body = _failing(anon)
    assert body["failing"] == ["tasks"]
    assert body["checks"]["tasks"] == "2+ tasks waiting"

    settings.READY_TASK_BACKLOG = 3
    assert anon.get("/readyz").status_code == 200


def test_readyz_counts_notices_pending_past_the_limit_and_stays_ready(
    anon, applicant_a, approver_bj, monkeypatch
):
    """A decision whose render task never ran: late after NOTICE_PENDING_SECONDS, counted in
    /readyz's body (still 200) and by the metrics gauge."""
    from datetime import timedelta

    import time_machine
    from django.core.cache import cache
    from django.utils import timezone

    from operations.metrics import SNAPSHOT_KEY
    from testing import factories

    monkeypatch.setattr("permits.notices.issue.enqueue_with_write", lambda *args: None)
    with time_machine.travel(timezone.now() - timedelta(minutes=10), tick=False):
        factories.accepted(applicant_a, approver_bj)  # its notice stays pending
    factories.accepted(applicant_a, approver_bj)  # pending, but only just decided
    response = anon.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["notices_pending_past_limit"] == 1
    cache.delete(SNAPSHOT_KEY)
    text = anon.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert "drug_permits_notices_pending_past_limit 1.0" in text
