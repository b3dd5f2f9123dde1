"""Approver decisions (受理, 不予受理, 补正材料, 审批通过, 审批不通过, 作废).

Each goes through the one workflow transition; this module adds what the decision carries
(reasons, correction items, permit number and dates)."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import ErrorCollector, NotAllowed
from permits import attachment_rules
from permits.models import CorrectionItem
from permits.numbering import new_permit_no
from permits.validity import decide_dates
from permits.workflow import Action, transition


def _reason_required(reason: str | None, field: str = "reason") -> str:
    text = (reason or "").strip()
    errors = ErrorCollector()
    if not text:
        errors.add(field, _("请填写理由。"))
    if len(text) > 2000:
        errors.add(field, _("不能超过 %(n)s 个字符。") % {"n": 2000})
    errors.raise_if_any(_("请填写理由。"))
    return text


def application_accept(*, actor, application_id):
    """受理: submitted → accepted."""
    return transition(application_id=application_id, action=Action.ACCEPT, actor=actor)


def application_not_accept(*, actor, application_id, reason: str):
    """不予受理 with the reason: submitted → not_accepted."""
    text = _reason_required(reason)
    return transition(
        application_id=application_id, action=Action.NOT_ACCEPT, actor=actor, reason=text
    )


def application_request_correction(*, actor, application_id, opinion: str, attachments=()):
    """补正材料: all items at once, per attachment: submitted/accepted → correction_required."""
    text = _reason_required(opinion, "opinion")
    items = [(a.get("type", ""), (a.get("opinion") or "").strip()) for a in attachments]

    def guard(app):
        errors = ErrorCollector()
        slots = attachment_rules.slot_types(app.direction, app.purpose, app.is_agent)
        for i, (type_, item_opinion) in enumerate(items):
            if type_ not in slots:
                message = _("该申请没有此附件类型：%(t)s。") % {"t": type_}
                errors.add(f"attachments.{i}.type", message)
            if not item_opinion:
                errors.add(f"attachments.{i}.opinion", _("请填写该附件的补正意见。"))
        if len({t for t, _o in items}) != len(items):
            errors.add("attachments", _("同一附件只能填写一条补正意见。"))
        errors.raise_if_any(_("补正意见有误。"))

    def after(app, record):
        CorrectionItem.objects.bulk_create(
            [
                CorrectionItem(
                    application=app, status_change=record, attachment_type=t, opinion=o
                )
                for t, o in items
            ]
        )

    return transition(
        application_id=application_id, action=Action.REQUEST_CORRECTION, actor=actor,
        reason=text, guard=guard, after=after,
    )


def application_approve(*, actor, application_id, issue_date=None, valid_until=None):
    """审批通过: accepted → approved; assigns the permit number (gapless per department, year
    and direction, in this transaction) and the dates by rule."""
    today = timezone.localdate()

    def effect(app):
        submitted_on = timezone.localtime(app.submitted_at).date() if app.submitted_at else None
        issue, until = decide_dates(
            direction=app.direction, today=today, submitted_on=submitted_on,
            issue_date=issue_date, valid_until=valid_until,
        )
        app.issue_date, app.valid_until = issue, until
        app.permit_no = new_permit_no(app.approval_department_id, app.direction, issue.year)
        app.verification_code = secrets.token_urlsafe(12)

    with transaction.atomic():
        return transition(
            application_id=application_id, action=Action.APPROVE, actor=actor, effect=effect
        )


def application_reject(*, actor, application_id, reason: str):
    """审批不通过 with the reasons: accepted → rejected."""
    text = _reason_required(reason)
    return transition(application_id=application_id, action=Action.REJECT, actor=actor, reason=text)


def application_void(*, actor, application_id, reason: str):
    """作废: approved and not written off → voided."""
    text = _reason_required(reason)

    def guard(app):
        if app.written_off_at:
            raise NotAllowed(_("该准许证已核销，不能作废。"))

    return transition(
        application_id=application_id, action=Action.VOID, actor=actor, reason=text, guard=guard
    )
