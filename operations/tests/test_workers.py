"""A task left RUNNING by a worker that died is handed back and run again; a live worker's
task is left alone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from operations.workers import beat, requeue_abandoned
from permits.models import NoticeState
from permits.notices import tasks
from testing import factories

pytestmark = pytest.mark.django_db


def _running(worker_id: str, started_ago: timedelta) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": ["x"], "kwargs": {}},
        task_path="permits.notices.tasks.render_notice",
        backend_name="default",
        run_after=get_date_max(),
        status="RUNNING",
        started_at=timezone.now() - started_ago,
        worker_ids=[worker_id],
    )


def test_a_dead_workers_task_goes_back_to_the_queue():
    beat("alive")
    dead = _running("killed", timedelta(minutes=2))
    live = _running("alive", timedelta(minutes=2))
    just_started = _running("starting", timedelta(seconds=1))

    assert requeue_abandoned() == [str(dead.pk)]

    dead.refresh_from_db()
    assert dead.status == "READY" and dead.started_at is None
    assert dead.worker_ids == ["killed"]  # who ran it before stays on record
    assert DBTaskResult.objects.get(pk=live.pk).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=just_started.pk).status == "RUNNING"
    assert DBTaskResult.objects.ready().filter(pk=dead.pk).exists()


def test_the_same_run_takes_its_notice_back_at_once(applicant_a, approver_bj):
    app = factories.accepted(applicant_a, approver_bj)
    notice = app.notices.get()
    assert notice.state == NoticeState.PENDING
    # the first run claimed the notice, then its worker was killed
    assert tasks._claim(notice.pk, "run-1") is not None

    assert tasks.render_now(notice.pk, run_id="run-2") == "skipped"  # another run waits
    assert tasks.render_now(notice.pk, run_id="run-1") == "ready"  # the run handed back
    notice.refresh_from_db()
    assert notice.state == NoticeState.READY and notice.sha256
