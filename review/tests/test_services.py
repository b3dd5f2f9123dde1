"""Approver decisions through the workflow (the review pages and endpoints come on top)."""

import re
from datetime import date

import pytest
from django.utils import timezone

from core.errors import NotAllowed, ValidationFailed
from permits.models import Application, CorrectionItem
from review import services
from testing import factories as f

# Dates, validity and deadlines: time is frozen (conftest.FROZEN_AT).
pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture
def submitted(applicant_a):
    return f.submitted(applicant_a)


@pytest.mark.django_db
def test_accept_then_approve_assigns_permit_and_dates(submitted, approver_bj):
    services.application_accept(actor=approver_bj, application_id=submitted.id)
    change = services.application_approve(actor=approver_bj, application_id=submitted.id)
    app = change.application
    year = timezone.localdate().year
    assert re.fullmatch(rf"110000{year}I\d{{5}}", app.permit_no)
    assert app.issue_date == timezone.localdate()
    assert app.valid_until > app.issue_date and app.verification_code
    assert app.decided_at is not None


@pytest.mark.django_db
def test_approve_with_a_longer_validity_is_refused_and_nothing_changes(submitted, approver_bj):
    services.application_accept(actor=approver_bj, application_id=submitted.id)
    with pytest.raises(ValidationFailed):
        services.application_approve(
            actor=approver_bj, application_id=submitted.id, valid_until=date(2099, 1, 1)
        )
    app = Application.objects.get(pk=submitted.pk)
    assert app.status == "accepted" and app.permit_no is None


@pytest.mark.django_db
def test_not_accept_and_reject_need_a_reason(submitted, approver_bj):
    with pytest.raises(ValidationFailed):
        services.application_not_accept(actor=approver_bj, application_id=submitted.id, reason="")
    change = services.application_not_accept(
        actor=approver_bj, application_id=submitted.id, reason="材料不齐"
    )
    assert change.to_status == "not_accepted" and change.record.reason == "材料不齐"


@pytest.mark.django_db
def test_request_correction_records_items_per_attachment(submitted, approver_bj, applicant_a):
    change = services.application_request_correction(
        actor=approver_bj,
        application_id=submitted.id,
        opinion="请补正以下材料",
        attachments=[
            {"type": "business_licence", "opinion": "营业执照已过期"},
            {"type": "drug_licence", "opinion": "请加盖公章"},
        ],
    )
    assert change.to_status == "correction_required"
    assert CorrectionItem.objects.filter(status_change=change.record).count() == 2


@pytest.mark.django_db
def test_request_correction_checks_the_items(submitted, approver_bj):
    with pytest.raises(ValidationFailed) as err:
        services.application_request_correction(
            actor=approver_bj,
            application_id=submitted.id,
            opinion="x",
            attachments=[{"type": "sales_contract", "opinion": ""}],
        )
    assert {e.field for e in err.value.errors} == {"attachments.0.type", "attachments.0.opinion"}
    assert Application.objects.get(pk=submitted.pk).status == "submitted"


@pytest.mark.django_db
def test_void_refused_once_written_off(applicant_a, approver_bj, customs):
    app = f.written_off(applicant_a, approver_bj, customs)
    with pytest.raises(NotAllowed):
        services.application_void(actor=approver_bj, application_id=app.id, reason="错误")


@pytest.mark.django_db
def test_void_an_approved_permit(applicant_a, approver_bj):
    app = f.approved(applicant_a, approver_bj)
    change = services.application_void(
        actor=approver_bj, application_id=app.id, reason="企业申请作废"
    )
    assert change.to_status == "voided"
