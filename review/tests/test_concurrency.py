"""Two approvers deciding one application at once (PostgreSQL): exactly one decision is
taken, the other is refused with 409 naming the status it met; one notice, one number."""

import pytest
from django.db import connection

from core.errors import NotAllowed
from permits.models import Application, Notice, StatusChange
from review import services as review
from testing import factories as f
from testing.concurrency import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row-lock races need PostgreSQL"),
]


def test_two_approvers_accepting_at_once(applicant_a, approver_bj, approver_bj2):
    app = f.submitted(applicant_a)
    actors = [approver_bj, approver_bj2]

    def accept(i):
        try:
            review.application_accept(actor=actors[i], application_id=app.id)
            return "ok"
        except NotAllowed as exc:
            return exc.detail

    results = race(2, accept)
    assert results.count("ok") == 1
    [refusal] = [r for r in results if r != "ok"]
    assert "已受理" in refusal  # the status the loser met
    assert StatusChange.objects.filter(application=app, action="accept").count() == 1
    assert Notice.objects.filter(application=app).count() == 1


def test_an_approval_racing_a_rejection(applicant_a, approver_bj, approver_bj2):
    app = f.accepted(applicant_a, approver_bj)

    def decide(i):
        try:
            if i == 0:
                review.application_approve(actor=approver_bj, application_id=app.id)
            else:
                review.application_reject(
                    actor=approver_bj2, application_id=app.id, reason="不符合"
                )
            return "ok"
        except NotAllowed:
            return "409"

    assert sorted(race(2, decide)) == ["409", "ok"]
    app = Application.objects.get(pk=app.pk)
    assert app.status in ("approved", "rejected")
    assert (app.permit_no is not None) == (app.status == "approved")
