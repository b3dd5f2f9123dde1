"""The notice's task after the decision: nothing rendered inside the decision, the PDF made from
the snapshot, idempotent re-runs, retries where the backend can defer, reissue_notices, and
生成中 until ready (api.md: state; 409 on the PDF)."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Enterprise
from permits.models import Notice
from permits.notices import tasks
from permits.notices.tasks import render_now
from testing import factories as f
from testing.documents import pdf_text, stored_bytes
from testing.tasks import drain, uses_database_backend

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(timezone.datetime(2026, 11, 30, 10, 0))


def _files(folder="notices") -> list[str]:
    found = []

    def walk(path):
        try:
            dirs, files = default_storage.listdir(path)
        except FileNotFoundError:
            return
        found.extend(f"{path}/{name}" for name in files)
        for sub in dirs:
            walk(f"{path}/{sub}")

    walk(folder)
    return sorted(found)


def test_the_decision_returns_with_a_pending_numbered_notice_rendered_after_the_commit(
    applicant_a, approver_bj, monkeypatch, run_tasks
):
    calls = []
    render = tasks.render_pdf
    monkeypatch.setattr(tasks, "render_pdf", lambda *a, **k: calls.append(a) or render(*a, **k))
    with run_tasks():
        app = f.accepted(applicant_a, approver_bj)
        notice = Notice.objects.get(application=app)
        assert calls == []  # the decision rendered nothing
        assert notice.state == "pending" and notice.attempts == 0
        assert notice.number.startswith("110000SL") and notice.storage_name == ""
        assert notice.snapshot["application_no"] == app.application_no
        assert notice.snapshot["applicant_name"] == "北京测试医药有限公司"
        assert _files() == []
    notice.refresh_from_db()
    assert len(calls) == 1 and notice.state == "ready" and _files() == [notice.storage_name]


def test_the_task_renders_from_the_snapshot_not_from_the_application_as_it_is_now(
    applicant_a, approver_bj, run_tasks
):
    app = f.accepted(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app)
    Enterprise.objects.filter(pk=app.enterprise_id).update(name="改名后的公司")
    type(app).objects.filter(pk=app.pk).update(applicant_name="改名后的公司")
    with run_tasks():
        tasks.enqueue_render(notice.pk)
    notice.refresh_from_db()
    assert notice.state == "ready"
    text = pdf_text(stored_bytes(notice.storage_name))
    assert "北京测试医药有限公司" in text and "改名后的公司" not in text


def test_a_rerun_after_a_crash_yields_one_file_and_one_number(applicant_a, approver_bj):
    app = f.accepted(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app)
    # A worker stored the file, then died before marking the notice ready (its lease lapsed).
    default_storage.save(tasks.file_name(notice), io.BytesIO(b"%PDF-partial"))
    Notice.objects.filter(pk=notice.pk).update(
        attempts=1, claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert render_now(notice.pk) == "ready"
    assert render_now(notice.pk) == "skipped"  # already ready: nothing is made again
    notice.refresh_from_db()
    assert _files() == [notice.storage_name] == [tasks.file_name(notice)]
    assert notice.attempts == 2 and notice.number.endswith("000001")
    assert stored_bytes(notice.storage_name).startswith(b"%PDF-1")


def test_a_notice_held_by_a_live_worker_is_left_to_it(applicant_a, approver_bj):
    notice = Notice.objects.get(application=f.accepted(applicant_a, approver_bj))
    Notice.objects.filter(pk=notice.pk).update(claimed_until=timezone.now() + timedelta(minutes=4))
    assert render_now(notice.pk) == "skipped"
    assert Notice.objects.get(pk=notice.pk).state == "pending"


def _break_signing(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("signing device unavailable")

    monkeypatch.setattr(tasks, "sign_pdf", broken)


@time_machine.travel(NOW, tick=False)
def test_a_failure_never_fails_the_decision_and_is_retried_later(
    applicant_a, approver_bj, monkeypatch, run_tasks
):
    _break_signing(monkeypatch)
    with run_tasks():
        app = f.approved(applicant_a, approver_bj)
    assert app.status == "approved" and app.permit_no  # the decision stands
    notice = Notice.objects.get(application=app, kind="approval")
    assert notice.attempts == 1 and "signing device unavailable" in notice.last_error
    if uses_database_backend():  # it can defer: tried again in a minute
        assert notice.state == "pending"
        assert notice.next_try_at == NOW + timedelta(minutes=1)
        from django_tasks_db.models import DBTaskResult

        again = DBTaskResult.objects.filter(args_kwargs__args=[str(notice.pk)], status="READY")
        assert [r.run_after for r in again] == [NOW + timedelta(minutes=1)]
    else:  # runs in-process and cannot defer: failed, for reissue_notices
        assert notice.state == "failed" and notice.next_try_at is None


@pytest.mark.skipif(not uses_database_backend(), reason="in-process tasks cannot be deferred")
def test_retries_back_off_and_stop_after_five_tries(applicant_a, approver_bj, monkeypatch):
    _break_signing(monkeypatch)
    app = f.accepted(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app)
    waits = []
    with time_machine.travel(NOW, tick=False) as traveller:
        for _ in range(5):
            render_now(notice.pk)
            notice.refresh_from_db()
            if notice.next_try_at:
                waits.append(notice.next_try_at - timezone.now())
                traveller.move_to(notice.next_try_at)
    assert waits == [timedelta(minutes=m) for m in (1, 5, 30, 30)]
    assert notice.state == "failed" and notice.attempts == 5


def test_reissue_notices_renders_failed_and_stale_pending_ones(
    applicant_a, approver_bj, monkeypatch, capsys
):
    first = Notice.objects.get(application=f.accepted(applicant_a, approver_bj))
    second = Notice.objects.get(application=f.accepted(applicant_a, approver_bj))
    fresh = Notice.objects.get(application=f.accepted(applicant_a, approver_bj))
    Notice.objects.filter(pk=first.pk).update(state="failed", attempts=5)
    Notice.objects.filter(pk=second.pk).update(issued_at=timezone.now() - timedelta(minutes=11))
    call_command("reissue_notices")
    out = capsys.readouterr().out
    assert f"{first.number} failed -> ready" in out and f"{second.number} pending -> ready" in out
    assert fresh.number not in out  # pending for less than ten minutes: its task will come
    assert Notice.objects.get(pk=first.pk).state == "ready"
    assert Notice.objects.get(pk=fresh.pk).state == "pending"


def test_pending_notices_say_so_in_the_api_and_the_pdf_is_409(
    anon, applicant_a, approver_bj, token_for, run_tasks
):
    app = f.accepted(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app)
    headers = token_for(applicant_a)
    items = anon.get(f"/api/v1/applications/{app.id}/notices", **headers).json()["items"]
    assert [i["state"] for i in items] == ["pending"]
    response = anon.get(f"/api/v1/notices/{notice.id}.pdf", **headers)
    assert response.status_code == 409 and response.json()["detail"] == "生成中"
    with run_tasks():
        tasks.enqueue_render(notice.pk)
    assert anon.get(f"/api/v1/notices/{notice.id}.pdf", **headers).status_code == 200


def test_the_worker_path_runs_what_the_decision_enqueued(applicant_a, approver_bj, run_tasks):
    from testing.tasks import uses_database_backend

    outbox = uses_database_backend()
    with run_tasks() as callbacks:
        app = f.accepted(applicant_a, approver_bj)
        if outbox:  # the task's row is written with the decision, in its transaction
            from django_tasks_db.models import DBTaskResult

            assert DBTaskResult.objects.ready().count() == 1
    assert len(callbacks) == (0 if outbox else 1)  # in-process: run after the commit
    assert Notice.objects.get(application=app).state == "ready"
    assert drain() == 0  # nothing left in the queue
