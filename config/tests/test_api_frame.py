import re

import pytest

ME = "/api/v1/me"


@pytest.mark.django_db
def test_openapi_document_is_served(anon):
    response = anon.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/reference/{kind}" in doc["paths"]
    schemes = doc["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


@pytest.mark.django_db
def test_docs_work_without_internet(anon):
    response = anon.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # Every script and stylesheet comes from this host: no src/href names another one.
    # (A plain "cdn" search once matched inside a random CSRF token.)
    external = re.findall(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', html, re.IGNORECASE)
    assert external == []
    assert "cdn.jsdelivr" not in html.lower()
    assert anon.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


@pytest.mark.django_db
def test_unknown_api_path_is_json_404(anon, applicant_a, token_for):
    response = anon.get("/api/v1/no-such-thing", **token_for(applicant_a))
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "errors": []}


@pytest.mark.django_db
def test_framework_validation_errors_use_the_contract_shape(anon, applicant_a, token_for):
    response = anon.post(
        f"{ME}/tokens",
        {"name": ["not", "a", "string"]},
        content_type="application/json",
        **token_for(applicant_a),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    assert body["errors"][0]["field"] == "name"
    assert body["errors"][0]["message"]


@pytest.mark.django_db
def test_malformed_json_is_422_not_500(anon, applicant_a, token_for):
    response = anon.post(
        f"{ME}/tokens", "{not json", content_type="application/json", **token_for(applicant_a)
    )
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_unknown_api_paths_answer_every_method_with_json_404(anon, applicant_a, method):
    anon.force_login(applicant_a)  # a session without CSRF token: still the 404, not a page
    response = getattr(anon, method)("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。", "errors": []}


@pytest.mark.django_db
def test_a_method_the_path_does_not_take_is_json_405_with_allow(anon, applicant_a, token_for):
    response = anon.patch("/api/v1/applications", **token_for(applicant_a))
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert response.json()["errors"] == []
    assert int(response["Content-Length"]) == len(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("auth", [None, "Bearer dp_not-a-token", "Basic YTpi"])
def test_writes_without_valid_credentials_are_401(anon, reference_data, auth):
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    for path in ("/api/v1/applications", "/api/v1/me/tokens"):
        response = anon.post(path, {}, content_type="application/json", **headers)
        assert response.status_code == 401, path
        assert response.json() == {"detail": "未登录或令牌无效。", "errors": []}


@pytest.mark.django_db
def test_a_session_write_without_csrf_is_403_json(applicant_a):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(applicant_a)
    response = browser.post(f"{ME}/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert response.json()["errors"] == []
    browser.get("/permits/query/")  # the page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        f"{ME}/tokens", {"name": "x"}, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


def test_openapi_lists_the_error_answers_of_every_operation(anon):
    schema = anon.get("/api/v1/openapi.json").json()
    assert set(schema["components"]["schemas"]["ErrorOut"]["required"]) == {"detail", "errors"}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404", "422"} <= codes, (method, path)
            ref = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert ref == {"$ref": "#/components/schemas/ErrorOut"}
            if method != "get":
                assert "409" in codes, (method, path)
    upload = schema["paths"]["/api/v1/applications/{application_id}/attachments/{type}"]["post"]
    assert {"413", "415"} <= set(upload["responses"])
