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
    assert "cdn" not in html.lower()
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
