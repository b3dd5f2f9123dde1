"""Conditional requests on the details: `If-None-Match` gets 304 before the body is built,
and every change of what the body shows changes the ETag."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from permits import services
from permits.models import Notice
from review import services as review_services
from testing import factories as f

BASE = "/api/v1/applications"
pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(applicant_a, token_for):
    return token_for(applicant_a)


def _tag(anon, url, auth, **headers):
    response = anon.get(url, **auth, **headers)
    assert response.status_code == 200, response.content
    return response["ETag"]


def test_if_none_match_gets_304_without_building_the_body(
    anon, applicant_a, auth, django_assert_max_num_queries
):
    app = f.make_application(applicant_a)
    url = f"{BASE}/{app.id}"
    tag = _tag(anon, url, auth)
    assert tag.startswith('"') and tag.endswith('"')
    anon.get(url, **auth)  # the token's last use is recorded at most once a minute
    with django_assert_max_num_queries(2):  # the token, then the fingerprint: no body
        again = anon.get(url, **auth, HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == tag
    assert anon.get(url, **auth, HTTP_IF_NONE_MATCH=f'"x", W/{tag}').status_code == 304
    assert anon.get(url, **auth, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_each_change_of_what_the_body_shows_changes_the_tag(
    anon, applicant_a, approver_bj, auth, run_tasks
):
    app = f.make_application(applicant_a)
    url = f"{BASE}/{app.id}"
    seen = [_tag(anon, url, auth)]

    def changed(step: str):
        tag = _tag(anon, url, auth)
        assert tag not in seen, step
        seen.append(tag)

    services.application_update(
        actor=applicant_a,
        application_id=app.id,
        version=1,
        data={**f.IMPORT_HEADER, "contact_person": "赵六"},
    )
    changed("header")
    item = f.add_goods(applicant_a, app)
    changed("goods added")
    services.goods_update(
        actor=applicant_a,
        application_id=app.id,
        goods_id=item.id,
        data={**f.GOODS, "quantity": "7"},
    )
    changed("goods changed")
    f.fill_attachments(applicant_a, app, ["application_form"])
    changed("attachment uploaded")
    services.attachment_delete(actor=applicant_a, application_id=app.id, type="application_form")
    changed("attachment deleted")
    f.fill_attachments(applicant_a, app)
    changed("attachments")
    services.application_submit(actor=applicant_a, application_id=app.id)
    changed("submitted")
    review_services.application_accept(actor=approver_bj, application_id=app.id)
    changed("accepted, with its notice")
    notice = Notice.objects.get(application=app)
    Notice.objects.filter(pk=notice.pk).update(state="failed", attempts=5)
    changed("notice state")
    anon.cookies["django_language"] = "en"
    changed("language")
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        changed("date")  # the clock's days left


def test_the_tag_is_per_user_and_nobody_elses_gets_one(
    anon, applicant_a, colleague_a, applicant_b, token_for
):
    app = f.make_application(applicant_a)
    url = f"{BASE}/{app.id}"
    mine = _tag(anon, url, token_for(applicant_a))
    colleagues = _tag(anon, url, token_for(colleague_a))
    assert mine != colleagues
    other = anon.get(url, **token_for(applicant_b), HTTP_IF_NONE_MATCH=mine)
    assert other.status_code == 404  # a tag opens nothing


def test_the_approvers_detail_has_its_tag(anon, applicant_a, approver_bj, token_for):
    app = f.submitted(applicant_a)
    url = f"/api/v1/review/applications/{app.id}"
    auth = token_for(approver_bj)
    tag = _tag(anon, url, auth)
    assert anon.get(url, **auth, HTTP_IF_NONE_MATCH=tag).status_code == 304
    review_services.application_accept(actor=approver_bj, application_id=app.id)
    assert _tag(anon, url, auth) != tag


def test_the_write_off_changes_the_tag(anon, applicant_a, approver_bj, customs, auth, run_tasks):
    from customs.services import permit_write_off

    app = f.approved(applicant_a, approver_bj)
    url = f"{BASE}/{app.id}"
    tag = _tag(anon, url, auth)
    permit_write_off(
        actor=customs,
        permit_no=app.permit_no,
        customs_district=app.customs_district_1,
        declaration_no="220120261234567890",
    )
    assert _tag(anon, url, auth) != tag
