"""The state machine of an application: statuses, actions, who may take them, and the one
transition table (domain.md, Statuses and actions, after the 行政许可法 and the 2014 办法).

Plain data and pure functions: nothing here imports a model, so models, rules, pages and the
API can all read the table. `permits.workflow.transition` is the only code that applies it.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from core.errors import NotAllowed


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

#: (status, action) -> (new status, who may)
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

#: Applicant actions that change no status, and the statuses that allow them.
EDITABLE = frozenset({S.DRAFT, S.CORRECTION_REQUIRED, S.WITHDRAWN})
DELETABLE = frozenset({S.DRAFT})
# Copy and print are allowed in every status.

#: Actions after which the decision counts as taken (decided_at).
DECISIONS = frozenset({A.NOT_ACCEPT, A.APPROVE, A.REJECT})
#: Statuses of an issued permit (what customs may see).
ISSUED = frozenset({S.APPROVED, S.VOIDED})

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


_LABELS: dict[tuple[str, str], str] = {}


def status_label(status: str) -> str:
    """The status's name in the active language (kept per language: lists name every row's)."""
    key = (get_language(), status)
    label = _LABELS.get(key)
    if label is None:
        label = _LABELS[key] = str(Status(status).label)
    return label


def not_allowed(action_label: str, status: str) -> NotAllowed:
    """The 409 of an action the current status does not allow; it names the status."""
    return NotAllowed(
        _("当前状态为“%(status)s”，不能%(action)s。")
        % {"status": status_label(status), "action": action_label}
    )


def role_of(user) -> Role | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_enterprise_user:
        return Role.APPLICANT
    if user.is_approver:
        return Role.APPROVER
    if user.is_customs:
        return Role.CUSTOMS
    return None


def rule_for(status: str, action: str) -> tuple[Status, Role] | None:
    return TRANSITIONS.get((Status(status), Action(action)))


def allowed_actions(status: str, role: Role | None, *, written_off: bool = False) -> list[str]:
    """The status-changing and other actions `role` may take in `status` (API and pages)."""
    status = Status(status)
    actions = [
        a.value for (s, a), (_new, who) in TRANSITIONS.items() if s == status and who == role
    ]
    if role is Role.APPLICANT:
        if status in EDITABLE:
            actions[:0] = ["edit"]
        if status in DELETABLE:
            actions.append("delete")
        actions += ["copy", "print"]
    if written_off and A.VOID.value in actions:
        actions.remove(A.VOID.value)
    return actions
