"""Notices (通知书): every decision issues exactly one signed notice of its kind (numbered in the
decision's transaction, rendered by its task after the commit); the notices API lists and
downloads them for those who may see the application and 404s for everyone else. The task's
own behaviour (retries, idempotence, snapshots) is in test_notice_tasks.py."""

import hashlib
import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from conftest import in_fresh_thread
from core.errors import ValidationFailed
from documents.signing import signing_certificate
from documents.storage import open_stored
from permits.models import (
    Application,
    AuditEvent,
    Counter,
    Notice,
    StatusChange,
)
from permits.notices.issue import notice_issue
from permits.printing import cn_date
from permits.verification import verification_url
from review import services as review
from testing import factories as f

# Dates, validity and deadlines: time is frozen (conftest.FROZEN_AT).
pytestmark = pytest.mark.usefixtures("frozen_time")

NUMBER = re.compile(r"^110000(SL|BS|BZ|ZX|BX|ZF)\d{4}\d{6}$")


def _pdf(notice: Notice) -> bytes:
    with open_stored(notice.storage_name) as handle:
        return handle.read()


def _text(pdf: bytes) -> str:
    """All text of the PDF without whitespace (lines wrap anywhere in Chinese text)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join("".join(page.extract_text().split()) for page in pages)


def _squash(text: str) -> str:
    return "".join(text.split())


def _counter(key_part: str) -> dict[str, int]:
    return {c.key: c.value for c in Counter.objects.filter(key__contains=key_part)}


# -- one notice per decision ---------------------------------------------------------------

REASON = "申请单位所在地不属于本机关管辖"
OPINION = "申请表未加盖公章，请一并补正"


def _decide(action, applicant, approver):
    """Run the decision on a fresh application; returns (app, the words its notice must carry)."""
    if action == "accept":
        app = f.accepted(applicant, approver)
        return app, ["受理通知书", "决定予以受理", "十五个工作日"]
    if action == "not_accept":
        app = f.submitted(applicant)
        review.application_not_accept(actor=approver, application_id=app.id, reason=REASON)
        return app, ["不予受理通知书", REASON, "行政复议", "行政诉讼"]
    if action == "request_correction":
        app = f.submitted(applicant)
        review.application_request_correction(
            actor=approver,
            application_id=app.id,
            opinion=OPINION,
            attachments=[
                {"type": "application_form", "opinion": "须加盖单位公章"},
                {"type": "purchase_contract", "opinion": "缺少签字页"},
            ],
        )
        return app, [
            "补正材料通知书",
            OPINION,
            "申请表（盖章）",
            "须加盖单位公章",
            "购货合同或订单",
            "缺少签字页",
            "一次告知",
            "不计入",
        ]
    if action == "approve":
        app = f.approved(applicant, approver)
        return app, ["准予许可决定书", app.permit_no, "药品进口准许证"]
    if action == "reject":
        app = f.accepted(applicant, approver)
        review.application_reject(actor=approver, application_id=app.id, reason="用量测算依据不足")
        return app, ["不予许可决定书", "用量测算依据不足", "行政复议", "行政诉讼"]
    if action == "void":
        app = f.approved(applicant, approver)
        review.application_void(actor=approver, application_id=app.id, reason="合同已取消")
        return app, ["作废通知", "合同已取消", app.permit_no, "行政复议"]
    raise AssertionError(action)


KINDS = {
    "accept": "acceptance",
    "not_accept": "non_acceptance",
    "request_correction": "correction",
    "approve": "approval",
    "reject": "rejection",
    "void": "voiding",
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(KINDS))
def test_each_decision_issues_exactly_one_notice_of_its_kind(
    action, applicant_a, approver_bj, run_tasks
):
    with run_tasks():
        app, words = _decide(action, applicant_a, approver_bj)

    record = StatusChange.objects.filter(application=app, action=action).get()
    notice = Notice.objects.get(status_change=record)
    assert notice.kind == KINDS[action]
    assert Notice.objects.filter(application=app, kind=KINDS[action]).count() == 1
    assert notice.issued_at == record.at
    assert NUMBER.match(notice.number), notice.number
    assert notice.state == "ready" and notice.attempts == 1

    pdf = _pdf(notice)
    assert pdf.startswith(b"%PDF-")
    assert notice.size == len(pdf)
    assert notice.sha256 == hashlib.sha256(pdf).hexdigest()
    text = _text(pdf)
    assert app.application_no in text
    assert notice.number in text
    assert "北京市药品监督管理局" in text  # the issuer
    assert "北京测试医药有限公司" in text  # the addressee
    for word in words:
        assert _squash(word) in text, word


@pytest.mark.django_db
def test_applicant_actions_issue_no_notice(applicant_a):
    from permits import services

    app = f.submitted(applicant_a)
    services.application_withdraw(actor=applicant_a, application_id=app.id)
    services.application_submit(actor=applicant_a, application_id=app.id)
    assert not Notice.objects.filter(application=app).exists()


@pytest.mark.django_db
def test_every_notice_carries_a_valid_signature(applicant_a, approver_bj, run_tasks):
    app = f.submitted(applicant_a)
    with run_tasks():
        review.application_not_accept(actor=approver_bj, application_id=app.id, reason=REASON)
    notice = Notice.objects.get(application=app)

    reader = PdfFileReader(io.BytesIO(_pdf(notice)))
    [signature] = reader.embedded_signatures
    context = ValidationContext(trust_roots=[signing_certificate()])
    status = in_fresh_thread(validate_pdf_signature, signature, context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert notice.number in signature.sig_object["/Reason"]


@pytest.mark.django_db
def test_approval_carries_the_permit_on_page_two(applicant_a, approver_bj, run_tasks):
    with run_tasks():
        app = f.approved(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app, kind="approval")
    reader = PdfReader(io.BytesIO(_pdf(notice)))
    assert len(reader.pages) == 2
    permit = _squash(reader.pages[1].extract_text())
    url = verification_url(app)
    assert url and url.endswith(f"/verify/{app.permit_no}?code={app.verification_code}")
    for word in (
        "药品进口准许证",
        app.permit_no,
        "一证一关，仅限使用一次",
        "发证日期",
        "进口期限",
        cn_date(app.issue_date),
        cn_date(app.valid_until),
        "北京市药品监督管理局",
        "胰岛素",
        "Insulin",
        "2937121000",
        "北京海关",
        "Pharma Export GmbH",
        url,
    ):
        assert _squash(word) in permit, word
    assert "王敏" not in permit and "010-12345678" not in permit  # contact data is not printed


@pytest.mark.django_db
def test_export_permit_names_the_export_period(applicant_a, approver_bj, run_tasks):
    with run_tasks():
        app = f.approved(applicant_a, approver_bj, direction="export")
    permit = _text(_pdf(Notice.objects.get(application=app, kind="approval")))
    assert "药品出口准许证" in permit and "出口期限" in permit and "上海市" in permit


@pytest.mark.django_db
def test_numbers_run_per_department_kind_and_year(applicant_a, approver_bj):
    first = f.accepted(applicant_a, approver_bj)
    second = f.accepted(applicant_a, approver_bj)
    a = Notice.objects.get(application=first).number
    b = Notice.objects.get(application=second).number
    year = timezone.localdate().year
    assert a == f"110000SL{year}000001" and b == f"110000SL{year}000002"


# -- a failed decision leaves nothing behind -------------------------------------------------


@pytest.mark.django_db
def test_rejected_dates_leave_no_notice_and_no_number_used(applicant_a, approver_bj):
    app = f.accepted(applicant_a, approver_bj)
    before = _counter(":")
    too_late = timezone.localdate() + timedelta(days=400)

    with pytest.raises(ValidationFailed):
        review.application_approve(actor=approver_bj, application_id=app.id, valid_until=too_late)

    assert not Notice.objects.filter(application=app, kind="approval").exists()
    assert _counter(":") == before
    assert Application.objects.get(pk=app.pk).status == "accepted"


@pytest.mark.django_db
def test_a_decision_rolled_back_after_its_notice_leaves_no_notice_and_no_number(
    applicant_a, approver_bj, monkeypatch, run_tasks
):
    """The notice row is written in the decision's transaction: whatever fails after it
    takes the row and the numbers back with the decision, and no task ever runs."""
    app = f.accepted(applicant_a, approver_bj)
    before = _counter(":")
    history = StatusChange.objects.filter(application=app).count()

    def broken(change):
        notice_issue(change)
        raise RuntimeError("database went away")

    monkeypatch.setattr(review, "notice_issue", broken)
    with run_tasks() as callbacks, pytest.raises(RuntimeError):
        review.application_approve(actor=approver_bj, application_id=app.id)

    assert callbacks == []  # nothing was enqueued
    app.refresh_from_db()
    assert app.status == "accepted" and app.permit_no is None
    assert StatusChange.objects.filter(application=app).count() == history
    assert not Notice.objects.filter(application=app, kind="approval").exists()
    assert _counter(":") == before  # neither the permit nor the notice number was used


# -- the API ------------------------------------------------------------------------------


def _list_url(app) -> str:
    return f"/api/v1/applications/{app.id}/notices"


@pytest.mark.django_db
def test_list_notices_in_issue_order(anon, applicant_a, approver_bj, token_for, run_tasks):
    with run_tasks():
        app = f.approved(applicant_a, approver_bj)
    response = anon.get(_list_url(app), **token_for(applicant_a))
    assert response.status_code == 200, response.content
    items = response.json()["items"]
    assert [i["kind"] for i in items] == ["acceptance", "approval"]
    assert [i["kind_label"] for i in items] == ["受理通知书", "准予许可决定书"]
    first = Notice.objects.get(application=app, kind="acceptance")
    assert items[0]["id"] == str(first.id) and items[0]["number"] == first.number
    assert items[0]["url"] == f"/api/v1/notices/{first.id}.pdf"
    assert [i["state"] for i in items] == ["ready", "ready"]
    assert items[0]["issued_at"].endswith("+08:00")


@pytest.mark.django_db
def test_list_is_empty_before_any_decision(anon, applicant_a, token_for):
    app = f.submitted(applicant_a)
    response = anon.get(_list_url(app), **token_for(applicant_a))
    assert response.status_code == 200 and response.json() == {"items": []}


@pytest.mark.django_db
def test_download_notice_records_the_download(anon, applicant_a, approver_bj, token_for, run_tasks):
    with run_tasks():
        app = f.accepted(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app)
    response = anon.get(f"/api/v1/notices/{notice.id}.pdf", **token_for(applicant_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{notice.number}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == _pdf(notice)
    event = AuditEvent.objects.get(application_id=app.id, action="notice_download")
    assert event.detail == notice.number and event.actor == applicant_a


@pytest.mark.django_db
def test_approver_of_the_department_sees_the_notices(
    anon, applicant_a, approver_bj, token_for, run_tasks
):
    with run_tasks():
        app = f.accepted(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app)
    headers = token_for(approver_bj)
    assert anon.get(_list_url(app), **headers).json()["items"][0]["id"] == str(notice.id)
    assert anon.get(f"/api/v1/notices/{notice.id}.pdf", **headers).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["applicant_b", "approver_sh", "customs"])
def test_others_get_404(who, request, anon, applicant_a, approver_bj, token_for):
    app = f.accepted(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app)
    headers = token_for(request.getfixturevalue(who))
    assert anon.get(_list_url(app), **headers).status_code == 404
    assert anon.get(f"/api/v1/notices/{notice.id}.pdf", **headers).status_code == 404
    assert not AuditEvent.objects.filter(action="notice_download").exists()


@pytest.mark.django_db
def test_unknown_or_malformed_notice_is_404(anon, applicant_a, token_for):
    headers = token_for(applicant_a)
    missing = "00000000-0000-0000-0000-000000000000"
    assert anon.get(f"/api/v1/notices/{missing}.pdf", **headers).status_code == 404
    assert anon.get("/api/v1/notices/not-a-uuid.pdf", **headers).status_code == 404


@pytest.mark.django_db
def test_notices_need_sign_in(anon, applicant_a, approver_bj):
    app = f.accepted(applicant_a, approver_bj)
    notice = Notice.objects.get(application=app)
    assert anon.get(_list_url(app)).status_code == 401
    assert anon.get(f"/api/v1/notices/{notice.id}.pdf").status_code == 401


@pytest.mark.django_db
def test_list_query_count_does_not_grow(
    anon, applicant_a, approver_bj, token_for, django_assert_max_num_queries
):
    app = f.voided(applicant_a, approver_bj)
    headers = token_for(applicant_a)
    with django_assert_max_num_queries(6):
        items = anon.get(_list_url(app), **headers).json()["items"]
    assert len(items) == 3


@pytest.mark.django_db
def test_application_shows_its_verification_url_once_approved(
    anon, applicant_a, approver_bj, token_for
):
    headers = token_for(applicant_a)
    app = f.accepted(applicant_a, approver_bj)
    body = anon.get(f"/api/v1/applications/{app.id}", **headers).json()
    assert body["verification_url"] is None

    review.application_approve(actor=approver_bj, application_id=app.id)
    app.refresh_from_db()
    body = anon.get(f"/api/v1/applications/{app.id}", **headers).json()
    assert body["verification_url"] == (
        f"{settings.PUBLIC_BASE_URL}/verify/{app.permit_no}?code={app.verification_code}"
    )
