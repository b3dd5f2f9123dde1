"""The mandatory-key policy per role: until a key is bound a password reaches only the bind
page; afterwards only the key signs in; the last key cannot be removed."""

import json

import pytest
from captcha.models import CaptchaStore
from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts.keys.middleware import msg_bind_first
from accounts.models import SecurityKey
from accounts.web.forms import MSG_KEY_ONLY
from conftest import PASSWORD
from testing.html import Page
from testing.webauthn import SoftKey, bind

LOGIN = "/accounts/login/"


@pytest.fixture
def approvers_need_keys(key_site):
    key_site.SECURITY_KEY_REQUIRED_ROLES = ["approver"]
    return key_site


def password_sign_in(client, username):
    page = client.get(LOGIN).content.decode()
    start = page.index('name="captcha_0"')
    at = page.index('value="', start) + len('value="')
    key = page[at : page.index('"', at)]
    answer = CaptchaStore.objects.get(hashkey=key).response
    data = {"username": username, "password": PASSWORD, "captcha_0": key, "captcha_1": answer}
    return client.post(LOGIN, data)


def key_sign_in(client, key):
    options = client.post(
        "/accounts/login/key/options/", data="{}", content_type="application/json"
    ).json()
    body = {
        "challenge_id": options["challenge_id"],
        "credential": key.assertion(options["publicKey"]),
    }
    return client.post(
        "/accounts/login/key/", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_without_a_key_a_password_reaches_only_the_bind_page(approvers_need_keys, approver_bj):
    client = Client()
    answer = password_sign_in(client, "dora")
    assert answer.status_code == 302 and answer["Location"] == "/accounts/settings/#keys"
    assert client.session[SESSION_KEY] == str(approver_bj.pk)  # signed in, but held
    for path in ("/", "/review/pending/", "/accounts/messages/"):
        held = client.get(path)
        assert held.status_code == 302 and held["Location"] == "/accounts/settings/"
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["detail"] == msg_bind_first()
    page = Page(client.get("/accounts/settings/"))
    assert "您的账户须使用卡介质登录。" in page and page.one("form[data-key-register]")


@pytest.mark.django_db
def test_after_binding_only_the_key_signs_in(approvers_need_keys, approver_bj):
    client = Client()
    password_sign_in(client, "dora")
    key = SoftKey()
    assert bind(client, key).status_code == 200
    page = Page(client.get("/accounts/settings/"))
    assert page.one("button[data-key-sign-in]")  # 用卡介质登录, right there
    assert client.get("/").status_code == 302  # the password session stays held

    refused = password_sign_in(Client(), "dora")
    assert refused.status_code == 400 and str(MSG_KEY_ONLY) in refused.content.decode()

    fresh = Client()
    assert key_sign_in(fresh, key).status_code == 200
    assert fresh.get("/").status_code == 200
    assert fresh.get("/api/v1/me").json()["username"] == "dora"


@pytest.mark.django_db
def test_the_last_key_of_a_key_only_account_stays(approvers_need_keys, approver_bj):
    client = Client()
    password_sign_in(client, "dora")
    bind(client, SoftKey())
    only = SecurityKey.objects.get()
    answer = client.post("/accounts/settings/", {"action": "remove_key", "id": str(only.id)})
    assert answer.status_code == 200 and "不能删除最后一个卡介质" in Page(answer)
    bind(client, SoftKey(), name="备用")
    client.post("/accounts/settings/", {"action": "remove_key", "id": str(only.id)})
    assert list(SecurityKey.objects.values_list("name", flat=True)) == ["备用"]


@pytest.mark.django_db
def test_other_roles_are_untouched_by_the_policy(approvers_need_keys, applicant_a):
    client = Client()
    assert password_sign_in(client, "alice")["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_misspelt_policy_value_fails_the_system_check(settings):
    from accounts.checks import key_policy_settings

    settings.SECURITY_KEY_CONFIRM_ACTIONS = ["submit", "aprove"]
    errors = key_policy_settings(None)
    assert [e.id for e in errors] == ["accounts.E001"] and "aprove" in errors[0].msg
