"""Upload checks at once are bounded per user, per client address and per node (429 with
Retry-After beyond); one file after another is never refused; a slot whose holder died frees
itself (a lease in the shared cache, a lock the kernel drops)."""

import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import upload_slots
from testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_node_folder(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    cache.clear()
    yield
    cache.clear()


def _upload(client, headers, app, slot, **meta):
    return client.post(
        f"/api/v1/applications/{app.id}/attachments/{slot}",
        {"file": SimpleUploadedFile("a.pdf", f.pdf_bytes(), content_type="application/pdf")},
        **headers,
        **meta,
    )


def _refused(response):
    assert response.status_code == 429, response.content
    assert response["Retry-After"] == "3"
    assert "秒后重试" in response.json()["detail"]


def test_one_file_after_another_is_never_refused(anon, applicant_a, token_for, settings):
    settings.UPLOAD_CHECKS_PER_USER = settings.UPLOAD_CHECKS_PER_NODE = 1
    from permits.rules.attachments import slot_types

    app, auth = f.make_application(applicant_a), token_for(applicant_a)
    slots = sorted(slot_types(app.direction, app.purpose, app.is_agent))
    assert len(slots) >= 3
    for slot in slots:
        assert _upload(anon, auth, app, slot).status_code == 201, slot


def test_a_user_at_the_bound_is_told_when_to_try_again(anon, applicant_a, token_for, settings):
    settings.UPLOAD_CHECKS_PER_USER = 2
    settings.UPLOAD_CHECKS_PER_NODE = 0
    app, auth = f.make_application(applicant_a), token_for(applicant_a)
    with upload_slots.check_slot(applicant_a.pk), upload_slots.check_slot(applicant_a.pk):
        _refused(_upload(anon, auth, app, "application_form"))
    assert _upload(anon, auth, app, "application_form").status_code == 201


def test_the_page_says_it_too(applicant_a, settings):
    from conftest import client_for

    settings.UPLOAD_CHECKS_PER_USER, settings.UPLOAD_CHECKS_PER_NODE = 1, 0
    app, client = f.make_application(applicant_a), client_for(applicant_a)
    page = client.get(f"/permits/applications/{app.id}/attachments/")
    token = page.cookies["csrftoken"].value
    with upload_slots.check_slot(applicant_a.pk):
        response = client.post(
            f"/permits/applications/{app.id}/attachments/application_form/upload/",
            {"file": SimpleUploadedFile("a.pdf", f.pdf_bytes(), content_type="application/pdf")},
            HTTP_X_CSRFTOKEN=token,
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 429 and response["Retry-After"] == "3"
    assert "秒后重试" in response.content.decode()


def test_one_address_is_bounded_apart_from_its_users(
    anon, applicant_a, colleague_a, token_for, settings
):
    settings.UPLOAD_CHECKS_PER_ADDRESS, settings.UPLOAD_CHECKS_PER_NODE = 1, 0
    app, auth = f.make_application(applicant_a), token_for(colleague_a)
    from core.client import _current

    reset = _current.set("198.51.100.7")  # the colleague's upload is checked from there
    try:
        with upload_slots.check_slot(applicant_a.pk):
            pass
        with upload_slots.check_slot(applicant_a.pk):
            _refused(_upload(anon, auth, app, "application_form", REMOTE_ADDR="198.51.100.7"))
            other = _upload(anon, auth, app, "application_form", REMOTE_ADDR="203.0.113.5")
            assert other.status_code == 201
    finally:
        _current.reset(reset)


def test_a_node_keeps_a_worker_for_everyone_else(anon, applicant_b, token_for, settings):
    settings.UPLOAD_CHECKS_PER_NODE = 1
    app, auth = f.make_application(applicant_b), token_for(applicant_b)
    with upload_slots.check_slot("someone-else"):
        _refused(_upload(anon, auth, app, "application_form"))
    assert _upload(anon, auth, app, "application_form").status_code == 201


def test_a_shared_slot_of_a_killed_worker_expires(anon, applicant_a, token_for, settings):
    settings.UPLOAD_CHECKS_PER_USER, settings.UPLOAD_CHECKS_PER_NODE = 1, 0
    app, auth = f.make_application(applicant_a), token_for(applicant_a)
    cache.add(f"upload-check:user:{applicant_a.pk}:0", "killed", upload_slots.LEASE_SECONDS)
    _refused(_upload(anon, auth, app, "application_form"))
    later = timezone.now() + timedelta(seconds=upload_slots.LEASE_SECONDS + 1)
    with time_machine.travel(later):
        assert _upload(anon, auth, app, "application_form").status_code == 201


def test_a_node_slot_of_a_killed_process_is_free_again(settings):
    settings.UPLOAD_CHECKS_PER_NODE = 1
    folder = upload_slots.node_folder()
    folder.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            "h = open(sys.argv[1], 'a+b'); fcntl.flock(h, fcntl.LOCK_EX)\n"
            "print('held', flush=True); time.sleep(60)",
            str(folder / "slot-0"),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"held"
        with pytest.raises(upload_slots.Busy), upload_slots.check_slot("u"):
            pass
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        with upload_slots.check_slot("u"):
            pass
    finally:
        if holder.poll() is None:
            holder.kill()
