"""The review API (api.md, Review): queues with counts and clocks, the application read-only,
every decision, structured correction and the diff after the resubmission; who gets what."""

import pytest

from permits import services
from permits.models import Application, Notice
from testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]
BASE = "/api/v1/review/applications"


@pytest.fixture
def bj(anon, approver_bj, token_for):
    headers = token_for(approver_bj)

    class Caller:
        def get(self, url, **params):
            return anon.get(url, params, **headers)

        def post(self, url, body=None):
            return anon.post(url, body or {}, content_type="application/json", **headers)

    return Caller()


def test_queues_hold_the_departments_applications_with_counts_and_clocks(
    bj, applicant_a, applicant_b, approver_bj
):
    submitted = f.submitted(applicant_a)
    accepted = f.accepted(applicant_a, approver_bj)
    f.draft(applicant_a)  # never shown to approvers
    f.submitted(applicant_b)  # another department's
    body = bj.get(BASE, queue="pending").json()
    assert [i["application_no"] for i in body["items"]] == [submitted.application_no]
    assert body["counts"] == {"pending": 1, "in_review": 1, "correcting": 0, "done": 0, "all": 2}
    item = body["items"][0]
    assert item["applicant_uscc"] == applicant_a.enterprise.uscc
    clock = item["clock"]
    assert clock["received_on"] == "2026-11-30" and clock["working_days_elapsed"] == 0
    assert clock["decision_due"] == "2026-12-21" and clock["correction_due"] == "2026-12-07"
    assert clock["paused"] is False and clock["overdue"] is False
    assert clock["provisional"] is False  # 2026 has its calendar rows
    in_review = bj.get(BASE, queue="in_review").json()["items"]
    assert [i["id"] for i in in_review] == [str(accepted.id)]


def test_enterprise_filter_and_most_urgent_first(bj, applicant_a, approver_bj, frozen_time):
    from datetime import timedelta

    older = f.submitted(applicant_a)
    frozen_time.shift(timedelta(days=3))
    newer = f.submitted(applicant_a)
    by_due = [i["id"] for i in bj.get(BASE, queue="pending", order="due").json()["items"]]
    assert by_due == [str(older.id), str(newer.id)]
    newest = [i["id"] for i in bj.get(BASE, queue="pending").json()["items"]]
    assert newest == [str(newer.id), str(older.id)]
    assert bj.get(BASE, enterprise="北京测试").json()["count"] == 2
    assert bj.get(BASE, enterprise="91110108").json()["count"] == 2
    assert bj.get(BASE, enterprise="上海").json()["count"] == 0


@pytest.mark.parametrize("who", ["applicant_a", "customs"])
def test_other_roles_get_403_before_any_look_up(anon, who, request, token_for):
    headers = token_for(request.getfixturevalue(who))
    missing = "00000000-0000-0000-0000-000000000000"
    assert anon.get(BASE, **headers).status_code == 403
    assert anon.get(f"{BASE}/{missing}", **headers).status_code == 403
    response = anon.post(f"{BASE}/{missing}/accept", **headers)
    assert response.status_code == 403 and response.json()["detail"]


def test_another_department_gets_404(anon, applicant_a, approver_sh, token_for):
    app = f.submitted(applicant_a)
    headers = token_for(approver_sh)
    assert anon.get(f"{BASE}/{app.id}", **headers).status_code == 404
    assert anon.post(f"{BASE}/{app.id}/accept", **headers).status_code == 404
    assert Application.objects.get(pk=app.pk).status == "submitted"


def test_the_application_read_only_with_everything_to_decide(bj, applicant_a):
    app = f.submitted(applicant_a)
    body = bj.get(f"{BASE}/{app.id}").json()
    assert body["allowed_actions"] == ["accept", "not_accept", "request_correction"]
    assert body["goods"][0]["drug_name"] == "胰岛素" and body["history"][-1]["action"] == "submit"
    slot = next(s for s in body["attachments"] if s["file"])
    assert slot["file"]["url"].startswith(f"/api/v1/review/applications/{app.id}/attachments/")
    assert body["clock"]["received_on"] == "2026-11-30" and body["notices"] == []


def test_an_attachment_opens_inline_and_sandboxed(anon, bj, applicant_a):
    app = f.submitted(applicant_a)
    response = bj.get(f"{BASE}/{app.id}/attachments/application_form/file")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert bj.get(f"{BASE}/{app.id}/attachments/nothing/file").status_code == 404


def test_every_decision_through_the_api(bj, applicant_a, run_tasks):
    app = f.submitted(applicant_a)
    with run_tasks():
        assert bj.post(f"{BASE}/{app.id}/accept").json()["status"] == "accepted"
        body = bj.post(f"{BASE}/{app.id}/approve", {"valid_until": "2027-06-30"}).json()
    assert (
        body["status"] == "approved" and body["permit_no"] and body["valid_until"] == "2027-06-30"
    )
    assert [n["kind"] for n in body["notices"]] == ["acceptance", "approval"]
    response = bj.post(f"{BASE}/{app.id}/void", {"reason": ""})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    assert bj.post(f"{BASE}/{app.id}/void", {"reason": "企业申请"}).json()["status"] == "voided"


def test_a_wrong_status_is_409_naming_it(bj, applicant_a):
    app = f.submitted(applicant_a)
    response = bj.post(f"{BASE}/{app.id}/approve")
    assert response.status_code == 409 and "已申报" in response.json()["detail"]
    assert bj.post(f"{BASE}/{app.id}/reject", {"reason": "x"}).status_code == 409


def test_bad_input_is_422_per_field(bj, applicant_a):
    app = f.submitted(applicant_a)
    response = bj.post(
        f"{BASE}/{app.id}/request-correction",
        {
            "attachments": [{"type": "no_such_slot", "opinion": ""}],
            "fields": [{"field": "goods.9.quantity", "opinion": "x"}],
        },
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {
        "attachments.0.type",
        "attachments.0.opinion",
        "fields.0.field",
    }
    assert bj.post(f"{BASE}/{app.id}/request-correction", {}).status_code == 422
    assert Application.objects.get(pk=app.pk).status == "submitted"


def test_structured_correction_and_the_diff_after_resubmission(bj, applicant_a, run_tasks):
    app = f.submitted(applicant_a)
    assert bj.get(f"{BASE}/{app.id}/changes").json() == {
        "since": None,
        "fields": [],
        "attachments": [],
    }
    with run_tasks():
        body = bj.post(
            f"{BASE}/{app.id}/request-correction",
            {
                "opinion": "请按以下意见补正",
                "attachments": [{"type": "business_licence", "opinion": "营业执照已过期"}],
                "fields": [
                    {"field": "contact_phone", "opinion": "电话无法接通"},
                    {"field": "goods.1.quantity", "opinion": "数量与合同不符"},
                ],
            },
        ).json()
    assert body["status"] == "correction_required"
    assert body["correction"]["fields"] == [
        {"type": None, "field": "contact_phone", "opinion": "电话无法接通"},
        {"type": None, "field": "goods.1.quantity", "opinion": "数量与合同不符"},
    ]
    notice = Notice.objects.get(application=app, kind="correction")
    from testing.documents import pdf_text, stored_bytes

    text = pdf_text(stored_bytes(notice.storage_name))
    assert "营业执照已过期" in text and "申请单：联系电话" in text and "第1项商品：数量" in text
    # the applicant corrects two things, one of them flagged, and resubmits
    services.application_update(
        actor=applicant_a,
        application_id=app.id,
        version=Application.objects.get(pk=app.pk).version,
        data={"contact_phone": "010-88888888", "remarks": "补正"},
    )
    services.attachment_delete(actor=applicant_a, application_id=app.id, type="business_licence")
    services.attachment_upload(
        actor=applicant_a,
        application_id=app.id,
        type="business_licence",
        filename="新营业执照.pdf",
        data=f.pdf_bytes(2),
    )
    services.application_submit(actor=applicant_a, application_id=app.id)
    diff = bj.get(f"{BASE}/{app.id}/changes").json()
    assert diff["since"].startswith("2026-11-30")
    assert {(c["field"], c["old"], c["new"], c["flagged"]) for c in diff["fields"]} == {
        ("contact_phone", "010-12345678", "010-88888888", True),
        ("remarks", "", "补正", False),
    }
    [file_change] = diff["attachments"]
    assert file_change["type"] == "business_licence" and file_change["flagged"] is True
    assert file_change["old_sha256"] != file_change["new_sha256"]


def test_queue_sql_count_does_not_grow(bj, applicant_a, django_assert_max_num_queries):
    for _ in range(3):
        f.submitted(applicant_a)
    bj.get(BASE)  # warm the session and the calendar
    with django_assert_max_num_queries(12) as one:
        bj.get(BASE, page_size=1)
    for _ in range(5):
        f.submitted(applicant_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(bj.get(BASE, page_size=100).json()["items"]) == 8
