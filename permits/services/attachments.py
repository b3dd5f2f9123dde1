"""附件: the PDF in each attachment slot of an application, and the documents its applicant
downloads (attachments, the printed application form)."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError, FieldError, NotAllowed, NotFound, ValidationFailed
from documents import storage, upload_slots
from documents.pdf_check import check_pdf
from permits import audit
from permits.access import parse_id, require_applicant
from permits.models import Application, Attachment
from permits.printing import application_form_pdf
from permits.rules import attachments as slots
from permits.rules.submission import msg_invalid
from permits.services.common import ensure_editable, locked_own, touch

MAX_NAME = 255
log = logging.getLogger(__name__)


def attachment_upload(*, actor, application_id, type: str, filename: str, data: bytes):
    """上传: one PDF into an empty slot of a saved, editable application. The slow parts run
    before the application row is locked: the file is judged (parsing a PDF), then its bytes
    are stored (up to UPLOAD_MAX_BYTES, a network write with object storage). Only then does
    one short transaction lock the row, check the slot and record the attachment. When that
    transaction does not commit (a refusal, a conflict, any error), the stored file goes
    again."""
    require_applicant(actor)
    if len(filename) > MAX_NAME:
        msg = _("文件名过长：最多 %(n)s 个字符。") % {"n": MAX_NAME}
        raise ValidationFailed(msg, [FieldError("file", msg)])
    with upload_slots.check_slot(actor.pk):  # 429 beyond the bounds of checks at once
        check_pdf(data)
    pk = parse_id(application_id)
    stored = storage.store_bytes(data)
    try:
        return _attach(actor=actor, application_id=pk, type=type, filename=filename, stored=stored)
    except BaseException:
        _discard_unless_referenced(pk, type, stored.name)
        raise


def _discard_unless_referenced(application_id, type: str, name: str) -> None:
    """Delete a file stored for an upload that failed. `store_bytes` gave it a fresh random
    name (the storage never hands out a name already taken), so no other row can point to
    it; the one row that may is this upload's own, when the failure came after its commit
    (a commit callback): then the file stays. If that cannot be asked, or the deletion
    fails, the file stays too and the upload's own error is what the user sees:
    `sweep_orphans` removes an unreferenced file later, while a deleted referenced one would
    be lost."""
    try:
        mine = Attachment.objects.filter(application_id=application_id, type=type)
        if not mine.filter(storage_name=name).exists():
            storage.delete_stored(name)
    except Exception:
        log.warning(
            "upload failed; its stored file %s is left to sweep_orphans", name, exc_info=True
        )


@transaction.atomic
def _attach(*, actor, application_id, type: str, filename: str, stored: storage.StoredFile):
    app = locked_own(actor, application_id)
    ensure_editable(app)
    if type not in slots.slot_types(app.direction, app.purpose, app.is_agent):
        raise ValidationFailed(
            msg_invalid(), [FieldError("type", _("该申请没有此附件类型：%(t)s。") % {"t": type})]
        )
    if app.attachments.filter(type=type).exists():
        raise NotAllowed(_("该附件已上传；如需更换，请先删除原文件。"))
    attachment = Attachment.objects.create(
        application=app,
        type=type,
        original_name=storage.safe_download_name(filename),
        storage_name=stored.name,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=actor,
    )
    audit.record(app, actor, "attachment_upload", f"{type}: {attachment.original_name}")
    touch(app)
    return attachment


@transaction.atomic
def attachment_delete(*, actor, application_id, type: str) -> None:
    app = locked_own(actor, application_id)
    ensure_editable(app)
    attachment = app.attachments.filter(type=type).first()
    if attachment is None:
        raise NotFound()
    name = attachment.storage_name
    audit.record(app, actor, "attachment_delete", f"{type}: {attachment.original_name}")
    attachment.delete()
    touch(app)
    transaction.on_commit(lambda: storage.delete_stored(name))


def _own(actor, application_id) -> Application:
    require_applicant(actor)
    app = Application.objects.visible_to(actor).filter(pk=parse_id(application_id)).first()
    if app is None:
        raise NotFound()
    return app


def ensure_servable(attachment: Attachment) -> None:
    """A quarantined file is never served, to anyone (409 naming why)."""
    if attachment.quarantined:
        raise NotAllowed(
            _("该附件未通过安全复查，已被隔离（%(reason)s）：请删除后重新上传。")
            % {"reason": attachment.quarantined}
        )


def attachment_recheck(*, attachment: Attachment, quarantine: bool = False) -> str | None:
    """The stored file judged again by today's upload checks: None when it passes, else the
    reason. With `quarantine`, a failing file is moved under quarantine/ and no longer served,
    and the application's history says so."""
    with storage.open_stored(attachment.storage_name) as handle:
        data = handle.read()
    try:
        check_pdf(data)
        return None
    except DomainError as exc:
        problem = exc.detail
    if quarantine and not attachment.quarantined:
        _quarantine(attachment, data, problem)
    return problem


def _quarantine(attachment: Attachment, data: bytes, problem: str) -> None:
    old = attachment.storage_name
    moved = storage.store_bytes_at(f"quarantine/{old}", data)
    with transaction.atomic():
        locked = Attachment.objects.select_for_update().select_related("application")
        row = locked.get(pk=attachment.pk)
        row.storage_name, row.quarantined = moved.name, problem[:300]
        row.save(update_fields=["storage_name", "quarantined"])
        audit.record(row.application, None, "attachment_quarantine", f"{row.type}: {problem}")
    transaction.on_commit(lambda: storage.delete_stored(old))
    attachment.storage_name, attachment.quarantined = moved.name, problem[:300]


@transaction.atomic
def attachment_open(*, actor, application_id, type: str):
    """Open an attachment for download, recording who downloaded it."""
    app = _own(actor, application_id)
    attachment = app.attachments.filter(type=type).first()
    if attachment is None:
        raise NotFound()
    ensure_servable(attachment)
    audit.record(app, actor, "attachment_download", f"{type}: {attachment.original_name}")
    return attachment, storage.open_stored(attachment.storage_name)


def application_form_render(*, actor, application_id) -> tuple[Application, bytes]:
    """打印申请表: the saved application as the printable form. The print is recorded in its
    own short transaction; the rendering (~200 ms) runs outside any."""
    with transaction.atomic():
        app = _own(actor, application_id)
        audit.record(app, actor, "print_application_form")
    app = (
        Application.objects.select_related("approval_department")
        .prefetch_related("goods")
        .get(pk=app.pk)
    )
    return app, application_form_pdf(app)
