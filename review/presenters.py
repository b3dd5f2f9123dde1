"""What the approver back office shows of an application, as plain data (API and pages)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from permits import presenters
from permits.corrections import open_items
from permits.models import NoticeKind
from permits.workflow.states import status_label


def notice_out(notice) -> dict:
    return {
        "id": str(notice.id),
        "kind": notice.kind,
        "kind_label": str(NoticeKind(notice.kind).label),
        "number": notice.number,
        "issued_at": timezone.localtime(notice.issued_at),
        "state": notice.state,
        "url": reverse("api:notice_pdf", kwargs={"notice_id": notice.id}),
    }


def review_item_out(app) -> dict:
    """A row of the queue: the 查询 summary (the drug named once: every item of an application
    shares it) plus the enterprise's USCC and the clock, in QueueItemOut's order (the API
    writes it unchecked: review/tests/test_queue_statements.py)."""
    return {
        "id": str(app.id),
        "direction": app.direction,
        "application_no": app.application_no,
        "permit_no": app.permit_no,
        "status": app.status,
        "status_label": status_label(app.status),
        "applicant_name": app.applicant_name,
        "approval_department": app.approval_department_id,
        "drug_names": [app.drug_name] if app.drug_name else [],
        "created_at": presenters.local(app.created_at),
        "updated_at": presenters.local(app.updated_at),
        "submitted_at": presenters.local(app.submitted_at),
        "decided_at": presenters.local(app.decided_at),
        "write_off": presenters.write_off_out(app),
        "applicant_uscc": app.applicant_uscc,
        "clock": presenters.clock_out(app),
    }


def file_url(app, type_: str) -> str:
    return reverse("api:review_attachment_file", kwargs={"application_id": app.id, "type": type_})


def review_out(app, user) -> dict:
    """The application read-only, with notices, the clock and what the latest correction
    request flagged."""
    data = presenters.application_out(app, user)
    for slot in data["attachments"]:
        if slot["file"]:
            slot["file"] = {**slot["file"], "url": file_url(app, slot["type"])}
    items = open_items(app)
    data.update(
        notices=[notice_out(n) for n in sorted(app.notices.all(), key=lambda n: n.issued_at)],
        correction={
            "opinion": items["opinion"],
            "attachments": [{"type": t, "opinion": o} for t, o in items["attachments"].items()],
            "fields": [{"field": f, "opinion": o} for f, o in items["fields"].items()],
        },
    )
    return data
