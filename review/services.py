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

from config.errors import ErrorCollector
from permits.models import CorrectionItem
from permits.notices.issue import notice_issue
from permits.numbering import new_permit_no
from permits.rules import attachments as slots
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


def _decide(*, application_id, action: Action, actor, reason: str = "") -> Change:
    change = transition(application_id=application_id, action=action, actor=actor, reason=reason)
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


def _correction_items(attachments) -> list[tuple[str, str]]:
    return [(a.get("type", ""), (a.get("opinion") or "").strip()) for a in attachments]


def _check_correction_items(app, items: list[tuple[str, str]]) -> None:
    errors = ErrorCollector()
    allowed = slots.slot_types(app.direction, app.purpose, app.is_agent)
    for i, (type_, opinion) in enumerate(items):
        if type_ not in allowed:
            errors.add(f"attachments.{i}.type", _("该申请没有此附件类型：%(t)s。") % {"t": type_})
        if not opinion:
            errors.add(f"attachments.{i}.opinion", _("请填写该附件的补正意见。"))
    if len({t for t, _o in items}) != len(items):
        errors.add("attachments", _("同一附件只能填写一条补正意见。"))
    errors.raise_if_any(_("补正意见有误。"))


@transaction.atomic
def application_request_correction(*, actor, application_id, opinion: str, attachments=()):
    """补正材料: all items at once, per attachment: submitted/accepted → correction_required."""
    text = _reason_required(opinion, "opinion")
    items = _correction_items(attachments)
    change = transition(
        application_id=application_id, action=Action.REQUEST_CORRECTION, actor=actor, reason=text
    )
    _check_correction_items(change.application, items)
    CorrectionItem.objects.bulk_create(
        [
            CorrectionItem(
                application=change.application,
                status_change=change.record,
                attachment_type=type_,
                opinion=item_opinion,
            )
            for type_, item_opinion in items
        ]
    )
    notice_issue(change)
    return change


@transaction.atomic
def application_approve(*, actor, application_id, issue_date=None, valid_until=None) -> Change:
    """审批通过: accepted → approved; assigns the permit number (gapless per department, year
    and direction, in this transaction) and the dates by rule."""
    change = transition(application_id=application_id, action=Action.APPROVE, actor=actor)
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
def application_reject(*, actor, application_id, reason: str) -> Change:
    """审批不通过 with the reasons: accepted → rejected."""
    text = _reason_required(reason)
    return _decide(application_id=application_id, action=Action.REJECT, actor=actor, reason=text)


@transaction.atomic
def application_void(*, actor, application_id, reason: str) -> Change:
    """作废: approved and not written off → voided (checked under the lock)."""
    text = _reason_required(reason)
    return _decide(application_id=application_id, action=Action.VOID, actor=actor, reason=text)
