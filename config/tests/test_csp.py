"""The kept Content-Security-Policy header (config.csp) is django-csp's, answer for answer."""

import pytest
from csp.constants import NONCE
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from config.csp import CSPMiddleware

POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}}


def _both(request_of, respond):
    """The headers each middleware writes for the same request and answer."""
    answers = []
    for middleware in (CSPMiddleware, DjangoCSPMiddleware):
        request = request_of()
        mw = middleware(lambda r: respond(r))
        mw.process_request(request)
        answer = mw.process_response(request, respond(request))
        answers.append({k: v for k, v in answer.items() if "Security-Policy" in k})
    return answers


def test_plain_answers_get_the_settings_policy(settings):
    settings.CONTENT_SECURITY_POLICY = POLICY
    ours, theirs = _both(lambda: RequestFactory().get("/x"), lambda r: HttpResponse("ok"))
    assert ours == theirs and "img-src 'self' data:" in ours["Content-Security-Policy"]


def test_a_changed_setting_is_followed_at_once(settings):
    settings.CONTENT_SECURITY_POLICY = POLICY
    _both(lambda: RequestFactory().get("/x"), lambda r: HttpResponse("ok"))
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"script-src": ["'self'"]}}
    ours, theirs = _both(lambda: RequestFactory().get("/x"), lambda r: HttpResponse("ok"))
    assert ours == theirs
    assert ours["Content-Security-Policy"] == "default-src 'none'"
    assert "script-src 'self'" in ours["Content-Security-Policy-Report-Only"]


def test_a_nonce_used_by_the_view_is_in_the_header(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'self'", NONCE]}}

    def respond(request):
        return HttpResponse(str(request.csp_nonce))

    request = RequestFactory().get("/x")
    mw = CSPMiddleware(respond)
    mw.process_request(request)
    answer = mw.process_response(request, respond(request))
    assert f"'nonce-{answer.content.decode()}'" in answer["Content-Security-Policy"]


@pytest.mark.parametrize(
    "attribute, value",
    [
        ("_csp_update", {"style-src": ["'unsafe-inline'"]}),
        ("_csp_replace", {"img-src": ["'none'"]}),
        ("_csp_config", {"default-src": ["'none'"]}),
        ("_csp_exempt", True),
    ],
)
def test_a_views_own_policy_is_kept(settings, attribute, value):
    settings.CONTENT_SECURITY_POLICY = POLICY

    def respond(_request):
        answer = HttpResponse("ok")
        setattr(answer, attribute, value)
        return answer

    ours, theirs = _both(lambda: RequestFactory().get("/x"), respond)
    assert ours == theirs


def test_a_header_the_view_set_is_left_alone(settings):
    settings.CONTENT_SECURITY_POLICY = POLICY

    def respond(_request):
        answer = HttpResponse("ok")
        answer["Content-Security-Policy"] = "sandbox"
        return answer

    ours, theirs = _both(lambda: RequestFactory().get("/x"), respond)
    assert ours == theirs == {"Content-Security-Policy": "sandbox"}


def test_excluded_prefixes_get_no_header(settings):
    settings.CONTENT_SECURITY_POLICY = {**POLICY, "EXCLUDE_URL_PREFIXES": ["/open"]}
    ours, theirs = _both(lambda: RequestFactory().get("/open/x"), lambda r: HttpResponse("ok"))
    assert ours == theirs == {}


def test_a_nonce_asked_for_after_the_header_is_an_error(settings):
    settings.CONTENT_SECURITY_POLICY = POLICY
    request = RequestFactory().get("/x")
    mw = CSPMiddleware(lambda r: HttpResponse("ok"))
    mw.process_request(request)
    mw.process_response(request, HttpResponse("ok"))
    with pytest.raises(Exception, match="after the CSP header"):
        str(request.csp_nonce)


def test_the_docs_page_keeps_its_own_policy(anon):
    csp = anon.get("/api/v1/docs")["Content-Security-Policy"]
    assert "'unsafe-inline'" in csp.split("style-src")[1].split(";")[0]
