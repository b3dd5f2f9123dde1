"""The /applications endpoints: allowed case, other enterprise (404), wrong status (409),
stale version (409), roles (403)."""

import pytest

from permits.models import Application
from testing import factories as f

BASE = "/api/v1/applications"


def _json(client, method, url, headers, body=None):
    kwargs = {"content_type": "application/json"} if body is not None else {}
    return (
        getattr(client, method)(url, body, **kwargs, **headers)
        if body is not None
        else (getattr(client, method)(url, **headers))
    )


@pytest.fixture
def a(applicant_a, token_for):
    return token_for(applicant_a)


@pytest.fixture
def b(applicant_b, token_for):
    return token_for(applicant_b)


@pytest.mark.django_db
def test_create_returns_the_full_application(anon, a):
    response = _json(anon, "post", BASE, a, f.IMPORT_HEADER)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["application_no"].startswith("I")
    assert body["approval_department"] == "110000"
    assert body["customs_district_1"] == "0100"
    assert body["goods"] == [] and body["history"][0]["to_status"] == "draft"
    assert "submit" in body["allowed_actions"] and "delete" in body["allowed_actions"]
    assert body["required_attachments"][:2] == ["application_form", "purchase_contract"]
    assert body["created_at"].endswith("+08:00")
    assert body["permit_no"] is None and body["verification_url"] is None


@pytest.mark.django_db
def test_create_422_lists_every_field(anon, a):
    response = _json(anon, "post", BASE, a, {"direction": "import"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"counterparty_name", "port_1", "purpose", "contact_phone"} <= fields


@pytest.mark.django_db
def test_create_needs_a_direction(anon, a):
    body = {k: v for k, v in f.IMPORT_HEADER.items() if k != "direction"}
    response = _json(anon, "post", BASE, a, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "direction"


@pytest.mark.django_db
def test_roles_that_may_not_create(anon, unqualified, approver_bj, customs, token_for):
    for user in (unqualified, approver_bj, customs):
        response = _json(anon, "post", BASE, token_for(user), f.IMPORT_HEADER)
        assert response.status_code == 403, user
        assert response.json()["detail"]
    body = _json(anon, "post", BASE, token_for(unqualified), f.IMPORT_HEADER).json()
    assert "对外贸易经营者备案" in body["detail"]


@pytest.mark.django_db
def test_other_enterprise_sees_nothing(anon, applicant_a, a, b, approver_bj, customs, token_for):
    app = f.make_application(applicant_a)
    goods = f.add_goods(applicant_a, app)
    urls = [
        ("get", f"{BASE}/{app.id}", None),
        ("put", f"{BASE}/{app.id}", {"version": app.version}),
        ("delete", f"{BASE}/{app.id}", None),
        ("post", f"{BASE}/{app.id}/goods", f.GOODS),
        ("put", f"{BASE}/{app.id}/goods/{goods.id}", f.GOODS),
        ("delete", f"{BASE}/{app.id}/goods/{goods.id}", None),
        ("get", f"{BASE}/{app.id}/attachments", None),
        ("delete", f"{BASE}/{app.id}/attachments/application_form", None),
        ("get", f"{BASE}/{app.id}/attachments/application_form/file", None),
        ("post", f"{BASE}/{app.id}/submit", {}),
        ("post", f"{BASE}/{app.id}/withdraw", {}),
        ("post", f"{BASE}/{app.id}/copy", {}),
        ("get", f"{BASE}/{app.id}/application-form.pdf", None),
    ]
    for headers in (b, token_for(approver_bj), token_for(customs)):
        for method, url, body in urls:
            response = _json(anon, method, url, headers, body)
            assert response.status_code == 404, (method, url, response.status_code)
            assert "detail" in response.json()
    assert anon.get(f"{BASE}/not-a-uuid", **a).status_code == 404
    assert _json(anon, "get", BASE, b).json()["count"] == 0
    assert Application.objects.filter(pk=app.pk).exists()


@pytest.mark.django_db
def test_anonymous_gets_401(anon, applicant_a):
    app = f.make_application(applicant_a)
    assert anon.get(f"{BASE}/{app.id}").status_code == 401
    assert anon.post(BASE, f.IMPORT_HEADER, content_type="application/json").status_code == 401


@pytest.mark.django_db
def test_update_with_version(anon, applicant_a, a):
    app = f.make_application(applicant_a)
    ok = _json(anon, "put", f"{BASE}/{app.id}", a, {"version": 1, "contact_person": "张三"})
    assert ok.status_code == 200, ok.content
    assert ok.json()["contact_person"] == "张三" and ok.json()["version"] == 2
    stale = _json(anon, "put", f"{BASE}/{app.id}", a, {"version": 1, "contact_person": "李四"})
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["field"] == "version"
    app.refresh_from_db()
    assert app.contact_person == "张三"


@pytest.mark.django_db
def test_update_refused_after_submission(anon, applicant_a, a):
    app = f.submitted(applicant_a)
    response = _json(anon, "put", f"{BASE}/{app.id}", a, {"version": app.version})
    assert response.status_code == 409
    assert "已申报" in response.json()["detail"]


@pytest.mark.django_db
def test_delete_only_drafts(anon, applicant_a, a):
    draft = f.make_application(applicant_a)
    assert anon.delete(f"{BASE}/{draft.id}", **a).status_code == 204
    assert not Application.objects.filter(pk=draft.pk).exists()
    submitted = f.submitted(applicant_a)
    response = anon.delete(f"{BASE}/{submitted.id}", **a)
    assert response.status_code == 409 and "已申报" in response.json()["detail"]


@pytest.mark.django_db
def test_goods_endpoints(anon, applicant_a, a):
    app = f.make_application(applicant_a)
    created = _json(anon, "post", f"{BASE}/{app.id}/goods", a, f.GOODS)
    assert created.status_code == 201
    assert created.json()["seq"] == 1 and created.json()["quantity"] == "100"
    gid = created.json()["id"]
    changed = _json(anon, "put", f"{BASE}/{app.id}/goods/{gid}", a, {**f.GOODS, "quantity": "7.5"})
    assert changed.status_code == 200 and changed.json()["quantity"] == "7.5"
    bad = _json(anon, "post", f"{BASE}/{app.id}/goods", a, {**f.GOODS, "quantity": "0"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "quantity"
    for _ in range(3):
        _json(anon, "post", f"{BASE}/{app.id}/goods", a, f.GOODS)
    fifth = _json(anon, "post", f"{BASE}/{app.id}/goods", a, f.GOODS)
    assert fifth.status_code == 422
    assert anon.delete(f"{BASE}/{app.id}/goods/{gid}", **a).status_code == 204
    assert len(anon.get(f"{BASE}/{app.id}", **a).json()["goods"]) == 3


@pytest.mark.django_db
def test_submit_lists_every_problem_then_succeeds(anon, applicant_a, a):
    app = f.make_application(applicant_a)
    response = _json(anon, "post", f"{BASE}/{app.id}/submit", a, {})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert "goods" in fields and "attachments.application_form" in fields
    f.add_goods(applicant_a, app)
    f.fill_attachments(applicant_a, app)
    done = _json(anon, "post", f"{BASE}/{app.id}/submit", a, {})
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    assert done.json()["submitted_at"]
    again = _json(anon, "post", f"{BASE}/{app.id}/submit", a, {})
    assert again.status_code == 409


@pytest.mark.django_db
def test_withdraw(anon, applicant_a, a):
    draft = f.make_application(applicant_a)
    assert _json(anon, "post", f"{BASE}/{draft.id}/withdraw", a, {}).status_code == 409
    app = f.submitted(applicant_a)
    response = _json(anon, "post", f"{BASE}/{app.id}/withdraw", a, {})
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert [h["to_status"] for h in response.json()["history"]] == [
        "draft",
        "submitted",
        "withdrawn",
    ]


@pytest.mark.django_db
def test_copy_makes_a_new_draft_without_attachments(anon, applicant_a, a):
    app = f.submitted(applicant_a)
    response = _json(anon, "post", f"{BASE}/{app.id}/copy", a, {})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft" and body["application_no"] != app.application_no
    assert len(body["goods"]) == 1
    assert all(slot["file"] is None for slot in body["attachments"])
    assert len(body["history"]) == 1


@pytest.mark.django_db
def test_query_filters_and_paging(anon, applicant_a, a):
    first = f.make_application(applicant_a)
    f.add_goods(applicant_a, first)
    f.make_application(applicant_a, direction="export")
    everything = anon.get(BASE, **a).json()
    assert everything["count"] == 2 and everything["page_size"] == 20
    assert everything["items"][0]["direction"] == "export"  # newest first
    assert anon.get(f"{BASE}?direction=import", **a).json()["count"] == 1
    assert anon.get(f"{BASE}?drug_name=胰岛", **a).json()["count"] == 1
    assert anon.get(f"{BASE}?status=submitted", **a).json()["count"] == 0
    assert anon.get(f"{BASE}?application_no={first.application_no}", **a).json()["count"] == 1
    paged = anon.get(f"{BASE}?page=2&page_size=1", **a).json()
    assert paged["page"] == 2 and len(paged["items"]) == 1 and paged["count"] == 2
    assert anon.get(f"{BASE}?page_size=500", **a).json()["page_size"] == 100


@pytest.mark.django_db
def test_reading_an_application_costs_a_fixed_number_of_queries(
    anon, applicant_a, a, django_assert_max_num_queries
):
    app = f.make_application(applicant_a)
    for _ in range(4):
        f.add_goods(applicant_a, app)
    f.fill_attachments(applicant_a, app)
    with django_assert_max_num_queries(8):
        response = anon.get(f"{BASE}/{app.id}", **a)
    assert response.status_code == 200


@pytest.mark.django_db
def test_application_form_pdf(anon, applicant_a, a):
    app = f.make_application(applicant_a)
    response = anon.get(f"{BASE}/{app.id}/application-form.pdf", **a)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_query_sql_count_does_not_grow_with_the_page(anon, applicant_a, a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(12):
        app = f.make_application(applicant_a)
        f.add_goods(applicant_a, app)
    with CaptureQueriesContext(connection) as one:
        assert len(anon.get(f"{BASE}?page_size=1", **a).json()["items"]) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(anon.get(f"{BASE}?page_size=100", **a).json()["items"]) == 12
    assert len(many.captured_queries) <= len(one.captured_queries)
