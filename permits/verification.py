"""The public facts of an issued permit: its verification link (what the QR code carries),
whether it can be used now, and the look-up behind the public verification page."""

from __future__ import annotations

import hmac
from datetime import date

from django.utils import timezone

from documents import verification
from permits.models import Application, Direction
from permits.workflow.states import ISSUED, Status
from reference import selectors as ref

STATE_LABELS = {
    "usable": "可用",
    "expired": "已过期",
    "voided": "已作废",
    "written_off": "已核销",
}
_NO_CODE = "-" * 16  # compared against when the permit is unknown, so timing says nothing


def verification_url(app: Application) -> str | None:
    """The public link of an issued permit (what its QR code carries); None before issue."""
    if app.status not in ISSUED:
        return None
    if not (app.permit_no and app.verification_code):
        return None
    return verification.verification_url(app.permit_no, app.verification_code)


def permit_reasons(app: Application, today: date | None = None) -> list[str]:
    """Why an issued permit cannot be used now (api.md, Customs: voided, written_off,
    expired); empty when it can."""
    today = today or timezone.localdate()
    reasons = []
    if app.status == Status.VOIDED:
        reasons.append("voided")
    if app.written_off_at:
        reasons.append("written_off")
    if app.valid_until and app.valid_until < today:
        reasons.append("expired")
    return reasons


def permit_state(app: Application, today: date | None = None) -> str:
    """Whether an issued permit can be used now: voided, written off (used once), expired
    (after valid_until, derived) or usable."""
    reasons = permit_reasons(app, today)
    return reasons[0] if reasons else "usable"


def permit_lookup(permit_no: str, code: str) -> dict | None:
    """The public facts of a genuine permit for the verification page, or None when the
    number is unknown or the code wrong: whether it can be used (or why not), its dates, the
    issuing department and the holder enterprise's name; nothing else (no goods, no people,
    no addresses)."""
    app = (
        Application.objects.filter(permit_no=permit_no.upper(), status__in=ISSUED)
        .only(
            "permit_no",
            "status",
            "direction",
            "issue_date",
            "valid_until",
            "written_off_at",
            "verification_code",
            "approval_department_id",
            "applicant_name",
        )
        .first()
    )
    expected = app.verification_code if app is not None and app.verification_code else _NO_CODE
    matches = hmac.compare_digest(expected.encode(), code.encode())
    if app is None or not app.verification_code or not matches:
        return None
    state = permit_state(app)
    return {
        "permit_no": app.permit_no,
        "direction_label": "进口" if app.direction == Direction.IMPORT else "出口",
        "issue_date": app.issue_date,
        "valid_until": app.valid_until,
        "department": ref.label("departments", app.approval_department_id),
        "holder": app.applicant_name,
        "state": state,
        "state_label": STATE_LABELS[state],
        "usable": state == "usable",
    }
