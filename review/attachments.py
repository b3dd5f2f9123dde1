"""An attachment opened by an approver of the application's department (the download is
recorded like every other)."""

from django.db import transaction

from core.errors import NotFound
from documents.storage import open_stored
from permits import audit
from permits.services.attachments import ensure_servable
from review.selectors import review_get


@transaction.atomic
def open_for_review(*, actor, application_id, type: str):
    app = review_get(actor, application_id)
    attachment = next((a for a in app.attachments.all() if a.type == type), None)
    if attachment is None:
        raise NotFound()
    ensure_servable(attachment)
    audit.record(app, actor, "attachment_view", f"{type}: {attachment.original_name}")
    return attachment, open_stored(attachment.storage_name)
