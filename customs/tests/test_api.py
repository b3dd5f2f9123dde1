"""The customs API (api.md, Customs) with frozen time: the permit as issued, write-off once at
a district an import permit names (any district for export), refusals naming the reason,
Idempotency-Key retries, audit of every look-up and write-off, and what the applicant sees."""

from datetime import date, timedelta

import pytest

from accounts.models import Message
from customs.models import CustomsEvent
from permits.models import Application
from testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]
DECLARATION = "220120261234567890"


def caller(anon, customs, token_for):
    """The customs officer's system, with a bearer token made now."""
    headers = token_for(customs)

    class Caller:
        def get(self, url):
            return anon.get(url, **headers)

        def post(self, url, body, **extra):
            return anon.post(url, body, content_type="application/json", **headers, **extra)

    return Caller()


@pytest.fixture
def officer(anon, customs, token_for):
    return caller(anon, customs, token_for)


@pytest.fixture
def permit(applicant_a, approver_bj):
    return f.approved(applicant_a, approver_bj, port_2="IP03")  # 北京 0100, 上海 2200


def url(app, suffix=""):
    return f"/api/v1/customs/permits/{app.permit_no}{suffix}"


def write_off(officer, app, district="0100", declaration=DECLARATION, **extra):
    return officer.post(
        url(app, "/write-off"),
        {"customs_district": district, "declaration_no": declaration},
        **extra,
    )


def test_the_permit_as_issued_and_usable(officer, permit):
    body = officer.get(url(permit)).json()
    assert body["usable"] is True and body["reasons"] == [] and body["write_off"] is None
    assert body["holder"]["name"] == "北京测试医药有限公司"
    assert (body["customs_district_1"], body["customs_district_2"]) == ("0100", "2200")
    assert body["goods"][0]["drug_name"] == "胰岛素" and body["valid_until"] == "2027-11-29"
    assert officer.get("/api/v1/customs/permits/1100002026I99999").status_code == 404
    events = list(CustomsEvent.objects.order_by("id").values_list("permit_no", "found"))
    assert events == [(permit.permit_no, True), ("1100002026I99999", False)]


@pytest.mark.parametrize("who", ["applicant_a", "approver_bj"])
def test_other_roles_get_403(anon, who, request, permit, token_for):
    headers = token_for(request.getfixturevalue(who))
    assert anon.get(url(permit), **headers).status_code == 403
    assert (
        anon.post(
            url(permit, "/write-off"), {}, content_type="application/json", **headers
        ).status_code
        == 403
    )


def test_write_off_once_at_a_district_it_names(officer, permit, applicant_a, colleague_a):
    response = write_off(officer, permit, district="2200")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["usable"] is False and body["reasons"] == ["written_off"]
    assert body["write_off"]["customs_district"] == "2200"
    assert body["write_off"]["declaration_no"] == DECLARATION
    assert body["write_off"]["officer"] == "frank" and body["write_off"]["at"].startswith(
        "2026-11-30"
    )
    again = write_off(officer, permit, district="0100", declaration="220120261234567891")
    assert again.status_code == 409 and "已核销" in again.json()["detail"]
    assert again.json()["errors"] == [{"field": "reasons", "message": "written_off"}]
    assert Message.objects.filter(user=colleague_a, title__contains="已核销").exists()


def test_an_import_permit_elsewhere_is_refused(officer, permit):
    response = write_off(officer, permit, district="5100")  # 广州
    assert response.status_code == 409 and response.json()["errors"][0]["message"] == "district"
    assert Application.objects.get(pk=permit.pk).written_off_at is None


def test_an_export_permit_at_any_district(officer, applicant_a, approver_bj):
    exported = f.approved(applicant_a, approver_bj, direction="export")
    response = write_off(officer, exported, district="5300")
    assert (
        response.status_code == 200 and response.json()["write_off"]["customs_district"] == "5300"
    )


def test_bad_input_is_422_per_field(officer, permit):
    response = write_off(officer, permit, district="9999", declaration="12345")
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"customs_district", "declaration_no"}


def test_expired_the_day_after_valid_until(anon, customs, token_for, permit, frozen_time):
    frozen_time.move_to(date(2027, 11, 29).isoformat() + " 12:00+08:00")
    officer = caller(anon, customs, token_for)  # tokens expire too: one made that day
    assert officer.get(url(permit)).json()["usable"] is True  # the last day still counts
    frozen_time.shift(timedelta(days=1))
    body = officer.get(url(permit)).json()
    assert body["usable"] is False and body["reasons"] == ["expired"]
    assert write_off(officer, permit).status_code == 409


def test_voided_is_refused(officer, applicant_a, approver_bj):
    voided = f.voided(applicant_a, approver_bj)
    body = officer.get(url(voided)).json()
    assert body["reasons"] == ["voided"] and body["usable"] is False
    response = write_off(officer, voided)
    assert response.status_code == 409 and response.json()["errors"][0]["message"] == "voided"


def test_a_retry_with_the_same_key_gets_the_first_answer(officer, permit):
    first = write_off(officer, permit, HTTP_IDEMPOTENCY_KEY="retry-1")
    again = write_off(officer, permit, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    other = write_off(officer, permit, district="2200", HTTP_IDEMPOTENCY_KEY="retry-1")
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert write_off(officer, permit, HTTP_IDEMPOTENCY_KEY="retry-2").status_code == 409


def test_the_applicant_sees_the_write_off(anon, officer, permit, applicant_a, token_for):
    write_off(officer, permit)
    headers = token_for(applicant_a)
    detail = anon.get(f"/api/v1/applications/{permit.id}", **headers).json()
    assert detail["write_off"]["declaration_no"] == DECLARATION
    listed = anon.get("/api/v1/applications", {"written_off": "true"}, **headers).json()
    assert [i["id"] for i in listed["items"]] == [str(permit.id)]
    assert listed["items"][0]["write_off"]["customs_district"] == "0100"
    none = anon.get("/api/v1/applications", {"written_off": "false"}, **headers).json()
    assert str(permit.id) not in [i["id"] for i in none["items"]]
    assert (
        "void"
        not in anon.get(
            f"/api/v1/review/applications/{permit.id}",
            **token_for(permit.created_by.__class__.objects.get(username="dora")),
        ).json()["allowed_actions"]
    )


def test_refused_write_offs_are_recorded_too(officer, permit):
    write_off(officer, permit, district="5100")
    officer.post(
        "/api/v1/customs/permits/NOSUCHPERMIT/write-off",
        {"customs_district": "0100", "declaration_no": DECLARATION},
    )
    events = list(
        CustomsEvent.objects.filter(kind="write_off")
        .order_by("id")
        .values_list("permit_no", "found", "outcome")
    )
    assert events == [(permit.permit_no, True, "district"), ("NOSUCHPERMIT", False, "not_found")]
    assert all(e.client_address == "127.0.0.1" for e in CustomsEvent.objects.all())


def test_a_wrong_role_is_refused_before_its_body_is_read(anon, applicant_a, permit, token_for):
    response = anon.post(
        url(permit, "/write-off"),
        "not json",
        content_type="application/json",
        **token_for(applicant_a),
    )
    assert response.status_code == 403
    review = anon.post(
        f"/api/v1/review/applications/{permit.id}/not-accept",
        "[]",
        content_type="application/json",
        **token_for(applicant_a),
    )
    assert review.status_code == 403
