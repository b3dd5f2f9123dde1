"""The whole transition table through the HTTP API, status × action × side: an allowed
action gives the new status (and the decision its notice); anything else is refused the way
api.md says (right side, wrong status → 409; the review API for another role → 403; the
applicant's endpoints for another role, or a draft for an approver → 404)."""

import pytest

from permits.models import Application, Notice
from permits.notices.issue import KIND_BY_ACTION
from permits.workflow.states import TRANSITIONS, Action, Role, Status
from testing import factories as f

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    Action.SUBMIT: ("/api/v1/applications/{id}/submit", {}),
    Action.WITHDRAW: ("/api/v1/applications/{id}/withdraw", {}),
    Action.ACCEPT: ("/api/v1/review/applications/{id}/accept", {}),
    Action.NOT_ACCEPT: ("/api/v1/review/applications/{id}/not-accept", {"reason": "不符合"}),
    Action.REQUEST_CORRECTION: (
        "/api/v1/review/applications/{id}/request-correction",
        {"opinion": "请补正"},
    ),
    Action.APPROVE: ("/api/v1/review/applications/{id}/approve", {}),
    Action.REJECT: ("/api/v1/review/applications/{id}/reject", {"reason": "不符合"}),
    Action.VOID: ("/api/v1/review/applications/{id}/void", {"reason": "作废"}),
}
SIDES = {Role.APPLICANT: "applicant_a", Role.APPROVER: "approver_bj", Role.CUSTOMS: "customs"}
CASES = [(s, a, r) for s in Status for a in Action for r in Role]


def expected(status, action, role) -> int:
    rule = TRANSITIONS.get((status, action))
    applicant_endpoint = action in (Action.SUBMIT, Action.WITHDRAW)
    if applicant_endpoint and role is not Role.APPLICANT:
        return 404
    if not applicant_endpoint and role is not Role.APPROVER:
        return 403
    if role is Role.APPROVER and status == Status.DRAFT:
        return 404  # approvers never see drafts
    if rule is None or rule[1] is not role:
        return 409
    return 200


@pytest.mark.parametrize(
    ("status", "action", "role"), CASES, ids=[f"{s}-{a}-{r}" for s, a, r in CASES]
)
def test_the_table_through_the_api(status, action, role, anon, request, token_for, applicant_a):
    app = f.draft(applicant_a)  # complete: 申报 passes its checks
    Application.objects.filter(pk=app.pk).update(status=status)
    actor = request.getfixturevalue(SIDES[role])
    url, body = ENDPOINTS[action]
    response = anon.post(
        url.format(id=app.id), body, content_type="application/json", **token_for(actor)
    )
    want = expected(status, action, role)
    assert response.status_code == want, response.content
    after = Application.objects.get(pk=app.pk)
    if want == 200:
        assert after.status == TRANSITIONS[(status, action)][0]
        kind = KIND_BY_ACTION.get(action)
        assert Notice.objects.filter(application=app, kind=kind).exists() == bool(kind)
    else:
        assert after.status == status and not Notice.objects.filter(application=app).exists()
        if want == 409:
            assert str(Status(status).label) in response.json()["detail"]
