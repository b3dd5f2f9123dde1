"""Key-confirmed 申报 and decisions (settings.SECURITY_KEY_CONFIRM_ACTIONS): the challenge ends
with the SHA-256 of the application's canonical content, the content is recomputed under the
row lock, and the whole proof stays with the status change, checkable from its own bytes."""

import hashlib
import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.keys.confirmations import confirmation_holds
from accounts.keys.errors import MSG_CONFIRM_REQUIRED, MSG_CONTENT_CHANGED, MSG_EXPIRED
from permits.canonical import canonical_content
from permits.models import Application
from permits.tests.test_pages_form import IMPORT_POST
from testing import factories as f
from testing.html import Page
from testing.webauthn import SoftKey, bind

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def confirm_all(key_site):
    """Turns the policy on when called (after the test has built its applications through
    the services, which would otherwise need confirmations themselves)."""

    def on():
        key_site.SECURITY_KEY_CONFIRM_ACTIONS = ["submit", "approve", "reject", "void"]

    return on


def browser(user, key=None) -> Client:
    client = Client()
    client.force_login(user)
    if key is not None:
        assert bind(client, key).status_code == 200
    return client


def options(client, app, action):
    url = reverse("permits:key_options", kwargs={"pk": app.id, "action": action})
    return client.post(url, content_type="application/json", data={})


def signed(client, key, app, action) -> dict:
    got = options(client, app, action).json()
    return {
        "key_challenge": got["challenge_id"],
        "key_assertion": json.dumps(key.assertion(got["publicKey"])),
    }


@pytest.fixture
def ready(applicant_a):
    """A complete draft, ready for 申报."""
    return f.draft(applicant_a)


def test_canonical_content_is_stable_and_follows_every_visible_change(applicant_a, ready):
    first = canonical_content(ready)
    assert first == canonical_content(Application.objects.get(pk=ready.pk))
    body = json.loads(first)
    assert body["status"] == "draft" and body["version"] == ready.version
    assert body["goods"][0]["seq"] == 1 and len(body["attachments"]) >= 1
    assert {"type", "sha256"} == set(body["attachments"][0])
    f.add_goods(applicant_a, ready)
    assert canonical_content(Application.objects.get(pk=ready.pk)) != first


def test_a_bearer_token_cannot_submit_where_a_key_must_confirm(confirm_all, ready, token_for, anon):
    confirm_all()
    url = f"/api/v1/applications/{ready.id}/submit"
    answer = anon.post(url, **token_for(ready.created_by))
    assert answer.status_code == 403 and answer.json()["detail"] == str(MSG_CONFIRM_REQUIRED)
    assert Application.objects.get(pk=ready.pk).status == "draft"


def test_submit_in_two_steps_keeps_the_signed_proof(confirm_all, applicant_a, ready):
    confirm_all()
    key = SoftKey()
    client = browser(applicant_a, key)
    url = reverse("permits:submit", args=[ready.id])
    first = client.post(url, {**IMPORT_POST, "version": str(ready.version)}, **HX)
    assert first.status_code == 200
    dialog = Page(first).one("form[data-key-confirm]")
    assert "用卡介质确认申报" in dialog.get_text()
    saved = Application.objects.get(pk=ready.pk)
    assert saved.status == "draft"  # saved and checked, not yet submitted

    got = options(client, saved, "submit").json()
    assert got["content_sha256"] == hashlib.sha256(canonical_content(saved)).hexdigest()
    proof = {
        "key_challenge": got["challenge_id"],
        "key_assertion": json.dumps(key.assertion(got["publicKey"])),
    }
    done = client.post(url, {"confirm": "1", **proof}, **HX)
    assert done.status_code == 200 and "申报成功" in done.content.decode()
    change = Application.objects.get(pk=ready.pk).history.select_related("confirmation").last()
    kept = change.confirmation
    assert change.to_status == "submitted" and kept.user == applicant_a
    assert kept.subject == f"submit:{ready.id}" and kept.content_sha256 == got["content_sha256"]
    assert json.loads(kept.content)["status"] == "draft"
    assert confirmation_holds(kept)
    kept.content = kept.content.replace('"draft"', '"approved"')
    assert not confirmation_holds(kept)  # the proof covers exactly what was confirmed
    history = Page(client.get(reverse("permits:application", args=[ready.id])))
    assert "卡介质确认（测试安全密钥）" in history


def test_content_changed_after_the_challenge_is_refused(confirm_all, applicant_a, ready):
    confirm_all()
    key = SoftKey()
    client = browser(applicant_a, key)
    proof = signed(client, key, ready, "submit")
    f.add_goods(applicant_a, ready)  # after the key signed
    url = reverse("permits:submit", args=[ready.id])
    answer = client.post(url, {"confirm": "1", **proof}, **HX)
    assert answer.status_code == 409 and str(MSG_CONTENT_CHANGED) in answer.content.decode()
    assert Application.objects.get(pk=ready.pk).status == "draft"


def test_a_proof_is_for_one_action_on_one_application_once(
    confirm_all, applicant_a, approver_bj, ready
):
    key = SoftKey()
    client = browser(applicant_a, key)
    other = f.draft(applicant_a)
    confirm_all()
    proof = signed(client, key, other, "submit")
    url = reverse("permits:submit", args=[ready.id])
    answer = client.post(url, {"confirm": "1", **proof}, **HX)
    assert answer.status_code == 403 and str(MSG_EXPIRED) in answer.content.decode()

    proof = signed(client, key, ready, "submit")
    assert client.post(url, {"confirm": "1", **proof}, **HX).status_code == 200
    again = client.post(url, {"confirm": "1", **proof}, **HX)
    assert again.status_code == 403  # spent


def test_another_users_key_cannot_confirm(confirm_all, applicant_a, colleague_a, ready):
    confirm_all()
    alan_key = SoftKey()
    alan = browser(colleague_a, alan_key)
    alice = browser(applicant_a, SoftKey())
    got = options(alice, ready, "submit").json()
    alan_key.rp_id = "testserver"
    body = {"confirm": "1", "key_challenge": got["challenge_id"]}
    body["key_assertion"] = json.dumps(alan_key.assertion(got["publicKey"]))
    answer = alice.post(reverse("permits:submit", args=[ready.id]), body, **HX)
    assert answer.status_code == 403
    assert Application.objects.get(pk=ready.pk).status == "draft"
    assert alan is not None


def test_without_a_bound_key_the_dialog_says_to_bind_one(confirm_all, applicant_a, ready):
    confirm_all()
    client = browser(applicant_a)
    url = reverse("permits:submit", args=[ready.id])
    page = Page(client.post(url, {**IMPORT_POST, "version": str(ready.version)}, **HX))
    assert "请先绑定卡介质" in page and not page.soup.select("form[data-key-confirm]")
    assert options(client, ready, "submit").status_code == 403


def test_approval_with_a_key_and_the_same_by_bearer_refused(
    confirm_all, applicant_a, approver_bj, token_for, anon
):
    app = f.accepted(applicant_a, approver_bj)
    confirm_all()
    by_token = anon.post(
        f"/api/v1/review/applications/{app.id}/approve",
        data={},
        content_type="application/json",
        **token_for(approver_bj),
    )
    assert by_token.status_code == 403 and "卡介质" in by_token.json()["detail"]

    key = SoftKey()
    client = browser(approver_bj, key)
    page = Page(client.get(reverse("review:application", args=[app.id])))
    form = page.one("form[data-key-confirm][action$='/approve/']")
    assert form["data-key-confirm"].endswith("/key-options/approve/")
    assert not page.soup.select("form[data-key-confirm][action$='/accept/']")
    proof = signed(client, key, app, "approve")
    answer = client.post(reverse("review:approve", args=[app.id]), proof, **HX)
    assert answer.status_code == 200
    done = Application.objects.get(pk=app.pk)
    assert done.status == "approved" and done.permit_no
    assert confirmation_holds(done.history.last().confirmation)


def test_a_proof_for_approval_does_not_reject(confirm_all, applicant_a, approver_bj):
    app = f.accepted(applicant_a, approver_bj)
    confirm_all()
    key = SoftKey()
    client = browser(approver_bj, key)
    proof = signed(client, key, app, "approve")
    answer = client.post(
        reverse("review:reject", args=[app.id]), {"reason": "不符合要求", **proof}, **HX
    )
    assert answer.status_code == 403
    assert Application.objects.get(pk=app.pk).status == "accepted"


def test_options_only_for_an_action_the_status_and_role_allow(
    confirm_all, applicant_a, approver_bj, ready
):
    correcting = f.correction_required(applicant_a, approver_bj)
    confirm_all()
    alice = browser(applicant_a, SoftKey())
    assert options(alice, ready, "approve").status_code == 409  # a draft is not approved
    dora = browser(approver_bj, SoftKey())
    assert options(dora, ready, "submit").status_code == 404  # a draft is not the approver's
    assert options(dora, correcting, "submit").status_code == 403  # the applicant's action
