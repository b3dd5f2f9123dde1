"""The only code that changes an application's status (architecture.md, rule 2).

`transition()` runs inside the caller's transaction and reads straight through: lock the row,
check the table and the actor, run the checks that need the lock, write the status and the
history row, return the change. The caller then does what the decision carries (the permit
number, correction items) and allocates the notice, in the same transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.errors import Forbidden, NotAllowed, NotFound, ValidationFailed
from permits.access import in_scope, parse_id
from permits.models import Application, StatusChange
from permits.notify import notify_change
from permits.rules.submission import submission_problems
from permits.timing.clock import RUNNING, stored_due
from permits.workflow.confirmation import confirm_under_lock
from permits.workflow.confirmation import required as confirmation_required
from permits.workflow.states import (
    ACTION_LABELS,
    DECISIONS,
    Action,
    Status,
    not_allowed,
    role_of,
    rule_for,
)

MSG_ROLE = gettext_lazy("您的角色不能执行此操作。")
MSG_SUBMIT_INVALID = gettext_lazy("申报未通过校验，请按提示修改后再申报。")
MSG_WRITTEN_OFF = gettext_lazy("该准许证已核销，不能作废。")


@dataclass(frozen=True)
class Change:
    application: Application  # locked, with the new status saved
    from_status: Status
    to_status: Status
    record: StatusChange


def transition(
    *, application_id, action: Action, actor, reason: str = "", confirmation=None
) -> Change:
    """Apply `action` to the application for `actor`, inside the caller's atomic block.
    `confirmation`: the actor's verified key assertion, where the policy asks for one."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition() must run inside the caller's transaction")
    action = Action(action)
    app = Application.objects.select_for_update().filter(pk=parse_id(application_id)).first()
    if app is None or not in_scope(actor, app):
        raise NotFound()

    current = Status(app.status)
    rule = rule_for(current, action)
    if rule is None:
        raise not_allowed(str(ACTION_LABELS[action]), current)
    new_status, who = rule
    if role_of(actor) is not who:
        raise Forbidden(str(MSG_ROLE))

    # Checks that must see the row as it is while nobody else can change it.
    kept = None
    if confirmation_required(action):
        kept = confirm_under_lock(app=app, action=action, actor=actor, verified=confirmation)
    if action is Action.SUBMIT:
        problems = submission_problems(app)
        if problems:
            raise ValidationFailed(str(MSG_SUBMIT_INVALID), problems)
    if action is Action.VOID and app.written_off_at:
        raise NotAllowed(str(MSG_WRITTEN_OFF))

    now = timezone.now()
    app.status = new_status
    app.version += 1
    if action is Action.SUBMIT:  # a new receipt: the clock starts again from zero
        app.submitted_at = now
        app.clock_stopped_at = None
    elif current in RUNNING and new_status not in RUNNING:  # paused, withdrawn or decided
        app.clock_stopped_at = now
    if action in DECISIONS:
        app.decided_at = now
    app.decision_due = stored_due(app)
    app.save()
    record = StatusChange.objects.create(
        application=app,
        action=action.value,
        from_status=current,
        to_status=new_status,
        actor=actor,
        actor_name=actor.display_name,
        reason=reason,
        at=now,
        confirmation=kept,
    )
    notify_change(app, record, actor)
    return Change(application=app, from_status=current, to_status=new_status, record=record)


def record_creation(application, actor, reason: str = "") -> StatusChange:
    """The first history row of a new draft (from nothing to 暂存)."""
    return StatusChange.objects.create(
        application=application,
        action="create",
        from_status="",
        to_status=application.status,
        actor=actor,
        actor_name=actor.display_name,
        reason=reason,
        at=timezone.now(),
    )
