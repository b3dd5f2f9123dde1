"""What the approver back office shows of an application, as plain data (API and pages)."""

from __future__ import annotations

from django.urls import reverse

from permits import presenters
from permits.corrections import open_items


def review_item_out(app) -> dict:
    """A row of the queue: the 查询 summary (the drug named once: every item of an application
    shares it) plus the enterprise's USCC and the clock, in QueueItemOut's order (the API
    writes it unchecked: review/tests/test_queue_statements.py)."""
    return {
        **presenters.summary_out(app, names=[app.drug_name] if app.drug_name else []),
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
    notices = sorted(app.notices.all(), key=lambda n: n.issued_at)
    data.update(
        notices=[presenters.notice_out(n) for n in notices],
        correction={
            "opinion": items["opinion"],
            "attachments": [{"type": t, "opinion": o} for t, o in items["attachments"].items()],
            "fields": [{"field": f, "opinion": o} for f, o in items["fields"].items()],
        },
    )
    return data
