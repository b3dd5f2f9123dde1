"""Every free-text field and filter of the API with hostile character classes: never a 5xx;
NUL and lone UTF-16 surrogates are a 422 naming the field. Dates outside 2000–2100 are a 422
(API) or a form error (查询 page); a page past the last, even past 64 bits, is an empty page.
"""

import json

import pytest

from permits.api.schemas import GoodsIn, HeaderIn
from testing import factories as f

NASTY = {
    "nul": "a\x00b",
    "surrogate": "a\ud800b",
    "low_surrogate": "\udfff",
    "long": "长" * 20_000,
    "rtl_override": "\u202eexe.pdf",
    "emoji": "💊" * 64,
    "sql": "' OR 1=1 --",
    "html": "<script>alert(1)</script>",
    "combining": "e\u0301" * 200,
    "noncharacters": "\uffff\ufffe",
    "controls": "\x01\x1b[31m\x7f",
    "format": "%00%s%n{0}",
}
REFUSED = {"nul", "surrogate", "low_surrogate"}
BAD_DATES = ["9999-12-31", "0001-01-01", "1999-12-31", "2101-01-01"]
GOOD_DATES = ["2000-01-01", "2100-12-31"]


def _text_fields(schema) -> list[str]:
    return [n for n, fld in schema.model_fields.items() if "str" in str(fld.annotation)]


def _send(client, method, path, body, headers):
    return client.generic(
        method, path, json.dumps(body), content_type="application/json", **headers
    )


def _check(response, field: str, kind: str):
    assert response.status_code < 500, (field, kind, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    if kind in REFUSED:
        assert response.status_code == 422, (field, kind, response.content[:300])
        assert field in [e["field"] for e in response.json()["errors"]]


@pytest.fixture
def a(applicant_a, token_for):
    return token_for(applicant_a)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(NASTY))
def test_application_header_fields(anon, a, applicant_a, kind):
    draft = f.make_application(applicant_a)
    for field in _text_fields(HeaderIn):
        body = {**f.IMPORT_HEADER, field: NASTY[kind]}
        _check(_send(anon, "POST", "/api/v1/applications", body, a), field, kind)
        update = {"version": draft.version, field: NASTY[kind]}
        _check(_send(anon, "PUT", f"/api/v1/applications/{draft.id}", update, a), field, kind)
        draft.refresh_from_db()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(NASTY))
def test_goods_fields(anon, a, applicant_a, kind):
    draft = f.make_application(applicant_a)
    goods = f.add_goods(applicant_a, draft)
    base = f"/api/v1/applications/{draft.id}/goods"
    for field in _text_fields(GoodsIn):
        body = {**f.GOODS, field: NASTY[kind]}
        response = _send(anon, "POST", base, body, a)
        _check(response, field, kind)
        if response.status_code == 201:
            anon.delete(f"{base}/{response.json()['id']}", **a)
        _check(_send(anon, "PUT", f"{base}/{goods.id}", body, a), field, kind)


QUERY_TEXT = ["direction", "status", "application_no", "permit_no", "drug_name"]
QUERY_TEXT += ["approval_department"]
QUERY_DATES = ["created_from", "created_to", "submitted_from", "submitted_to"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [k for k in NASTY if "surrogate" not in k])
def test_query_filters(anon, a, applicant_a, approver_bj, token_for, kind):
    f.submitted(applicant_a)
    reviewer = token_for(approver_bj)
    for field in QUERY_TEXT:
        _check(anon.get("/api/v1/applications", {field: NASTY[kind]}, **a), field, kind)
        if field != "approval_department":  # the queue is one department's already
            queue = anon.get("/api/v1/review/applications", {field: NASTY[kind]}, **reviewer)
            _check(queue, field, kind)
    _check(
        anon.get("/api/v1/review/applications", {"enterprise": NASTY[kind]}, **reviewer),
        "enterprise",
        kind,
    )
    _check(anon.get("/api/v1/reference/drugs", {"q": NASTY[kind][:100]}, **a), "q", "any")


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_DATES + GOOD_DATES)
def test_date_filters(anon, a, applicant_a, approver_bj, token_for, value):
    f.submitted(applicant_a)
    reviewer = token_for(approver_bj)
    for field in QUERY_DATES:
        for path, headers in [("applications", a), ("review/applications", reviewer)]:
            response = anon.get(f"/api/v1/{path}", {field: value}, **headers)
            if value in BAD_DATES:
                assert response.status_code == 422, (path, field, value)
                assert field in [e["field"] for e in response.json()["errors"]]
            else:
                assert response.status_code == 200, (path, field, value)


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_DATES)
def test_date_filters_on_the_query_and_queue_pages(client, applicant_a, approver_bj, value):
    client.force_login(applicant_a)
    for field in QUERY_DATES:
        response = client.get("/permits/query/", {field: value})
        assert response.status_code == 200, (field, value)
        assert "2000-01-01" in response.content.decode()  # the form says which dates
    client.force_login(approver_bj)
    for field in QUERY_DATES:
        response = client.get("/review/pending/", {field: value})
        assert response.status_code == 200, (field, value)
        assert "2000-01-01" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", [10**6, 10**15, 2**63, 2**70, -(2**70)])
def test_pages_past_the_last_are_empty(anon, a, applicant_a, approver_bj, token_for, page):
    f.submitted(applicant_a)
    for path, headers in [
        ("applications", a),
        ("review/applications", token_for(approver_bj)),
        ("me/messages", a),
    ]:
        response = anon.get(f"/api/v1/{path}", {"page": page}, **headers)
        assert response.status_code == 200, (path, page, response.content[:200])
        if page > 0:
            assert response.json()["items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(NASTY))
def test_review_customs_and_token_bodies(
    anon, a, applicant_a, approver_bj, customs, token_for, kind
):
    app = f.submitted(applicant_a)
    reviewer, officer = token_for(approver_bj), token_for(customs)
    base = f"/api/v1/review/applications/{app.id}"
    value = NASTY[kind]
    _check(_send(anon, "POST", f"{base}/not-accept", {"reason": value}, reviewer), "reason", kind)
    body = {"opinion": value, "attachments": [], "fields": []}
    _check(_send(anon, "POST", f"{base}/request-correction", body, reviewer), "opinion", kind)
    body = {"opinion": "x", "fields": [{"field": "remarks", "opinion": value}]}
    _check(
        _send(anon, "POST", f"{base}/request-correction", body, reviewer), "fields.0.opinion", kind
    )
    for field in ("customs_district", "declaration_no"):
        body = {"customs_district": "0100", "declaration_no": "0" * 18, field: value}
        path = "/api/v1/customs/permits/AB123/write-off"
        _check(_send(anon, "POST", path, body, officer), field, kind)
    _check(_send(anon, "POST", "/api/v1/me/tokens", {"name": value}, a), "name", kind)


@pytest.mark.django_db
@pytest.mark.parametrize("date", BAD_DATES)
def test_decision_dates(anon, applicant_a, approver_bj, token_for, date):
    app = f.accepted(applicant_a, approver_bj)
    body = {"issue_date": date}
    path = f"/api/v1/review/applications/{app.id}/approve"
    response = _send(anon, "POST", path, body, token_for(approver_bj))
    assert response.status_code == 422
    assert "issue_date" in [e["field"] for e in response.json()["errors"]]


@pytest.mark.django_db
def test_nul_in_paths_and_wrong_top_level_bodies(anon, a, applicant_a, customs, token_for):
    draft = f.make_application(applicant_a)
    for path, headers in [
        (f"/api/v1/applications/{draft.id}/attachments/a%00b/file", a),
        ("/api/v1/customs/permits/A%00B", token_for(customs)),
        (f"/api/v1/applications/{draft.id}%00", a),
    ]:
        response = anon.get(path, **headers)
        assert response.status_code == 404, path
        assert response.json()["errors"] == []
    for body in ([None, None], "text", 42, None, True):
        response = _send(anon, "POST", "/api/v1/me/tokens", body, a)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["field"] == "__all__"
