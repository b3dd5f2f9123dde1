"""Private answers are kept by no shared cache (config.middleware.PrivateCachingMiddleware):
`no-store`, or `private, no-cache` where the answer carries an ETag; what shows a secret is
`no-store`; static files keep WhiteNoise's headers. HEAD answers wherever GET does. A JSON
boolean is no number in the API."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.cache import get_max_age

from accounts.tokens import TOKEN_PREFIX
from conftest import client_for
from testing import factories as f
from testing.html import Page

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def assert_no_store(response):
    assert "no-store" in directives(response), response.get("Cache-Control")
    assert "private" in directives(response)


def assert_private_revalidated(response):
    assert {"private", "no-cache"} <= directives(response), response.get("Cache-Control")
    assert "no-store" not in directives(response) and "public" not in directives(response)


@pytest.fixture
def auth(applicant_a, token_for):
    return token_for(applicant_a)


def test_a_signed_in_page_is_not_stored_and_static_files_keep_theirs(applicant_a):
    alice = client_for(applicant_a)
    for url in ("/", reverse("permits:import_new"), reverse("permits:query")):
        response = alice.get(url)
        assert response.status_code == 200, url
        assert_no_store(response)
    static = alice.get("/static/css/app.css")  # WhiteNoise's headers, signed in or not
    assert static.status_code == 200
    assert "public" in directives(static) and "no-store" not in directives(static)
    assert get_max_age(static) is not None
    b"".join(static.streaming_content)


def test_an_api_detail_with_its_etag_and_its_304(anon, applicant_a, auth):
    app = f.make_application(applicant_a)
    url = f"/api/v1/applications/{app.id}"
    response = anon.get(url, **auth)
    assert response.status_code == 200 and response["ETag"]
    assert_private_revalidated(response)
    again = anon.get(url, **auth, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    assert_private_revalidated(again)


def test_an_api_list(anon, applicant_a, auth):
    f.make_application(applicant_a)
    response = anon.get("/api/v1/applications", **auth)
    assert response.status_code == 200
    if response.has_header("ETag"):
        assert_private_revalidated(response)
    else:  # answered without a tag (an older transaction may still change the list)
        assert_no_store(response)
    assert_no_store(anon.get("/api/v1/me", **auth))
    assert_no_store(anon.get("/api/v1/me"))  # 401: still under /api/


def test_a_new_token_is_never_stored(anon, auth, applicant_a):
    response = anon.post(
        "/api/v1/me/tokens", json.dumps({"name": "ci"}), content_type="application/json", **auth
    )
    assert response.status_code == 201 and response.json()["token"]
    assert_no_store(response)
    alice = client_for(applicant_a)
    url = reverse("accounts:settings")
    token = Page(alice.get(url)).csrf()
    data = {"csrfmiddlewaretoken": token, "action": "create_token", "name": "page", "days": "5"}
    page = alice.post(url, data)
    assert page.status_code == 200
    assert Page(page.content.decode()).by_id("new-token").get_text().startswith(TOKEN_PREFIX)
    assert_no_store(page)
    assert_no_store(alice.get(url))


def test_an_answer_that_sets_a_cookie_is_private(anon, reference_data):
    response = anon.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.cookies and response.status_code == 302
    assert_no_store(response)
    # public answers keep their own headers (Django's never_cache on sign-in and health)
    login = Client().get(reverse("accounts:login"))
    assert "no-store" in directives(login) and get_max_age(login) == 0
    assert "no-store" in directives(Client().get("/healthz"))
    # and an anonymous answer without a cookie is left as it is
    missing = Client().get("/no-such-page/")
    assert missing.status_code == 404 and not missing.cookies
    assert not missing.has_header("Cache-Control")


# ---- HEAD ----


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_head_answers_wherever_get_does(anon, applicant_a, approver_bj, auth):
    permit = f.approved(applicant_a, approver_bj)
    alice = client_for(applicant_a)
    cases = [
        (anon, reverse("accounts:login"), {}),
        (alice, "/", {}),
        (alice, reverse("permits:import_new"), {}),
        (alice, reverse("permits:application", kwargs={"pk": permit.id}), {}),
        (alice, reverse("accounts:settings"), {}),
        (anon, f"/verify/{permit.permit_no}?code={permit.verification_code}", {}),
        (anon, f"/api/v1/applications/{permit.id}", auth),
        (anon, "/api/v1/me", auth),
        (anon, "/healthz", {}),
        (alice, "/static/css/app.css", {}),  # a file: WhiteNoise's streamed answer
        (alice, reverse("permits:query_delete"), {}),  # POST only: 405 both ways
    ]
    for client, url, headers in cases:
        get = client.get(url, **headers)
        head = client.head(url, **headers)
        assert head.status_code == get.status_code, (url, head.status_code, get.status_code)
        assert _body(head) == b"" and (_body(get) or url.endswith("/query/delete/")), url
        assert head.get("Content-Length") == get.get("Content-Length"), url
        assert head.get("Allow") == get.get("Allow"), url
        assert head.get("Content-Type") == get.get("Content-Type"), url
        assert directives(head) == directives(get), url


def test_head_is_logged_as_head(anon, reference_data, caplog):
    caplog.set_level("INFO", logger="operations.requests")
    anon.head(reverse("accounts:login"))
    assert any(r.getMessage().startswith("HEAD /accounts/login/ 200") for r in caplog.records)


# ---- a JSON boolean is no number ----


def _send(client, method, url, body, auth):
    return client.generic(method, url, json.dumps(body), content_type="application/json", **auth)


def test_token_days_take_no_boolean(anon, auth):
    for value in (True, False):
        response = _send(anon, "POST", "/api/v1/me/tokens", {"days": value}, auth)
        assert response.status_code == 422, (value, response.content)
        assert [e["field"] for e in response.json()["errors"]] == ["days"]
    assert _send(anon, "POST", "/api/v1/me/tokens", {"days": 1}, auth).status_code == 201


def test_no_number_of_the_api_takes_a_boolean(anon, applicant_a, auth):
    app = f.make_application(applicant_a)
    assert app.version == 1
    url = f"/api/v1/applications/{app.id}"
    response = _send(anon, "PUT", url, {"version": True, "remarks": "x"}, auth)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["version"]
    goods = {**f.GOODS, "quantity": True}
    response = _send(anon, "POST", f"{url}/goods", goods, auth)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["quantity"]
    # booleans stay booleans where the API takes them
    assert _send(anon, "PUT", url, {"version": 1, "is_agent": False}, auth).status_code == 200
