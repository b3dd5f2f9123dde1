"""The CSRF token of kept pages (config.speed.csrf_tokens): Django's token, masked from one draw."""

from collections import Counter

import pytest
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.test import RequestFactory

from config.speed import csrf_tokens
from config.speed.csrf_tokens import csrf_token, masked

SECRET = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"


def _request(cookie: str | None = None, token: str | None = None):
    request = RequestFactory().post("/", {"csrfmiddlewaretoken": token or ""}, secure=False)
    if cookie is not None:
        request.COOKIES["csrftoken"] = cookie
    return request


def _middleware():
    return CsrfViewMiddleware(lambda request: HttpResponse("ok"))


def test_the_masked_token_unmasks_to_the_secret_and_is_new_each_time():
    tokens = {masked(SECRET) for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert len(token) == 2 * CSRF_SECRET_LENGTH
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == SECRET


def test_the_mask_draws_every_character_about_evenly():
    seen = Counter(c for _ in range(400) for c in masked(SECRET)[:CSRF_SECRET_LENGTH])
    assert set(seen) == set(CSRF_ALLOWED_CHARS)
    expected = 400 * CSRF_SECRET_LENGTH / len(CSRF_ALLOWED_CHARS)  # about 206 each
    assert max(seen.values()) < 1.5 * expected and min(seen.values()) > 0.5 * expected


def test_a_page_token_passes_the_csrf_check_and_renews_the_cookie():
    middleware = _middleware()
    page = _request(cookie=SECRET)
    middleware.process_request(page)
    token = csrf_token(page)
    assert page.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    post = _request(cookie=SECRET, token=token)
    middleware.process_request(post)
    assert middleware.process_view(post, lambda r: None, (), {}) is None  # accepted
    forged = _request(cookie=SECRET, token=masked("Z" * CSRF_SECRET_LENGTH))
    middleware.process_request(forged)
    assert middleware.process_view(forged, lambda r: None, (), {}).status_code == 403


def test_without_a_secret_django_makes_one_and_its_cookie():
    middleware = _middleware()
    request = _request()
    middleware.process_request(request)
    token = csrf_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH and _unmask_cipher_token(token) == secret
    response = middleware.process_response(request, HttpResponse("ok"))
    assert response.cookies["csrftoken"].value == secret


@pytest.mark.parametrize("rejected", [[255] * 40, [248, 249] * 20])
def test_bytes_that_would_skew_the_mask_are_drawn_again(monkeypatch, rejected):
    draws = iter([bytes(rejected), bytes(range(61, 61 + 40))])
    monkeypatch.setattr(csrf_tokens.secrets, "token_bytes", lambda n: next(draws))
    assert list(csrf_tokens._random_indexes(32)) == [(61 + i) % 62 for i in range(32)]
