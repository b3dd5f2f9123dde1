"""站内消息 about status changes: every change tells the enterprise's users (except whoever
acted), and a new 申报 or a resubmission also tells the department's approvers. Written in the
change's own transaction (called by the transition); e-mail copies follow after the commit
(accounts.messages)."""

from __future__ import annotations

from accounts.messages import messages_create
from accounts.models import ENTERPRISE_ROLES, Role, User
from permits.workflow.states import Action, status_label

TITLES = {
    Action.SUBMIT: "申请单 {no} 已申报",
    Action.WITHDRAW: "申请单 {no} 已撤回",
    Action.ACCEPT: "申请单 {no} 已受理",
    Action.NOT_ACCEPT: "申请单 {no} 不予受理",
    Action.REQUEST_CORRECTION: "申请单 {no} 需要补正材料",
    Action.APPROVE: "申请单 {no} 审批通过",
    Action.REJECT: "申请单 {no} 审批不通过",
    Action.VOID: "申请单 {no} 的准许证已作废",
}
FOR_APPROVERS = "{kind}：{applicant} 申请单 {no}"


def _body(app, record) -> str:
    lines = [f"状态：{status_label(record.from_status)} → {status_label(record.to_status)}"]
    if record.reason:
        lines.append(f"理由/意见：{record.reason}")
    lines.append(f"操作人：{record.actor_name}")
    return "\n".join(lines)


def notify_change(app, record, actor) -> None:
    """The messages of one status change (in the caller's transaction)."""
    action = Action(record.action)
    colleagues = list(
        User.objects.filter(
            enterprise_id=app.enterprise_id, role__in=ENTERPRISE_ROLES, is_active=True
        ).exclude(pk=actor.pk)
    )
    body = _body(app, record)
    if colleagues:
        messages_create(
            users=colleagues,
            title=TITLES[action].format(no=app.application_no),
            body=body,
            application_id=app.id,
        )
    if action is Action.SUBMIT:
        approvers = list(
            User.objects.filter(
                department__code=app.approval_department_id, role=Role.APPROVER, is_active=True
            )
        )
        kind = "重新申报" if record.from_status != "draft" else "新的申报"
        if approvers:
            messages_create(
                users=approvers,
                title=FOR_APPROVERS.format(
                    kind=kind, applicant=app.applicant_name, no=app.application_no
                ),
                body=body,
                application_id=app.id,
            )
