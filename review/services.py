"""Approver decisions (受理, 不予受理, 补正材料, 审批通过, 审批不通过, 作废).

Each is one transaction: the workflow transition (row locked, table and actor checked), then
what the decision carries (reasons, correction items, permit number and dates), then the
notice row with its number and snapshot. The notice's PDF is made by a task after the commit,
so no decision waits for rendering or signing while it holds a lock.
"""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ErrorCollector, FieldError, ValidationFailed
from permits.corrections import check_items, content_snapshot
from permits.models import CorrectionItem
from permits.notices.issue import notice_issue
from permits.numbering import new_permit_no
from permits.rules.validity import decide_dates
from permits.workflow.states import Action
from permits.workflow.transition import Change, transition

MAX_REASON = 2000


def _reason_required(reason: str | None, field: str = "reason") -> str:
    text = (reason or "").strip()
    errors = ErrorCollector()
    if not text:
        errors.add(field, _("请填写理由。"))
    if len(text) > MAX_REASON:
        errors.add(field, _("不能超过 %(n)s 个字符。") % {"n": MAX_REASON})
    errors.raise_if_any(_("请填写理由。"))
    return text


def _decide(
    *, application_id, action: Action, actor, reason: str = "", confirmation=None
) -> Change:
    change = transition(
        application_id=application_id,
        action=action,
        actor=actor,
        reason=reason,
        confirmation=confirmation,
    )
    notice_issue(change)
    return change


@transaction.atomic
def application_accept(*, actor, application_id) -> Change:
    """受理: submitted → accepted."""
    return _decide(application_id=application_id, action=Action.ACCEPT, actor=actor)


@transaction.atomic
def application_not_accept(*, actor, application_id, reason: str) -> Change:
    """不予受理 with the reason: submitted → not_accepted."""
    text = _reason_required(reason)
    return _decide(
        application_id=application_id, action=Action.NOT_ACCEPT, actor=actor, reason=text
    )


def _items(rows, key: str) -> list[tuple[str, str]]:
    return [(str(r.get(key) or ""), (r.get("opinion") or "").strip()) for r in rows]


@transaction.atomic
def application_request_correction(
    *, actor, application_id, opinion: str = "", attachments=(), fields=()
) -> Change:
    """补正材料: everything to correct at once, each attachment slot and each field with its
    own opinion, plus an overall opinion (at least one of them): submitted/accepted →
    correction_required. The request keeps a snapshot of the application for the diff shown
    after the resubmission."""
    text = (opinion or "").strip()
    if len(text) > MAX_REASON:
        raise ValidationFailed(
            _("补正意见有误。"),
            [FieldError("opinion", _("不能超过 %(n)s 个字符。") % {"n": MAX_REASON})],
        )
    files, names = _items(attachments, "type"), _items(fields, "field")
    change = transition(
        application_id=application_id, action=Action.REQUEST_CORRECTION, actor=actor, reason=text
    )
    app = change.application
    check_items(app, opinion=text, attachments=files, fields=names)
    change.record.snapshot = content_snapshot(app)
    change.record.save(update_fields=["snapshot"])
    CorrectionItem.objects.bulk_create(
        [
            CorrectionItem(
                application=app, status_change=change.record, attachment_type=t, opinion=o
            )
            for t, o in files
        ]
        + [
            CorrectionItem(application=app, status_change=change.record, field=n, opinion=o)
            for n, o in names
        ]
    )
    notice_issue(change)
    return change


@transaction.atomic
def application_approve(
    *, actor, application_id, issue_date=None, valid_until=None, confirmation=None
) -> Change:
    """审批通过: accepted → approved; assigns the permit number (gapless per department, year
    and direction, in this transaction) and the dates by rule."""
    change = transition(
        application_id=application_id,
        action=Action.APPROVE,
        actor=actor,
        confirmation=confirmation,
    )
    app = change.application
    submitted = timezone.localtime(app.submitted_at).date() if app.submitted_at else None
    issue, until = decide_dates(
        direction=app.direction,
        today=timezone.localdate(),
        submitted_on=submitted,
        issue_date=issue_date,
        valid_until=valid_until,
    )
    app.issue_date, app.valid_until = issue, until
    app.permit_no = new_permit_no(app.approval_department_id, app.direction, issue.year)
    app.verification_code = secrets.token_urlsafe(12)
    app.save(update_fields=["issue_date", "valid_until", "permit_no", "verification_code"])
    notice_issue(change)
    return change


@transaction.atomic
def application_reject(*, actor, application_id, reason: str, confirmation=None) -> Change:
    """审批不通过 with the reasons: accepted → rejected."""
    return _decide(
        application_id=application_id,
        action=Action.REJECT,
        actor=actor,
        reason=_reason_required(reason),
        confirmation=confirmation,
    )


@transaction.atomic
def application_void(*, actor, application_id, reason: str, confirmation=None) -> Change:
    """作废: approved and not written off → voided (checked under the lock)."""
    return _decide(
        application_id=application_id,
        action=Action.VOID,
        actor=actor,
        reason=_reason_required(reason),
        confirmation=confirmation,
    )
