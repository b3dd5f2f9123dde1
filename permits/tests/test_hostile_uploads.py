"""The generated hostile corpus through the upload endpoint: each file's verdict, nothing
stored for a refused one, and bombs stopped by the checking child's own limits (its verdict
names the limit; no assertion here is about time)."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.pdf_check import MSG_REFUSED, MSG_TOO_COMPLEX, REASONS
from documents.pdfguard import client
from permits.models import Attachment
from testing import factories as f
from testing import hostile_pdfs as hostile

BASE = "/api/v1/applications"
SAMPLES = {s.name: s for s in hostile.corpus()}
EXPECTED = {  # verdict → (status, a text the message holds)
    "accepted": (201, None),
    "not_pdf": (415, "不是PDF"),
    "empty": (422, "为空"),
    "encrypted": (422, "加密"),
    "damaged": (422, "损坏"),
    "limit": (422, "PDF结构过于复杂或已损坏"),
}


@pytest.fixture(autouse=True)
def _patient_wall_clock(settings):
    """The wall limit is the backstop for a stalled child; on a busy test machine it could
    fire before the child's own limits. Here it waits, so the verdicts show those limits."""
    settings.PDF_CHECK_WALL_SECONDS = 30


@pytest.fixture(scope="module")
def files():
    """Each sample built once for the module (the bombs take a moment to build)."""
    return {name: sample.build() for name, sample in SAMPLES.items()}


@pytest.fixture
def upload(anon, applicant_a, token_for):
    headers = token_for(applicant_a)
    draft = f.make_application(applicant_a)

    def send(data: bytes, name: str = "file.pdf"):
        return anon.post(
            f"{BASE}/{draft.id}/attachments/application_form",
            {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
            **headers,
        )

    send.draft = draft
    return send


def _expected(verdict: str) -> tuple[int, str | None]:
    if verdict in EXPECTED:
        return EXPECTED[verdict]
    return 422, str(MSG_REFUSED % {"reason": REASONS[verdict]})


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(SAMPLES))
def test_each_sample_gets_its_verdict(upload, files, name, settings, caplog):
    verdict = SAMPLES[name].verdict
    status, text = _expected(verdict)
    with caplog.at_level(logging.WARNING, logger="documents.pdf_check"):
        response = upload(files[name], name=name)
    assert response.status_code == status, response.content
    if status == 201:
        assert Attachment.objects.filter(application=upload.draft).count() == 1
        return
    body = response.json()
    assert text in body["detail"]
    assert body["errors"] and all(e["field"] == "file" for e in body["errors"])
    assert not Attachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "attachments").exists()
    if verdict in REASONS:
        assert "打印" in body["detail"]  # tells the enterprise what to do
    if verdict == "limit":
        # Stopped by the child's address-space or CPU limit, not by the parent's wall clock.
        assert any("limit=memory" in r.message or "limit=cpu" in r.message for r in caplog.records)
        assert body["detail"] == str(MSG_TOO_COMPLEX)


@pytest.mark.django_db
def test_a_bomb_with_memory_to_spare_is_stopped_by_the_cpu_limit(upload, settings, caplog):
    settings.PDF_CHECK_MEMORY_MB = 1024
    with caplog.at_level(logging.WARNING, logger="documents.pdf_check"):
        response = upload(hostile.kids_repeated(200_000))
    assert response.status_code == 422
    assert any("limit=cpu" in r.message for r in caplog.records), caplog.text


@pytest.mark.django_db
def test_sizes_at_and_over_the_limit(upload, settings):
    settings.UPLOAD_MAX_BYTES = 200_000
    assert upload(hostile.sized(200_001)).status_code == 413
    assert not Attachment.objects.exists()
    at_limit = hostile.sized(200_000)
    assert len(at_limit) == 200_000
    assert upload(at_limit).status_code == 201


@pytest.mark.django_db
def test_every_check_is_forked_from_one_long_lived_server(upload, files):
    upload(files["plain.pdf"])
    server = client.server_pid()
    assert server is not None
    verdicts = [client.judge(files["plain.pdf"]) for _ in range(5)]
    assert client.server_pid() == server
    assert {v.outcome for v in verdicts} == {"ok"}
    assert all(0 < v.peak_kb < 256 * 1024 for v in verdicts)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "shown", "downloaded"),
    [
        ("report.exe", "report.exe", "report.pdf"),
        ("合同.PDF", "合同.PDF", "合同.pdf"),
        ("invoice.pdf.exe", "invoice.pdf.exe", "invoice.pdf.pdf"),
        ("\u202egpj.pdf", "gpj.pdf", "gpj.pdf"),
        ("<script>x.pdf", "scriptx.pdf", "scriptx.pdf"),
    ],
)
def test_download_names_end_in_pdf_display_keeps_the_name(
    anon, upload, files, name, shown, downloaded, applicant_a, token_for
):
    assert upload(files["plain.pdf"], name=name).status_code == 201
    attachment = Attachment.objects.get(application=upload.draft)
    assert attachment.original_name == shown
    assert attachment.download_name == downloaded
    response = anon.get(
        f"{BASE}/{upload.draft.id}/attachments/application_form/file", **token_for(applicant_a)
    )
    assert response["Content-Disposition"].endswith(f'filename="{downloaded}"') or (
        "filename*=utf-8''" in response["Content-Disposition"]
    )
    assert response["Content-Disposition"].rsplit(".", 1)[-1].rstrip('"') == "pdf"


def _raw_upload(anon, draft, headers, name: str, data: bytes):
    """A multipart body written by hand: the test client would cut the name at 255."""
    boundary = "b0undary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return anon.generic(
        "POST",
        f"{BASE}/{draft.id}/attachments/application_form",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        **headers,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("length", [300, 5000])
def test_oversize_file_names_are_422_json(anon, upload, files, applicant_a, token_for, length):
    headers = token_for(applicant_a)
    response = _raw_upload(anon, upload.draft, headers, "x" * length + ".pdf", files["plain.pdf"])
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["field"] == "file"
    assert not Attachment.objects.exists()
