"""The restore drill: back up, empty the database and the storage, restore; every stored
document matches its row's SHA-256 and the notice left pending is rendered."""

import hashlib
import shutil

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from permits.models import Application, Attachment, Notice, NoticeState
from testing import factories
from testing.tasks import settle

pytestmark = pytest.mark.django_db(transaction=True)


def _empty_the_database() -> None:
    """Every table dropped: an empty database, as a new server's."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            return
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in connection.introspection.table_names():
            cursor.execute(f'DROP TABLE "{table}"')
        cursor.execute("PRAGMA foreign_keys = ON")


def _stored_sha(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def test_round_trip(tmp_path, settings, monkeypatch, applicant_a, approver_bj):
    decided = factories.accepted(applicant_a, approver_bj)
    settle()
    # a decision whose worker never got to its notice: pending in the backup
    monkeypatch.setattr("permits.notices.issue.enqueue_with_write", lambda *args: None)
    waiting = factories.accepted(applicant_a, approver_bj)
    pending = waiting.notices.get()
    assert pending.state == NoticeState.PENDING
    attachments = dict(Attachment.objects.values_list("storage_name", "sha256"))
    ready = decided.notices.get()
    assert ready.state == NoticeState.READY and len(attachments) >= 2
    applications = Application.objects.count()

    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    assert (backup / "manifest.json").exists()

    _empty_the_database()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert connection.introspection.table_names() == []

    call_command("restore", str(backup))

    assert Application.objects.count() == applications
    for name, sha in attachments.items():
        assert _stored_sha(name) == sha
    ready_again = Notice.objects.get(pk=ready.pk)
    assert ready_again.sha256 == ready.sha256
    assert _stored_sha(ready_again.storage_name) == ready.sha256
    rendered = Notice.objects.get(pk=pending.pk)
    assert rendered.state == NoticeState.READY
    assert _stored_sha(rendered.storage_name) == rendered.sha256
    assert not Notice.objects.exclude(state=NoticeState.READY).exists()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, applicant_a):
    factories.draft(applicant_a)
    call_command("backup", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "b"))


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path, reference_data):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"))
