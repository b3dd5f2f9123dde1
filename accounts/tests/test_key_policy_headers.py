"""The security-key hold of a password session holds whatever `Authorization` header the
request carries: pages send it to 个人设置, the API answers 403, nothing is decided through
it; a request naming the bearer scheme is its token's alone (401 when the token does not
authenticate), never a fallback to the session beside it."""

import re

import pytest
from captcha.models import CaptchaStore
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.auth import session_auth
from accounts.keys.middleware import msg_bind_first
from conftest import PASSWORD, client_for
from core.errors import Forbidden
from permits.models import Application, AuditEvent, StatusChange
from testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

LOGIN = "/accounts/login/"
SETTINGS_PAGE = "/accounts/settings/"
QUEUE_API = "/api/v1/review/applications"

#: Authorization headers a browser session may come with; none lifts the hold.
HEADERS = {
    "basic": "Basic eDp4",
    "bearer-junk": "Bearer junk",
    "empty": "",
    "garbage": "xyz",
}
PAGES = ("/review/pending/", "/")


@pytest.fixture
def approvers_need_keys(key_site):
    key_site.SECURITY_KEY_REQUIRED_ROLES = ["approver"]
    return key_site


@pytest.fixture
def held(approvers_need_keys, approver_bj):
    """approver_bj signed in with the password (CSRF enforced): held by the policy."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN).content.decode()
    start = page.index('name="captcha_0"')
    at = page.index('value="', start) + len('value="')
    key = page[at : page.index('"', at)]
    answer = client.post(
        LOGIN,
        {
            "username": approver_bj.username,
            "password": PASSWORD,
            "captcha_0": key,
            "captcha_1": CaptchaStore.objects.get(hashkey=key).response,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert answer.status_code == 302 and answer["Location"].startswith(SETTINGS_PAGE)
    client.get(SETTINGS_PAGE)  # the bind page is open to it and gives the CSRF token
    return client


@pytest.fixture
def pending(applicant_a):
    """A submitted application in approver_bj's department (北京)."""
    return f.submitted(applicant_a)


def _authorization(kind: str) -> dict:
    return {"HTTP_AUTHORIZATION": HEADERS[kind]}


def _trail(app) -> tuple:
    row = Application.objects.get(pk=app.pk)
    changes = list(StatusChange.objects.filter(application=app).values_list("id", "action"))
    events = AuditEvent.objects.filter(application_id=app.pk).count()
    return row.status, row.version, changes, events


@pytest.mark.parametrize("kind", HEADERS)
def test_a_held_session_is_sent_to_the_key_page_whatever_the_header(held, kind):
    for path in PAGES:
        bare = held.get(path)
        with_header = held.get(path, **_authorization(kind))
        assert bare.status_code == with_header.status_code == 302, path
        assert bare["Location"] == with_header["Location"] == SETTINGS_PAGE, path


def test_a_held_session_reads_nothing_from_the_api_whatever_the_header(held, pending):
    for kind in HEADERS:
        answer = held.get(QUEUE_API, **_authorization(kind))
        if kind == "bearer-junk":  # the token's alone: it does not authenticate
            assert answer.status_code == 401, (kind, answer.content)
        else:
            assert answer.status_code == 403, (kind, answer.content)
            assert answer.json()["detail"] == msg_bind_first()
        assert pending.application_no not in answer.content.decode()


@pytest.mark.parametrize("kind", HEADERS)
def test_nothing_is_decided_through_a_held_session_whatever_the_header(
    held, pending, settings, kind
):
    before = _trail(pending)
    csrf = held.cookies["csrftoken"].value
    api = held.post(
        f"{QUEUE_API}/{pending.id}/accept",
        {},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
        **_authorization(kind),
    )
    assert api.status_code == (401 if kind == "bearer-junk" else 403), api.content
    page = held.post(
        reverse("review:accept", args=[pending.id]),
        {"csrfmiddlewaretoken": csrf},
        **_authorization(kind),
    )
    assert page.status_code == 302 and page["Location"] == SETTINGS_PAGE
    assert _trail(pending) == before

    # The same session, CSRF token and application once the policy is off: the refusals
    # above were the hold's, nothing else's.
    settings.SECURITY_KEY_REQUIRED_ROLES = []
    accepted = held.post(
        f"{QUEUE_API}/{pending.id}/accept",
        {},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert accepted.status_code == 200, accepted.content
    assert Application.objects.get(pk=pending.pk).status == "accepted"


def test_any_bearer_header_is_the_tokens_alone_never_the_sessions(approver_bj, pending):
    client = client_for(approver_bj)  # no policy: the session alone would read the queue
    assert client.get(QUEUE_API).status_code == 200
    for value in ("Bearer junk", "bearer ", "BEARER  junk", "Bearer", "Bearer\tjunk"):
        answer = client.get(QUEUE_API, HTTP_AUTHORIZATION=value)
        assert answer.status_code == 401, (value, answer.content)
        assert answer.json()["errors"] == []


def _session_request(user, **headers):
    request = RequestFactory().get(QUEUE_API, **headers)
    request.user, request.session = user, {}  # a session without a key sign-in
    request.COOKIES[session_auth.param_name] = "s"
    return request


def test_the_api_session_method_declines_a_bearer_request(approver_bj):
    assert session_auth(_session_request(approver_bj)) == approver_bj
    assert session_auth(_session_request(approver_bj, HTTP_AUTHORIZATION="Bearer junk")) is None


@pytest.mark.parametrize("kind", ["basic", "empty", "garbage"])
def test_the_api_session_method_refuses_a_held_session(approvers_need_keys, approver_bj, kind):
    """Where the API authenticates the session, the hold is asked again."""
    with pytest.raises(Forbidden, match=re.escape(msg_bind_first())):
        session_auth(_session_request(approver_bj, **_authorization(kind)))
