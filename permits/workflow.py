"""The one state machine of an application: statuses, the transition table, and the only
function that writes `status`. Every change locks the row, checks the table and the actor, and
records who, when, from, to and why in the same transaction.

Table from domain.md (Statuses and actions), after the 行政许可法 and the 2014 办法.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from config.errors import Forbidden, NotAllowed


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status", "暂存")
    SUBMITTED = "submitted", gettext_lazy("已申报")
    ACCEPTED = "accepted", gettext_lazy("已受理")
    CORRECTION_REQUIRED = "correction_required", gettext_lazy("补正材料")
    NOT_ACCEPTED = "not_accepted", gettext_lazy("不予受理")
    APPROVED = "approved", gettext_lazy("审批通过")
    REJECTED = "rejected", gettext_lazy("审批不通过")
    VOIDED = "voided", gettext_lazy("已作废")
    WITHDRAWN = "withdrawn", gettext_lazy("已撤回")


class Role(StrEnum):
    """Who may take an action (the side, not the account's detailed role)."""

    APPLICANT = "applicant"
    APPROVER = "approver"
    CUSTOMS = "customs"


class Action(StrEnum):
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    ACCEPT = "accept"
    NOT_ACCEPT = "not_accept"
    REQUEST_CORRECTION = "request_correction"
    APPROVE = "approve"
    REJECT = "reject"
    VOID = "void"


S, A = Status, Action

# (status, action) -> (new status, who may)
TRANSITIONS: dict[tuple[Status, Action], tuple[Status, Role]] = {
    (S.DRAFT, A.SUBMIT): (S.SUBMITTED, Role.APPLICANT),
    (S.WITHDRAWN, A.SUBMIT): (S.SUBMITTED, Role.APPLICANT),
    (S.CORRECTION_REQUIRED, A.SUBMIT): (S.SUBMITTED, Role.APPLICANT),
    (S.SUBMITTED, A.WITHDRAW): (S.WITHDRAWN, Role.APPLICANT),
    (S.ACCEPTED, A.WITHDRAW): (S.WITHDRAWN, Role.APPLICANT),
    (S.SUBMITTED, A.ACCEPT): (S.ACCEPTED, Role.APPROVER),
    (S.SUBMITTED, A.NOT_ACCEPT): (S.NOT_ACCEPTED, Role.APPROVER),
    (S.SUBMITTED, A.REQUEST_CORRECTION): (S.CORRECTION_REQUIRED, Role.APPROVER),
    (S.ACCEPTED, A.REQUEST_CORRECTION): (S.CORRECTION_REQUIRED, Role.APPROVER),
    (S.ACCEPTED, A.APPROVE): (S.APPROVED, Role.APPROVER),
    (S.ACCEPTED, A.REJECT): (S.REJECTED, Role.APPROVER),
    (S.APPROVED, A.VOID): (S.VOIDED, Role.APPROVER),
}

# Applicant actions that change no status, and the statuses that allow them.
EDITABLE = frozenset({S.DRAFT, S.CORRECTION_REQUIRED, S.WITHDRAWN})
DELETABLE = frozenset({S.DRAFT})
# Copy and print are allowed in every status.

# Actions after which the decision counts as taken (decided_at).
DECISIONS = frozenset({A.NOT_ACCEPT, A.APPROVE, A.REJECT})


def status_label(status: str) -> str:
    return str(Status(status).label)


def not_allowed(action_label: str, status: str) -> NotAllowed:
    return NotAllowed(
        _("当前状态为“%(status)s”，不能%(action)s。")
        % {"status": status_label(status), "action": action_label}
    )


ACTION_LABELS = {
    A.SUBMIT: gettext_lazy("申报"),
    A.WITHDRAW: gettext_lazy("撤回"),
    A.ACCEPT: gettext_lazy("受理"),
    A.NOT_ACCEPT: gettext_lazy("不予受理"),
    A.REQUEST_CORRECTION: gettext_lazy("要求补正材料"),
    A.APPROVE: gettext_lazy("审批通过"),
    A.REJECT: gettext_lazy("审批不通过"),
    A.VOID: gettext_lazy("作废"),
}


def role_of(user) -> Role | None:
    if user.is_enterprise_user:
        return Role.APPLICANT
    if user.is_approver:
        return Role.APPROVER
    if user.is_customs:
        return Role.CUSTOMS
    return None


def in_scope(user, application) -> bool:
    """Whether `user` is on the side of this application that their role serves."""
    role = role_of(user)
    if role is Role.APPLICANT:
        return application.enterprise_id == user.enterprise_id
    if role is Role.APPROVER:
        return (
            user.department_id is not None
            and application.approval_department_id == user.department.code
            and application.status != S.DRAFT
        )
    if role is Role.CUSTOMS:
        return application.status in (S.APPROVED, S.VOIDED)  # customs sees issued permits only
    return False


def allowed_actions(application, user) -> list[str]:
    """The status-changing and other actions this user may take now (for the API and pages)."""
    role = role_of(user)
    status = Status(application.status)
    actions = [
        a.value for (s, a), (_new, who) in TRANSITIONS.items() if s == status and who == role
    ]
    if role is Role.APPLICANT:
        if status in EDITABLE:
            actions[:0] = ["edit"]
        if status in DELETABLE:
            actions.append("delete")
        actions += ["copy", "print"]
    if role is Role.APPROVER and A.VOID.value in actions and application.written_off_at:
        actions.remove(A.VOID.value)
    return actions


@dataclass(frozen=True)
class Change:
    application: object
    from_status: Status
    to_status: Status
    record: object  # the StatusChange row


def transition(
    *, application_id, action: Action, actor, reason: str = "",
    guard: Callable | None = None, effect: Callable | None = None,
    after: Callable | None = None,
) -> Change:
    """Lock the application, check the table and the actor, write the new status and the
    StatusChange row. `guard(app)` may raise (e.g. validation before 申报); `effect(app)` runs
    under the lock after the status is set (e.g. assign the permit number); `after(app, record)`
    runs once the StatusChange row exists (e.g. the items of a correction request)."""
    from permits.models import Application, StatusChange

    with transaction.atomic():
        from permits.selectors import parse_id

        app = Application.objects.select_for_update().filter(pk=parse_id(application_id)).first()
        if app is None or not in_scope(actor, app):
            raise Http404
        current = Status(app.status)
        rule = TRANSITIONS.get((current, Action(action)))
        if rule is None:
            raise not_allowed(str(ACTION_LABELS[Action(action)]), current)
        new_status, who = rule
        if role_of(actor) is not who:
            raise Forbidden(_("您的角色不能执行此操作。"))
        if guard is not None:
            guard(app)
        now = timezone.now()
        app.status = new_status
        app.version += 1
        if action == A.SUBMIT:
            app.submitted_at = now
        if action in DECISIONS:
            app.decided_at = now
        if effect is not None:
            effect(app)
        app.save()
        record = StatusChange.objects.create(
            application=app, action=str(action), from_status=current, to_status=new_status,
            actor=actor, actor_name=actor.display_name, reason=reason, at=now,
        )
        if after is not None:
            after(app, record)
        from permits.notices import issue_for

        issue_for(app, record)  # the notice of this change, in this transaction (rule 6)
        return Change(application=app, from_status=current, to_status=new_status, record=record)


def record_creation(application, actor, reason: str = "") -> None:
    """The first history row of a new draft (from nothing to 暂存)."""
    from permits.models import StatusChange

    StatusChange.objects.create(
        application=application, action="create", from_status="", to_status=application.status,
        actor=actor, actor_name=actor.display_name, reason=reason, at=timezone.now(),
    )
