"""Answering a correction request (补正材料): flagged slots with opinions, delete then upload,
申报 again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from testing import factories as f

BASE = "/api/v1/applications"


@pytest.mark.django_db
def test_correction_journey(anon, applicant_a, approver_bj, token_for):
    headers = token_for(applicant_a)
    app = f.correction_required(
        applicant_a,
        approver_bj,
        opinion="请补正",
        attachments=[{"type": "business_licence", "opinion": "营业执照已过期"}],
    )
    detail = anon.get(f"{BASE}/{app.id}", **headers).json()
    assert detail["status"] == "correction_required"
    assert "edit" in detail["allowed_actions"] and "submit" in detail["allowed_actions"]
    slots = {s["type"]: s for s in detail["attachments"]}
    assert slots["business_licence"]["needs_correction"] is True
    assert slots["business_licence"]["correction_opinion"] == "营业执照已过期"
    assert slots["application_form"]["needs_correction"] is False
    assert detail["history"][-1]["reason"] == "请补正"

    upload = {"file": SimpleUploadedFile("new.pdf", f.pdf_bytes(2), "application/pdf")}
    occupied = anon.post(f"{BASE}/{app.id}/attachments/business_licence", upload, **headers)
    assert occupied.status_code == 409  # the old file must be deleted first
    deleted = anon.delete(f"{BASE}/{app.id}/attachments/business_licence", **headers)
    assert deleted.status_code == 204
    upload = {"file": SimpleUploadedFile("new.pdf", f.pdf_bytes(2), "application/pdf")}
    assert (
        anon.post(f"{BASE}/{app.id}/attachments/business_licence", upload, **headers).status_code
        == 201
    )

    again = anon.post(f"{BASE}/{app.id}/submit", **headers)
    assert again.status_code == 200 and again.json()["status"] == "submitted"
    slots = {s["type"]: s for s in again.json()["attachments"]}
    assert slots["business_licence"]["needs_correction"] is False


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_time")
def test_the_applicant_sees_exactly_the_flagged_fields_goods_and_slots(applicant_a, approver_bj):
    from django.urls import reverse

    from conftest import client_for
    from permits.models import Application
    from review import services as review
    from testing.html import Page, classes

    app = f.submitted(applicant_a)
    review.application_request_correction(
        actor=approver_bj,
        application_id=app.id,
        opinion="",
        attachments=[{"type": "purchase_contract", "opinion": "缺少签字页"}],
        fields=[
            {"field": "contact_phone", "opinion": "电话无法接通"},
            {"field": "goods.1.quantity", "opinion": "数量与合同不符"},
        ],
    )
    page = Page(
        client_for(applicant_a).get(
            reverse("permits:application", args=[app.id]), HTTP_HX_REQUEST="true"
        )
    )
    prefix = f"a{app.id.hex[:8]}"
    phone = page.by_id(f"{prefix}-contact_phone").find_parent(class_="af-field")
    assert "is-flagged" in classes(phone) and "电话无法接通" in phone.get_text()
    assert page.field(f"{prefix}-contact_phone")["aria-describedby"].startswith(
        f"{prefix}-contact_phone-flag"
    )
    person = page.by_id(f"{prefix}-contact_person").find_parent(class_="af-field")
    assert "is-flagged" not in classes(person)
    flagged_rows = page.all("tr.af-goods-flags")
    assert len(flagged_rows) == 1 and "数量与合同不符" in flagged_rows[0].get_text()
    assert "第1项" in flagged_rows[0].get_text()
    detail = Application.objects.get(pk=app.pk)
    from permits.timing.clock import clock_for

    assert clock_for(detail).paused
    assert page.one("section.clock")["class"] == ["clock", "clock-paused"]
