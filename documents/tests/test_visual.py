"""Official documents under visual regression (testing/visual.py): every notice kind, the
permit page and both application forms, rendered from fixed inputs (frozen date, fixed
numbers, verification code and QR code) and compared with the reference images in
documents/tests/visual/. Regenerate them on purpose with `make visual-baseline`."""

from pathlib import Path

import pytest
import time_machine

from conftest import FROZEN_AT
from permits.models import Notice
from permits.notices.tasks import render_notice_pdf
from permits.printing import application_form_pdf
from review import services as review
from testing import factories as f
from testing.visual import check_document

pytestmark = pytest.mark.django_db
FOLDER = Path(__file__).resolve().parent / "visual"
CODE = "VISUALTESTCODE00"  # the verification code the QR code carries


@pytest.fixture
def fixed(monkeypatch, settings):
    """Frozen time that does not move, a fixed verification code and public address."""
    monkeypatch.setattr(review.secrets, "token_urlsafe", lambda n: CODE)
    settings.PUBLIC_BASE_URL = "https://permits.example.gov.cn"
    with time_machine.travel(FROZEN_AT, tick=False):
        yield


def _notice_pdf(app, kind: str) -> bytes:
    return render_notice_pdf(Notice.objects.get(application=app, kind=kind).snapshot)


def test_every_notice_kind_and_the_permit(fixed, applicant_a, approver_bj):
    documents = {}
    approved = f.approved(applicant_a, approver_bj, contract_no="HT-2026-001", remarks="含管制药品")
    documents["acceptance"] = _notice_pdf(approved, "acceptance")
    documents["approval-and-permit"] = _notice_pdf(approved, "approval")
    voided = f.voided(applicant_a, approver_bj, reason="企业申请作废：合同已取消")
    documents["voiding"] = _notice_pdf(voided, "voiding")
    refused = f.not_accepted(applicant_a, approver_bj, reason="申请单位不属于本机关管辖范围")
    documents["non-acceptance"] = _notice_pdf(refused, "non_acceptance")
    rejected = f.rejected(applicant_a, approver_bj, reason="用量测算依据不足，与项目规模不符")
    documents["rejection"] = _notice_pdf(rejected, "rejection")
    corrected = f.submitted(applicant_a)
    review.application_request_correction(
        actor=approver_bj,
        application_id=corrected.id,
        opinion="请按以下意见一次补正全部材料",
        attachments=[{"type": "business_licence", "opinion": "营业执照已过期，请上传有效版本"}],
        fields=[
            {"field": "contact_phone", "opinion": "联系电话无法接通"},
            {"field": "goods.1.quantity", "opinion": "数量与购货合同不符"},
        ],
    )
    documents["correction"] = _notice_pdf(corrected, "correction")
    problems = []
    for name, pdf in documents.items():
        problems += check_document(name, pdf, FOLDER)
    assert problems == []


def test_both_application_forms(fixed, applicant_a):
    imported = f.make_application(applicant_a, port_2="IP03", contract_no="PO-2026-0042")
    for quantity in ("100", "2.5"):
        f.add_goods(applicant_a, imported, quantity=quantity)
    exported = f.make_application(applicant_a, direction="export")
    f.add_goods(applicant_a, exported, **f.NON_BIOLOGICAL_GOODS)
    problems = []
    for name, app in (("form-import", imported), ("form-export", exported)):
        app.refresh_from_db()
        problems += check_document(name, application_form_pdf(app), FOLDER)
    assert problems == []
