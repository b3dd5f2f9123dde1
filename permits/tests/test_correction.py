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
