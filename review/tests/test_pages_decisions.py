"""Each decision through the review page's panel (plain post and htmx): success and its notice,
a missing reason (422, the message next to the input, the form open and nothing typed lost),
a wrong status (409 naming it), the correction form's items, the approval's dates and permit
number; CSRF and other departments."""

import pytest
from django.urls import reverse

from conftest import client_for
from permits.models import Application, CorrectionItem, Notice
from review.web.decisions import MSG_DONE
from testing import factories as f
from testing.html import Page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def bj(approver_bj):
    client = client_for(approver_bj)
    client.get("/")  # the workspace gives the CSRF token
    return client


def post(client, app, action, data=None, *, htmx=False):
    url = reverse(f"review:{action}", args=[app.id])
    body = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, **(data or {})}
    return client.post(url, body, **(HTMX if htmx else {}))


def status(app) -> str:
    return Application.objects.get(pk=app.pk).status


def prefix(app) -> str:
    return f"r{app.id.hex[:8]}"


def test_accept_with_a_plain_post_redirects_to_the_page_with_the_outcome(bj, applicant_a):
    app = f.submitted(applicant_a)
    page = Page(bj.get(reverse("review:application", args=[app.id])))
    form = page.one(f"#{prefix(app)}-act-accept form")
    assert form["action"] == reverse("review:accept", args=[app.id])
    assert form["method"] == "post" and form.select_one("input[name=csrfmiddlewaretoken]")
    assert form.select_one("button[type=submit]").get_text(strip=True) == "确认受理"
    response = post(bj, app, "accept")
    assert response.status_code == 302
    assert response["Location"] == reverse("review:application", args=[app.id])
    assert status(app) == "accepted"
    page = Page(bj.get(response["Location"]))
    assert str(MSG_DONE["accept"]) in page.one(".af-flash").get_text()
    assert page.one(".page-head .badge").get_text(strip=True) == "已受理"
    actions = [d.select_one("summary").get_text(strip=True) for d in page.all("details.rv-action")]
    assert actions == ["审批通过", "补正材料", "审批不通过"]
    assert Notice.objects.get(application=app).kind == "acceptance"


def test_with_htmx_the_page_comes_back_in_place(bj, applicant_a):
    app = f.submitted(applicant_a)
    response = post(bj, app, "accept", htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div class="page"') and 'role="tablist"' not in html
    page = Page(html)
    assert str(MSG_DONE["accept"]) in page.one(".af-flash").get_text()
    assert page.one(f"#{prefix(app)}-page")["data-page-url"] == reverse(
        "review:application", args=[app.id]
    )


@pytest.mark.parametrize(
    ("builder", "action", "label", "outcome"),
    [
        ("submitted", "not_accept", "不予受理理由", "not_accepted"),
        ("accepted", "reject", "审批不通过理由", "rejected"),
        ("approved", "void", "作废理由", "voided"),
    ],
)
def test_a_reason_is_required_and_goes_into_the_notice(
    bj, applicant_a, approver_bj, builder, action, label, outcome
):
    app = f.in_status(builder, applicant_a, approver_bj)
    field_id = f"{prefix(app)}-{action}-reason"
    refused = post(bj, app, action, {"reason": "   "}, htmx=True)
    assert refused.status_code == 422
    page = Page(refused)
    details = page.one(f"#{prefix(app)}-act-{action}")
    assert details.has_attr("open")
    assert page.label(field_id) == label + "*"
    field = page.field(field_id)
    assert field["aria-invalid"] == "true" and field.has_attr("aria-required")
    assert page.by_id(field["aria-describedby"]).get_text(strip=True) == "请填写理由。"
    assert details.select_one("[role=alert]")
    assert status(app) == builder
    done = post(bj, app, action, {"reason": "用量测算依据不足"})
    assert done.status_code == 302 and status(app) == outcome
    change = Application.objects.get(pk=app.pk).history.order_by("at", "id").last()
    assert change.reason == "用量测算依据不足" and change.notice.snapshot  # in its notice


def test_nothing_typed_is_lost_when_a_decision_is_refused(bj, applicant_a, approver_bj):
    app = f.accepted(applicant_a, approver_bj)
    refused = post(bj, app, "approve", {"issue_date": "2026-11-30", "valid_until": "2027-12-31"})
    assert refused.status_code == 422
    page = Page(refused)
    until = page.field(f"{prefix(app)}-approve-valid-until")
    assert until["value"] == "2027-12-31" and until["aria-invalid"] == "true"
    message = page.by_id(until["aria-describedby"].split()[0]).get_text(strip=True)
    assert message == "有效期最长至 2027-11-29（只能缩短，不能延长）。"
    assert page.field(f"{prefix(app)}-approve-issue-date")["value"] == "2026-11-30"
    assert page.one(f"#{prefix(app)}-act-approve").has_attr("open")
    # a date that is no date is said so, too
    bad = Page(post(bj, app, "approve", {"issue_date": "2026-13-01"}))
    issue = bad.field(f"{prefix(app)}-approve-issue-date")
    assert issue["value"] == "2026-13-01" and issue["aria-invalid"] == "true"
    assert status(app) == "accepted"


def test_approval_with_its_dates_shows_the_permit_number(bj, applicant_a, approver_bj):
    app = f.accepted(applicant_a, approver_bj)
    page = Page(bj.get(reverse("review:application", args=[app.id])))
    issue = page.field(f"{prefix(app)}-approve-issue-date")
    until = page.field(f"{prefix(app)}-approve-valid-until")
    assert issue["type"] == "date" and issue["value"] == "2026-11-30"
    assert until["type"] == "date" and until["value"] == "2027-11-29"  # the longest by rule
    assert page.label(until["id"]) == "进口期限（有效期至）*"
    rule = page.by_id(until["aria-describedby"]).get_text(" ", strip=True)
    assert "有效期只能缩短，不能延长" in rule and "2027-11-29" in rule
    response = post(bj, app, "approve", {"issue_date": "2026-11-30", "valid_until": "2027-06-30"})
    assert response.status_code == 302
    fresh = Application.objects.get(pk=app.pk)
    assert fresh.status == "approved" and str(fresh.valid_until) == "2027-06-30"
    page = Page(bj.get(response["Location"]))
    assert page.one(".rv-permit-no").get_text(strip=True) == fresh.permit_no
    assert f"证书编号：{fresh.permit_no}" in page.one(".af-flash").get_text()
    assert page.field(f"{prefix(app)}-permit_no")["value"] == fresh.permit_no
    assert page.field(f"{prefix(app)}-valid_until")["value"] == "2027-06-30"


def test_an_export_permit_is_valid_three_months_at_most(bj, applicant_a, approver_bj):
    app = f.accepted(applicant_a, approver_bj, direction="export")
    page = Page(bj.get(reverse("review:application", args=[app.id])))
    until = page.field(f"{prefix(app)}-approve-valid-until")
    assert until["value"] == "2026-12-31"  # never past the issue year
    assert page.label(until["id"]) == "出口期限（有效期至）*"
    assert "最长三个月" in page.by_id(until["aria-describedby"]).get_text()


def test_a_wrong_status_is_409_naming_it(bj, applicant_a):
    app = f.submitted(applicant_a)
    response = post(bj, app, "approve", {"issue_date": "2026-11-30"})
    assert response.status_code == 409
    page = Page(response)
    alert = page.one(".rv-panel > .notice-error")
    assert "当前状态为“已申报”" in alert.get_text() and alert["role"] == "alert"
    assert not page.all(f"#{prefix(app)}-act-approve")  # not offered in this status
    assert status(app) == "submitted"


def test_a_written_off_permit_cannot_be_voided(bj, applicant_a, approver_bj, customs):
    app = f.written_off(applicant_a, approver_bj, customs)
    page = Page(bj.get(reverse("review:application", args=[app.id])))
    assert not page.all("details.rv-action")  # 作废 is not offered
    response = post(bj, app, "void", {"reason": "企业申请"})
    assert response.status_code == 409
    assert "该准许证已核销，不能作废。" in Page(response).one(".rv-panel").get_text()
    assert status(app) == "approved"


def test_the_correction_form_flags_attachments_and_fields(bj, applicant_a):
    app = f.submitted(applicant_a)
    page = Page(bj.get(reverse("review:application", args=[app.id])))
    form = page.one(f"#{prefix(app)}-act-request_correction form")
    rows = [th.get_text(strip=True) for th in form.select("tbody th")]
    assert rows[:2] == ["补正意见：申请表（盖章）", "补正意见：购货合同或订单"]
    assert "补正意见：营业执照" in rows and "补正意见：联系电话" in rows
    assert "补正意见：第1项商品：数量" in rows
    assert "补正意见：邮寄地址" not in rows  # collected on site
    for th in form.select("tbody th"):
        label = th.select_one("label")
        assert form.select_one(f"#{label['for']}")  # each label names its input
    response = post(
        bj,
        app,
        "request_correction",
        {
            "opinion": "请按以下意见补正",
            "attachment:business_licence": "营业执照已过期",
            "attachment:application_form": "",
            "field:contact_phone": "电话无法接通",
            "field:goods.1.quantity": "数量与合同不符",
        },
    )
    assert response.status_code == 302 and status(app) == "correction_required"
    items = CorrectionItem.objects.filter(application=app)
    assert {(i.attachment_type, i.field, i.opinion) for i in items} == {
        ("business_licence", "", "营业执照已过期"),
        ("", "contact_phone", "电话无法接通"),
        ("", "goods.1.quantity", "数量与合同不符"),
    }
    asked = Page(bj.get(response["Location"])).one(".notice-warn").get_text(" ", strip=True)
    assert "第1项商品：数量 ：数量与合同不符" in asked


def test_a_correction_request_needs_something_to_correct(bj, applicant_a):
    app = f.submitted(applicant_a)
    response = post(bj, app, "request_correction", {"opinion": " "}, htmx=True)
    assert response.status_code == 422
    page = Page(response)
    opinion = page.field(f"{prefix(app)}-request_correction-opinion")
    assert opinion["aria-invalid"] == "true"
    assert "请填写补正意见" in page.by_id(opinion["aria-describedby"]).get_text()
    assert page.one(f"#{prefix(app)}-act-request_correction").has_attr("open")
    # refused for a too long opinion: every item typed is still there
    long = post(
        bj,
        app,
        "request_correction",
        {"opinion": "x" * 2001, "attachment:business_licence": "营业执照已过期"},
        htmx=True,
    )
    assert long.status_code == 422
    page = Page(long)
    assert page.field(f"{prefix(app)}-rc-attachment-business-licence")["value"] == "营业执照已过期"
    opinion = page.field(f"{prefix(app)}-request_correction-opinion")
    assert opinion.get_text() == "x" * 2001
    assert "不能超过 2000 个字符。" in page.by_id(opinion["aria-describedby"]).get_text()
    assert status(app) == "submitted"


def test_csrf_and_other_departments(applicant_a, approver_sh, approver_bj):
    app = f.submitted(applicant_a)
    url = reverse("review:accept", args=[app.id])
    assert client_for(approver_bj).post(url).status_code == 403  # no CSRF token
    for user in (approver_sh, applicant_a):
        client = client_for(user)
        client.get("/")
        token = client.cookies["csrftoken"].value
        assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 404
    assert status(app) == "submitted"


def test_get_is_not_a_decision(bj, applicant_a):
    app = f.submitted(applicant_a)
    url = reverse("review:accept", args=[app.id])
    assert bj.get(url).status_code == 405
    assert client_for(applicant_a).get(url).status_code == 404  # the role first
    assert status(app) == "submitted"


def test_the_pages_in_english(approver_bj, applicant_a):
    app = f.submitted(applicant_a)
    client = client_for(approver_bj)
    client.cookies["django_language"] = "en"
    queue = Page(client.get(reverse("review:pending")))
    assert queue.one("h1").get_text(strip=True) == "Awaiting acceptance"
    assert "15 working days left" in queue
    page = Page(client.get(reverse("review:application", args=[app.id])))
    assert page.one("h1").get_text(strip=True) == "Import permit application"
    actions = [d.select_one("summary").get_text(strip=True) for d in page.all("details.rv-action")]
    assert actions == ["Accept", "Request corrections", "Refuse to accept"]
    assert page.label(f"{prefix(app)}-counterparty_name") == "Exporter name"
    assert "Time limits" in page and "Decisions" in page
