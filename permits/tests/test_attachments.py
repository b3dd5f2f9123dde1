"""Uploads judged by content: not a PDF, encrypted, broken, oversize, hostile names."""

import hashlib
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from permits.models import Attachment
from testing import factories as f

BASE = "/api/v1/applications"


@pytest.fixture
def a(applicant_a, token_for):
    return token_for(applicant_a)


@pytest.fixture
def draft(applicant_a):
    return f.make_application(applicant_a)


def _upload(client, headers, app, slot, data, name="file.pdf"):
    return client.post(
        f"{BASE}/{app.id}/attachments/{slot}",
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
        **headers,
    )


@pytest.mark.django_db
def test_upload_download_delete(anon, a, draft, settings, django_capture_on_commit_callbacks):
    data = f.pdf_bytes(pages=2)
    response = _upload(anon, a, draft, "application_form", data, name="申请表.pdf")
    assert response.status_code == 201, response.content
    slot = next(i for i in response.json()["items"] if i["type"] == "application_form")
    assert slot["required"] is True
    assert slot["file"]["name"] == "申请表.pdf"
    assert slot["file"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert slot["file"]["size"] == len(data)
    stored = Attachment.objects.get(application=draft)
    assert "申请表" not in stored.storage_name and stored.storage_name.endswith(".pdf")
    assert os.path.exists(os.path.join(settings.MEDIA_ROOT, stored.storage_name))

    download = anon.get(f"{BASE}/{draft.id}/attachments/application_form/file", **a)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")

    assert _upload(anon, a, draft, "application_form", data).status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        deleted = anon.delete(f"{BASE}/{draft.id}/attachments/application_form", **a)
    assert deleted.status_code == 204
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, stored.storage_name))
    assert _upload(anon, a, draft, "application_form", data).status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "status", "text"),
    [
        (b"MZ\x90\x00 this is an exe", 415, "不是PDF"),
        (b"<html><body>%PDF-</body></html>" * 0 + b"hello", 415, "不是PDF"),
        (b"%PDF-1.7\n garbage garbage", 422, "损坏"),
        (b"", 422, "为空"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(anon, a, draft, data, status, text):
    response = _upload(anon, a, draft, "application_form", data)
    assert response.status_code == status
    assert text in response.json()["detail"]
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_encrypted_pdf_is_refused(anon, a, draft):
    response = _upload(anon, a, draft, "application_form", f.pdf_bytes(password="secret"))
    assert response.status_code == 422
    assert "加密" in response.json()["detail"]


@pytest.mark.django_db
def test_oversize_is_413(anon, a, draft, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = _upload(anon, a, draft, "application_form", f.pdf_bytes() + b" " * 2000)
    assert response.status_code == 413


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["../../etc/passwd.pdf", "..\\..\\boot.ini", "a\x00b.pdf", "/x.pdf"]
)
def test_hostile_names_never_reach_the_file_system(anon, a, draft, name, settings):
    response = _upload(anon, a, draft, "application_form", f.pdf_bytes(), name=name)
    assert response.status_code == 201
    stored = Attachment.objects.get(application=draft)
    assert ".." not in stored.storage_name and "passwd" not in stored.storage_name
    assert "/" not in stored.original_name and "\\" not in stored.original_name
    root = os.path.realpath(settings.MEDIA_ROOT)
    assert os.path.realpath(os.path.join(root, stored.storage_name)).startswith(root)


@pytest.mark.django_db
def test_unknown_slot_and_wrong_status(anon, a, applicant_a, draft):
    response = _upload(anon, a, draft, "sales_contract", f.pdf_bytes())  # export-only slot
    assert response.status_code == 422
    submitted = f.submitted(applicant_a)
    response = _upload(anon, a, submitted, "export_authorization_letter", f.pdf_bytes())
    assert response.status_code == 409


@pytest.mark.django_db
def test_slots_follow_direction_purpose_and_agent(anon, a, applicant_a):
    app = f.make_application(
        applicant_a,
        purpose="teaching_research",
        is_agent=True,
        principal_uscc="914403001922038216",
        principal_name="委托方",
    )
    items = anon.get(f"{BASE}/{app.id}/attachments", **a).json()["items"]
    types = [i["type"] for i in items]
    assert types == [
        "application_form",
        "purchase_contract",
        "user_qualification",
        "usage_estimate",
        "use_guarantee",
        "project_approval",
        "agency_agreement",
    ]
    assert all(i["required"] for i in items)
