"""`manage.py recheck_attachments`: files stored before today's checks are judged again,
reported, and with --quarantine moved aside and no longer served."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from permits.models import Attachment, AuditEvent
from testing import factories as f
from testing import hostile_pdfs as hostile

BASE = "/api/v1/applications"


def _replace_stored(attachment, data: bytes) -> None:
    """What an earlier version accepted: the stored bytes swapped behind the row's back."""
    default_storage.delete(attachment.storage_name)
    default_storage.save(attachment.storage_name, io.BytesIO(data))


@pytest.fixture
def stored(applicant_a):
    app = f.make_application(applicant_a)
    f.fill_attachments(applicant_a, app)
    bad = app.attachments.order_by("type").first()
    _replace_stored(bad, hostile.with_catalog(b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>"))
    return app, bad


def _run(*args) -> str:
    out = io.StringIO()
    call_command("recheck_attachments", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_reports_without_changing_anything(stored):
    app, bad = stored
    total = app.attachments.count()
    report = _run()
    assert f"{app.application_no}\t{bad.type}" in report
    assert "JavaScript" in report
    assert f"checked {total} attachment(s): 1 failing; 0 in quarantine" in report
    assert not Attachment.objects.exclude(quarantined="").exists()
    assert default_storage.exists(bad.storage_name)


@pytest.mark.django_db
def test_quarantine_moves_the_file_and_stops_serving_it(
    stored, anon, applicant_a, approver_bj, token_for, django_capture_on_commit_callbacks
):
    app, bad = stored
    with django_capture_on_commit_callbacks(execute=True):
        report = _run("--quarantine")
    assert "1 quarantined; 1 in quarantine in all" in report
    bad.refresh_from_db()
    assert "JavaScript" in bad.quarantined
    assert bad.storage_name.startswith("quarantine/")
    assert default_storage.exists(bad.storage_name)
    assert not default_storage.exists(bad.storage_name.removeprefix("quarantine/"))
    assert AuditEvent.objects.filter(application_id=app.id, action="attachment_quarantine").exists()
    response = anon.get(f"{BASE}/{app.id}/attachments/{bad.type}/file", **token_for(applicant_a))
    assert response.status_code == 409
    assert "隔离" in response.json()["detail"]
    good = app.attachments.exclude(pk=bad.pk).first()
    response = anon.get(f"{BASE}/{app.id}/attachments/{good.type}/file", **token_for(applicant_a))
    assert response.status_code == 200
    assert "0 quarantined; 1 in quarantine" in _run("--quarantine")  # nothing moved twice
