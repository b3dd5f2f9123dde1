"""One parametrized walk of the whole status table (status × action × side), plus the actor,
scope and history rules of the one transition."""

import pytest
from django.db import transaction

from core.errors import Forbidden, NotAllowed, NotFound
from permits.models import Application, StatusChange
from permits.workflow.states import (
    TRANSITIONS,
    Action,
    Role,
    Status,
    allowed_actions,
    role_of,
    status_label,
)
from permits.workflow.transition import transition
from testing import factories as f


def _transition(**kwargs):
    with transaction.atomic():
        return transition(**kwargs)


def _force_status(app, status):
    """Put an application into a status for a table test (bypassing the workflow on purpose)."""
    Application.objects.filter(pk=app.pk).update(status=status)


def _actor_for(role, applicant, approver, customs):
    return {Role.APPLICANT: applicant, Role.APPROVER: approver, Role.CUSTOMS: customs}[role]


ALL = [(s, a) for s in Status for a in Action]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "action"), ALL, ids=[f"{s}-{a}" for s, a in ALL])
def test_every_status_and_action(status, action, applicant_a, approver_bj, customs):
    app = f.draft(applicant_a)  # complete: 申报 passes its checks
    _force_status(app, status)
    rule = TRANSITIONS.get((status, action))
    if rule is None:
        # whoever asks, the table refuses with 409 naming the status (or 404 for approvers
        # who cannot see drafts at all)
        for actor in (applicant_a, approver_bj):
            with pytest.raises((NotAllowed, NotFound)) as err:
                _transition(application_id=app.id, action=action, actor=actor)
            if isinstance(err.value, NotAllowed):
                assert status_label(status) in err.value.detail
            else:
                assert actor is approver_bj and status == Status.DRAFT
        return
    new_status, who = rule
    actor = _actor_for(who, applicant_a, approver_bj, customs)
    change = _transition(application_id=app.id, action=action, actor=actor, reason="r")
    assert change.from_status == status and change.to_status == new_status
    app.refresh_from_db()
    assert app.status == new_status
    row = StatusChange.objects.filter(application=app).latest("id")
    assert (row.from_status, row.to_status, row.actor, row.reason) == (
        status,
        new_status,
        actor,
        "r",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "rule"), list(TRANSITIONS.items()))
def test_the_wrong_side_may_not_take_an_allowed_action(key, rule, applicant_a, approver_bj):
    status, action = key
    _new, who = rule
    app = f.draft(applicant_a)
    _force_status(app, status)
    wrong = approver_bj if who is Role.APPLICANT else applicant_a
    with pytest.raises((Forbidden, NotFound)):
        _transition(application_id=app.id, action=action, actor=wrong)
    app.refresh_from_db()
    assert app.status == status


@pytest.mark.django_db
def test_other_enterprise_and_other_department_get_404(applicant_a, applicant_b, approver_sh):
    app = f.make_application(applicant_a)
    with pytest.raises(NotFound):
        _transition(application_id=app.id, action=Action.SUBMIT, actor=applicant_b)
    _force_status(app, Status.SUBMITTED)
    with pytest.raises(NotFound):
        _transition(application_id=app.id, action=Action.ACCEPT, actor=approver_sh)


@pytest.mark.django_db
def test_customs_and_the_unknown_are_outside_every_scope(applicant_a, customs):
    app = f.draft(applicant_a)
    _force_status(app, Status.APPROVED)
    with pytest.raises(Forbidden):  # in scope (an issued permit), but not its side
        _transition(application_id=app.id, action=Action.VOID, actor=customs)
    with pytest.raises(NotFound):
        _transition(application_id="not-a-uuid", action=Action.VOID, actor=customs)


def test_transition_refuses_to_run_outside_the_callers_transaction(transactional_db, applicant_a):
    app = f.draft(applicant_a)
    with pytest.raises(RuntimeError, match="transaction"):
        transition(application_id=app.id, action=Action.SUBMIT, actor=applicant_a)


@pytest.mark.django_db
def test_allowed_actions_follow_the_table(applicant_a, approver_bj):
    app = f.make_application(applicant_a)
    assert allowed_actions(app.status, role_of(applicant_a)) == [
        "edit",
        "submit",
        "delete",
        "copy",
        "print",
    ]
    _force_status(app, Status.ACCEPTED)
    app.refresh_from_db()
    assert allowed_actions(app.status, role_of(applicant_a)) == ["withdraw", "copy", "print"]
    assert set(allowed_actions(app.status, role_of(approver_bj))) == {
        "request_correction",
        "approve",
        "reject",
    }


@pytest.mark.django_db
def test_creation_is_recorded_in_history(applicant_a):
    app = f.make_application(applicant_a)
    row = StatusChange.objects.get(application=app)
    assert (row.action, row.from_status, row.to_status, row.actor) == (
        "create",
        "",
        "draft",
        applicant_a,
    )


def test_void_is_not_offered_once_written_off():
    assert "void" in allowed_actions("approved", Role.APPROVER)
    assert "void" not in allowed_actions("approved", Role.APPROVER, written_off=True)
