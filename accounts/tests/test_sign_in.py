import pytest
from captcha.models import CaptchaStore
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.web.forms import MSG_BAD_CAPTCHA, MSG_BAD_CREDENTIALS
from conftest import PASSWORD

LOGIN = reverse("accounts:login")


def _captcha(client: Client, ip="10.0.0.1") -> dict:
    """Load the sign-in page like a browser and answer its captcha correctly."""
    page = client.get(LOGIN, REMOTE_ADDR=ip)
    html = page.content.decode()
    start = html.index('name="captcha_0"')
    value_at = html.index('value="', start) + len('value="')
    key = html[value_at : html.index('"', value_at)]
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def _post(client, username, password, ip="10.0.0.1", captcha=None):
    data = {"username": username, "password": password, **(captcha or _captcha(client, ip))}
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_sign_in_page_has_the_manual_labels(anon):
    html = anon.get(LOGIN).content.decode()
    for label in ("用户名", "密码", "验证码", "登录"):
        assert label in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.django_db
def test_sign_in_rotates_session_and_lands_in_workspace(applicant_a):
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    response = _post(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace")
    assert client.session[SESSION_KEY] == str(applicant_a.pk)
    assert client.session.session_key != before


@pytest.mark.django_db
def test_wrong_captcha_is_refused_without_trying_the_password(applicant_a):
    client = Client()
    captcha = _captcha(client)
    captcha["captcha_1"] = "WRONG"
    response = _post(client, "alice", PASSWORD, captcha=captcha)
    assert response.status_code == 400
    assert str(MSG_BAD_CAPTCHA) in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_wrong_password_says_so(applicant_a):
    client = Client()
    response = _post(client, "alice", "nope")
    assert response.status_code == 400
    assert str(MSG_BAD_CREDENTIALS) in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_five_failures_lock_the_user_at_that_address(applicant_a):
    client = Client()
    for _ in range(4):
        assert _post(client, "alice", "wrong").status_code == 400
    locked = _post(client, "alice", "wrong")
    assert locked.status_code == 429
    assert "锁定 15 分钟" in locked.content.decode()
    # even the right password is refused while locked
    again = _post(client, "alice", PASSWORD)
    assert again.status_code == 429
    assert SESSION_KEY not in client.session
    # the same user from another address is not locked
    other = Client()
    assert _post(other, "alice", PASSWORD, ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_sign_out_needs_post_and_ends_the_session(applicant_a):
    client = Client()
    client.force_login(applicant_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_sign_in_form_needs_csrf(applicant_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.django_db
def test_next_parameter_cannot_send_the_user_elsewhere(applicant_a):
    client = Client()
    captcha = _captcha(client)
    response = client.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD, "next": "https://evil.example/", **captcha},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response["Location"] == reverse("workspace")


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(settings, reference_data):
    from accounts import services

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = services.user_upsert(username="hash", password=PASSWORD, role="customs")
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)
