"""An upload's bytes are stored before the application's row is locked (a storage write, over
the network with object storage, never holds the lock), and a file stored for an upload that
does not commit goes again — never one that a row refers to."""

from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError, OperationalError, connection, connections, transaction

from core.errors import NotAllowed, ValidationFailed
from documents.storage import walk_stored
from permits import services
from permits.models import Application, Attachment
from permits.services import attachments as attachment_service
from permits.services.common import msg_stale
from testing import factories as f
from testing.concurrency import in_thread

# Real commits: the service's own transaction is the outermost one, as in a request.
pytestmark = pytest.mark.django_db(transaction=True)

SLOT = "application_form"


@pytest.fixture(autouse=True)
def _no_bounds_on_checks(settings):
    """Commits made to fail here would also leave the check slots' cache rows (in the same
    database) half-written: these tests are about the storage, not the bounds."""
    settings.UPLOAD_CHECKS_PER_USER = settings.UPLOAD_CHECKS_PER_ADDRESS = 0
    settings.UPLOAD_CHECKS_PER_NODE = 0


def upload(actor, app, slot=SLOT):
    return services.attachment_upload(
        actor=actor, application_id=app.id, type=slot, filename="a.pdf", data=f.pdf_bytes()
    )


def stored_names() -> set[str]:
    return {name for name, _modified in walk_stored("attachments")}


def referenced_names() -> set[str]:
    return set(Attachment.objects.values_list("storage_name", flat=True))


def _row_free(pk) -> bool:
    """From another connection: can the application's row be locked right now?"""

    def probe():
        try:
            with transaction.atomic():
                locked = Application.objects.select_for_update(nowait=True).filter(pk=pk)
                return list(locked.values_list("pk", flat=True)) == [pk]
        except DatabaseError:
            return False

    return in_thread(probe).result(timeout=30)


def test_the_bytes_are_stored_while_no_transaction_holds_the_row(applicant_a, monkeypatch):
    app = f.make_application(applicant_a)
    seen = []
    save = FileSystemStorage.save  # the tests' storage (conftest)

    def watched(storage, name, content, *args, **kwargs):
        free = _row_free(app.pk) if connection.vendor == "postgresql" else None
        seen.append({"in_transaction": connection.in_atomic_block, "row_free": free})
        return save(storage, name, content, *args, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", watched)
    attachment = upload(applicant_a, app)
    row_free = True if connection.vendor == "postgresql" else None
    assert seen == [{"in_transaction": False, "row_free": row_free}]
    assert stored_names() == {attachment.storage_name} == referenced_names()


def _not_editable(actor):
    return f.submitted(actor), SLOT, NotAllowed


def _slot_taken(actor):
    app = f.make_application(actor)
    upload(actor, app)
    return app, SLOT, NotAllowed


def _no_such_slot(actor):
    return f.make_application(actor), "no_such_slot", ValidationFailed


@pytest.mark.parametrize("refused", [_not_editable, _slot_taken, _no_such_slot])
def test_a_refused_upload_leaves_no_file(applicant_a, refused):
    app, slot, error = refused(applicant_a)
    before = stored_names()
    assert before == referenced_names()
    with pytest.raises(error):
        upload(applicant_a, app, slot)
    assert stored_names() == before == referenced_names()


def test_a_conflict_inside_the_transaction_leaves_no_file(applicant_a, monkeypatch):
    app = f.make_application(applicant_a)

    def conflict(*args, **kwargs):
        raise NotAllowed(msg_stale())

    monkeypatch.setattr(attachment_service, "touch", conflict)
    with pytest.raises(NotAllowed):
        upload(applicant_a, app)
    assert stored_names() == set() and not Attachment.objects.exists()


def test_an_upload_whose_commit_fails_leaves_no_file(applicant_a):
    app = f.make_application(applicant_a)
    failing = OperationalError("could not serialize access")
    with mock.patch.object(connections["default"], "commit", side_effect=failing):
        with pytest.raises(OperationalError):
            upload(applicant_a, app)
    assert stored_names() == set() and not Attachment.objects.exists()


def test_a_failure_after_the_commit_keeps_the_file_its_row_refers_to(applicant_a, monkeypatch):
    app = f.make_application(applicant_a)
    touch = attachment_service.touch

    def after_commit():
        raise RuntimeError("after the commit")

    def touch_then_fail_after_commit(*args, **kwargs):
        touch(*args, **kwargs)
        transaction.on_commit(after_commit)

    monkeypatch.setattr(attachment_service, "touch", touch_then_fail_after_commit)
    with pytest.raises(RuntimeError, match="after the commit"):
        upload(applicant_a, app)
    attachment = Attachment.objects.get(application=app)
    assert stored_names() == {attachment.storage_name}
