"""Binding a security key and signing in with it: the server's checks against a software key
that signs for real (valid, wrong origin or relying party, replayed counter or challenge,
expired challenge, another user's key or handle), and the lock-out shared with passwords."""

import json

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts.keys import policy
from accounts.keys.errors import MSG_EXPIRED, MSG_REFUSED, MSG_UNKNOWN_KEY, MSG_WRONG_HOST
from accounts.models import SecurityKey
from testing.html import Page
from testing.webauthn import SoftKey, bind

BEGIN = "/accounts/login/key/options/"
FINISH = "/accounts/login/key/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, data, ip="10.0.0.1"):
    return client.post(
        url,
        data=json.dumps(data),
        content_type="application/json",
        HTTP_ACCEPT="application/json",
        REMOTE_ADDR=ip,
    )


def sign_in(client, key: SoftKey, *, username="", ip="10.0.0.1", **assertion_args):
    options = post(client, BEGIN, {"username": username}, ip).json()
    credential = key.assertion(options["publicKey"], **assertion_args)
    return post(
        client, FINISH, {"challenge_id": options["challenge_id"], "credential": credential}, ip
    )


@pytest.fixture
def alice_key(key_site, applicant_a):
    key = SoftKey()
    assert bind(signed_in(applicant_a), key).status_code == 200
    return key


@pytest.mark.django_db
def test_binding_a_key_stores_it_under_its_name_and_lists_it(key_site, applicant_a):
    client = signed_in(applicant_a)
    key = SoftKey()
    answer = bind(client, key, name="办公室的安全密钥")
    assert answer.status_code == 200 and answer.json()["redirect"].startswith("/accounts/settings/")
    stored = SecurityKey.objects.get(user=applicant_a)
    assert stored.name == "办公室的安全密钥" and stored.credential_id == key.id
    assert stored.transports == ["usb"] and stored.last_used_at is None
    page = Page(client.get("/accounts/settings/"))
    assert "办公室的安全密钥" in page and "卡介质“办公室的安全密钥”已绑定。" in page


@pytest.mark.django_db
def test_a_second_key_gets_the_first_excluded_and_needs_its_own_name(alice_key, applicant_a):
    client = signed_in(applicant_a)
    options = post(client, "/accounts/settings/keys/options/", {}).json()["publicKey"]
    assert [c["id"] for c in options["excludeCredentials"]] == [alice_key.id]
    assert options["authenticatorSelection"]["residentKey"] == "preferred"
    again = bind(client, SoftKey(), name="测试安全密钥")
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "name"
    assert bind(client, SoftKey(), name="备用密钥").status_code == 200
    assert applicant_a.security_keys.count() == 2


@pytest.mark.django_db
def test_binding_is_refused_with_a_wrong_origin_or_a_spent_challenge(key_site, applicant_a):
    client = signed_in(applicant_a)
    options = post(client, "/accounts/settings/keys/options/", {}).json()
    key = SoftKey(origin="http://evil.example")
    body = {
        "challenge_id": options["challenge_id"],
        "name": "k",
        "credential": key.register(options["publicKey"]),
    }
    answer = post(client, "/accounts/settings/keys/", body)
    assert answer.status_code == 403 and answer.json()["detail"] == str(MSG_REFUSED)
    body["credential"] = SoftKey().register(options["publicKey"])  # right origin, spent challenge
    assert post(client, "/accounts/settings/keys/", body).json()["detail"] == str(MSG_EXPIRED)
    assert not SecurityKey.objects.exists()


@pytest.mark.django_db
def test_signing_in_with_the_key_needs_no_password_and_records_the_use(alice_key, applicant_a):
    client = Client()
    options = post(client, BEGIN, {}).json()
    assert options["publicKey"]["allowCredentials"] == []  # discoverable: names nobody
    credential = alice_key.assertion(options["publicKey"])
    answer = post(
        client, FINISH, {"challenge_id": options["challenge_id"], "credential": credential}
    )
    assert answer.status_code == 200 and answer.json()["redirect"] == "/"
    assert client.session[SESSION_KEY] == str(applicant_a.pk)
    assert client.session[policy.SESSION_METHOD] == policy.METHOD_KEY
    stored = SecurityKey.objects.get()
    assert stored.sign_count == 1 and stored.last_used_at is not None


@pytest.mark.django_db
def test_a_user_name_gets_the_same_shape_of_options_whether_or_not_it_exists(alice_key):
    client = Client()

    def allowed(name):
        return post(client, BEGIN, {"username": name}).json()["publicKey"]["allowCredentials"]

    assert [c["id"] for c in allowed("alice")] == [alice_key.id]
    nobody, again = allowed("nobody-here"), allowed("nobody-here")
    assert len(nobody) == 1 and nobody == again  # a stable decoy, not a telling empty list
    assert allowed("bob") != nobody and len(allowed("bob")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tamper",
    [
        {"origin": "http://evil.example"},
        {"rp_id": "evil.example"},
        {"counter": 0},  # a counter that did not grow: a replay or a cloned key
    ],
    ids=["wrong-origin", "wrong-relying-party", "replayed-counter"],
)
def test_a_bad_assertion_is_refused_and_counted(alice_key, applicant_a, tamper):
    client = Client()
    assert sign_in(client, alice_key).status_code == 200  # the counter is now 1
    client = Client()
    answer = sign_in(client, alice_key, **tamper)
    assert answer.status_code == 403 and answer.json()["detail"] == str(MSG_REFUSED)
    assert SESSION_KEY not in client.session
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="alice").failures_since_start == 1


@pytest.mark.django_db
def test_an_assertion_cannot_be_used_twice(alice_key):
    client = Client()
    options = post(client, BEGIN, {}).json()
    body = {
        "challenge_id": options["challenge_id"],
        "credential": alice_key.assertion(options["publicKey"]),
    }
    assert post(client, FINISH, body).status_code == 200
    replay = post(Client(), FINISH, body)
    assert replay.status_code == 403 and replay.json()["detail"] == str(MSG_EXPIRED)


@pytest.mark.django_db
def test_a_challenge_expires_after_two_minutes(alice_key, frozen_time):
    client = Client()
    options = post(client, BEGIN, {}).json()
    frozen_time.shift(121)
    body = {
        "challenge_id": options["challenge_id"],
        "credential": alice_key.assertion(options["publicKey"]),
    }
    assert post(client, FINISH, body).json()["detail"] == str(MSG_EXPIRED)


@pytest.mark.django_db
def test_another_users_handle_or_an_unknown_key_signs_nobody_in(alice_key, applicant_b):
    bob_key = SoftKey()
    bind(signed_in(applicant_b), bob_key)
    answer = sign_in(Client(), alice_key, user_handle=bob_key.user_handle)
    assert answer.status_code == 403 and answer.json()["detail"] == str(MSG_REFUSED)
    stranger = SoftKey()
    stranger.rp_id = "testserver"
    answer = sign_in(Client(), stranger)
    assert answer.status_code == 403 and answer.json()["detail"] == str(MSG_UNKNOWN_KEY)


@pytest.mark.django_db
def test_key_failures_lock_the_account_at_that_address_like_passwords(alice_key, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(Client(), alice_key, origin="http://evil.example").status_code == 403
    locked = sign_in(Client(), alice_key, origin="http://evil.example")
    assert locked.status_code == 429 and "锁定" in locked.json()["detail"]
    assert sign_in(Client(), alice_key).status_code == 429  # even a good key, from there
    assert sign_in(Client(), alice_key, ip="10.0.0.2").status_code == 200  # elsewhere: fine


@pytest.mark.django_db
def test_on_another_address_the_key_endpoints_say_where_keys_work(applicant_a, settings):
    settings.PUBLIC_BASE_URL = "http://localhost:8000"
    answer = post(Client(), BEGIN, {})
    assert answer.status_code == 400
    assert answer.json()["detail"] == str(MSG_WRONG_HOST) % {"address": "http://localhost:8000"}
    page = Page(Client().get("/accounts/login/"))
    link = page.one("a.btn[href='http://localhost:8000/accounts/login/']")
    assert "卡介质" in link.get_text()


@pytest.mark.django_db
def test_an_ip_address_as_public_base_url_puts_keys_on_its_localhost_twin(settings):
    from accounts.keys import relying_party

    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    assert relying_party.rp_id() == "localhost"
    assert relying_party.origin() == "http://localhost:8000"
    settings.PUBLIC_BASE_URL = "https://permits.example.gov.cn"
    assert relying_party.origin() == "https://permits.example.gov.cn"


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_key_next_to_the_password(key_site):
    page = Page(Client().get("/accounts/login/"))
    button = page.one("button[data-key-sign-in]")
    assert "卡介质" in button.get_text()
    assert button["data-key-sign-in"] == BEGIN and button["data-key-sign-in-finish"] == FINISH


@pytest.mark.django_db
def test_removing_a_key_and_the_admin_reset(alice_key, applicant_a):
    from accounts.keys.registration import keys_reset

    client = signed_in(applicant_a)
    key = SecurityKey.objects.get()
    client.post("/accounts/settings/", {"action": "remove_key", "id": str(key.id)})
    assert not SecurityKey.objects.exists()
    bind(client, SoftKey())
    bind(client, SoftKey(), name="备用")
    assert keys_reset(user=applicant_a) == 2 and not applicant_a.security_keys.exists()
