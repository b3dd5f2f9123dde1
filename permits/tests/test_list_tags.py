"""Lists kept under their scope's newest change stamp (permits.tags.list_tags, change_stamps):
`If-None-Match` gets 304, every change of what a list shows changes its tag and its body,
whatever makes the change (a service, a task, a bulk update), and other scopes' changes do not."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from permits import services
from permits.models import Application, Notice
from review import services as review_services
from testing import factories as f

pytestmark = pytest.mark.django_db

LIST = "/api/v1/applications"
QUEUE = "/api/v1/review/applications?queue=all"


def _answer(anon, url, auth, **headers):
    response = anon.get(url, **auth, **headers)
    assert response.status_code == 200, response.content
    return response["ETag"], response.content


def test_if_none_match_gets_304_and_each_change_changes_the_list(
    anon, applicant_a, approver_bj, customs, token_for, run_tasks
):
    auth = token_for(applicant_a)
    seen_tags, seen_bodies = [], []

    def changed(step: str, *, body_too: bool = True):
        tag, body = _answer(anon, LIST, auth)
        assert tag not in seen_tags, step
        assert not body_too or body not in seen_bodies, step
        seen_tags.append(tag)
        seen_bodies.append(body)
        assert anon.get(LIST, **auth, HTTP_IF_NONE_MATCH=tag).status_code == 304
        assert anon.get(LIST, **auth, HTTP_IF_NONE_MATCH='"other"').status_code == 200

    changed("empty")
    app = f.make_application(applicant_a)
    changed("created")
    services.application_update(
        actor=applicant_a,
        application_id=app.id,
        version=1,
        data={**f.IMPORT_HEADER, "contact_person": "赵六"},
    )
    changed("header", body_too=False)  # the list does not show the contact, its tag moves
    f.add_goods(applicant_a, app, drug_name="生长激素")
    changed("goods: the drug's name")
    f.fill_attachments(applicant_a, app)
    services.application_submit(actor=applicant_a, application_id=app.id)
    changed("submitted")
    with run_tasks():
        review_services.application_accept(actor=approver_bj, application_id=app.id)
    changed("accepted")
    Application.objects.filter(pk=app.pk).update(permit_no="BULK-UPDATE")
    changed("a bulk update, past every service")
    approved = f.approved(applicant_a, approver_bj)
    changed("approved")
    from customs.services import permit_write_off

    permit_write_off(
        actor=customs,
        permit_no=approved.permit_no,
        customs_district=approved.customs_district_1,
        declaration_no="220120261234567890",
    )
    changed("written off")
    draft = f.make_application(applicant_a)
    changed("another draft")
    services.application_delete(actor=applicant_a, application_id=draft.id)
    changed("deleted: the list as it was, under a new tag", body_too=False)
    anon.cookies["django_language"] = "en"
    changed("language")
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        changed("date", body_too=False)


def test_a_notice_state_changes_the_queue_and_a_claim_does_not(
    anon, applicant_a, approver_bj, token_for, run_tasks
):
    auth = token_for(approver_bj)
    app = f.accepted(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app)
    before, _body = _answer(anon, QUEUE, auth)
    Notice.objects.filter(pk=notice.pk).update(attempts=3)  # a worker's claim: nothing shown
    assert _answer(anon, QUEUE, auth)[0] == before
    Notice.objects.filter(pk=notice.pk).update(state="failed")
    assert _answer(anon, QUEUE, auth)[0] != before


def test_other_scopes_keep_their_tags(anon, applicant_a, applicant_b, approver_bj, token_for):
    """An enterprise's change moves its own list and its department's queue, nobody else's."""
    f.submitted(applicant_b)  # enterprise B applies to Shanghai (its province)
    a_tag = _answer(anon, LIST, token_for(applicant_a))[0]
    queue_tag = _answer(anon, QUEUE, token_for(approver_bj))[0]
    f.submitted(applicant_b)
    assert _answer(anon, LIST, token_for(applicant_a))[0] == a_tag
    assert _answer(anon, QUEUE, token_for(approver_bj))[0] == queue_tag
    f.submitted(applicant_a)  # to Beijing
    assert _answer(anon, LIST, token_for(applicant_a))[0] != a_tag
    assert _answer(anon, QUEUE, token_for(approver_bj))[0] != queue_tag
