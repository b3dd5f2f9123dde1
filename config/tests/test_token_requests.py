"""Bearer-token API requests take the middleware chain without the browser's session stack;
everything else takes the whole chain."""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from config.speed import token_requests
from conftest import client_for
from core.errors import NotFound

ME = "/api/v1/me"
SEEN: list[str] = []


class Recorder:
    """A middleware that notes each hook it is asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        SEEN.append("call")
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        SEEN.append("view")

    def process_exception(self, request, exception):
        SEEN.append("exception")
        if isinstance(exception, NotFound):
            return HttpResponse("handled", status=418)
        return None


def test_the_token_chain_is_what_follows_the_router_without_the_browsers_middleware():
    paths = token_requests.token_chain_paths(list(settings.MIDDLEWARE))
    after = settings.MIDDLEWARE[
        settings.MIDDLEWARE.index(token_requests.__name__ + ".TokenRequestRouting") + 1 :
    ]
    assert paths == [p for p in after if p not in token_requests.BROWSER_ONLY]
    assert token_requests.BROWSER_ONLY <= set(after)  # each one named is really in the chain
    for kept in ("LocaleMiddleware", "CSPMiddleware", "DomainErrorMiddleware", "Prometheus"):
        assert any(kept in p for p in paths), kept


def test_only_api_paths_with_a_bearer_header_are_token_requests():
    rf = RequestFactory()
    assert token_requests.is_token_request(rf.get(ME, HTTP_AUTHORIZATION="Bearer dp_x"))
    assert token_requests.is_token_request(rf.get(ME, HTTP_AUTHORIZATION="bearer dp_x"))
    assert not token_requests.is_token_request(rf.get(ME))
    assert not token_requests.is_token_request(rf.get(ME, HTTP_AUTHORIZATION="Basic eDp5"))
    assert not token_requests.is_token_request(
        rf.get("/permits/query/", HTTP_AUTHORIZATION="Bearer dp_x")
    )


def test_each_hook_of_the_token_chain_is_asked(monkeypatch):
    chain = token_requests._Chain(["config.tests.test_token_requests.Recorder"])
    SEEN.clear()

    def missing(request):
        raise NotFound()

    request = RequestFactory().get("/x")
    request.urlconf = None
    monkeypatch.setattr(chain, "resolve_request", lambda r: _Match(missing))
    response = chain._middleware_chain(request)
    assert response.status_code == 418 and SEEN == ["call", "view", "exception"]


class _Match:
    def __init__(self, func):
        self.func, self.args, self.kwargs = func, (), {}

    def __iter__(self):
        return iter((self.func, self.args, self.kwargs))


@pytest.mark.django_db
def test_a_token_speaks_for_its_user_whatever_session_comes_with_it(
    applicant_a, applicant_b, token_for
):
    browser = client_for(applicant_b)  # signed in as bob, CSRF enforced
    token = token_for(applicant_a)
    assert browser.get(ME, **token).json()["username"] == applicant_a.username
    assert browser.get(ME).json()["username"] == applicant_b.username
    # a token that does not authenticate is not rescued by the session beside it
    refused = browser.get(ME, HTTP_AUTHORIZATION="Bearer dp_not-a-live-token")
    assert refused.status_code == 401 and refused.json()["errors"] == []
    # and a write with a token needs no CSRF token, a session write still does
    body = {"name": "x"}
    made = browser.post(f"{ME}/tokens", body, content_type="application/json", **token)
    assert made.status_code == 201
    refused = browser.post(f"{ME}/tokens", body, content_type="application/json")
    assert refused.status_code == 403


@pytest.mark.django_db
def test_a_token_request_keeps_the_language_and_the_security_headers(applicant_a, anon, token_for):
    token = token_for(applicant_a)
    english = anon.get("/api/v1/applications/not-an-id", HTTP_ACCEPT_LANGUAGE="en", **token)
    chinese = anon.get("/api/v1/applications/not-an-id", HTTP_ACCEPT_LANGUAGE="zh-hans", **token)
    assert english.status_code == chinese.status_code == 404
    assert english.json()["detail"] != chinese.json()["detail"]
    assert english["Content-Language"] == "en"
    session = client_for(applicant_a).get(ME)
    by_token = anon.get(ME, **token)
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert by_token.get(header) == session.get(header) and by_token.get(header), header
    assert "Cookie" not in by_token.get("Vary", "")
    assert not by_token.cookies  # no session or CSRF cookie is made for a token


@pytest.mark.django_db
def test_pages_with_a_bearer_header_still_need_a_signed_in_session(applicant_a, anon, token_for):
    response = anon.get("/permits/query/", **token_for(applicant_a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
