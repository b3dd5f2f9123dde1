"""查询 from statements built once (permits.query_page) gives what the queryset gives
(selectors.application_query + page_of) for every kind of filter, page and role, and the API
writes the same bytes as a checked answer."""

from datetime import date

import pytest
from django.test import RequestFactory

from core.renderers import render_json
from permits import presenters, query_page, selectors
from permits.api.schemas import PageOut
from testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

FILTERS = [
    {},
    {"direction": "import"},
    {"direction": "export"},
    {"status": "draft"},
    {"status": "approved", "written_off": True},
    {"written_off": False},
    {"drug_name": "丙酸"},
    {"drug_name": "testosterone"},
    {"drug_name": "50%_\\"},  # LIKE's own characters are text here
    {"application_no": "I"},
    {"application_no": "I2026"},
    {"application_no": "0001"},
    {"permit_no": "2026"},
    {"approval_department": "110000"},
    {"created_from": date(2026, 1, 1), "created_to": date(2026, 12, 31)},
    {"submitted_from": date(2026, 1, 1), "submitted_to": date(2027, 1, 1)},
    {"direction": "import", "status": "submitted", "drug_name": "睾酮", "created_to": "2027-01-01"},
]


def _both(user, filters, page, size):
    qs = selectors.application_query(user, filters=filters)
    old = selectors.page_of(qs, page=page, page_size=size)
    new = query_page.query_page(user, filters, page=page, page_size=size)
    return (
        ([presenters.summary_out(a) for a in old[0]], *old[1:]),
        ([presenters.summary_out(a) for a in new[0]], *new[1:]),
    )


@pytest.fixture
def spread(applicant_a, applicant_b, approver_bj, customs):
    """Applications in many states, with and without goods, one written off."""
    f.written_off(applicant_a, approver_bj, customs)
    f.approved(applicant_a, approver_bj)
    f.submitted(applicant_a)
    f.draft(applicant_a, direction="export")
    f.add_goods(applicant_a, f.make_application(applicant_a), drug_name_en="Testosterone")
    for _ in range(3):
        f.make_application(applicant_a)
    f.submitted(applicant_b)


def test_every_filter_and_page_answers_as_the_queryset(spread, applicant_a, monkeypatch):
    for filters in FILTERS:
        for page, size in ((1, 20), (1, 3), (2, 3), (4, 3), (1000, 20), (10**9, 20)):
            old, new = _both(applicant_a, filters, page, size)
            assert new == old, (filters, page, size)
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)  # the cap is read on every call
    old, new = _both(applicant_a, {}, 2, 3)
    assert new == old and new[1:] == (4, True)


def test_each_role_sees_its_scope(spread, applicant_b, approver_bj, approver_sh, customs):
    for user in (applicant_b, approver_bj, approver_sh, customs):
        for filters in ({}, {"status": "approved"}, {"written_off": True}):
            old, new = _both(user, filters, 1, 20)
            assert new == old, (user, filters)
    for user, department in ((approver_bj, "110000"), (approver_sh, "310000")):
        rows = _both(user, {}, 1, 20)[1][0]
        assert rows and {r["approval_department"] for r in rows} == {department}
        assert "draft" not in {r["status"] for r in rows}


def test_a_pattern_binds_escaped(applicant_a):
    odd = f.make_application(applicant_a)
    f.add_goods(applicant_a, odd, drug_name="睾酮%_样品", drug_name_en="T")
    f.add_goods(applicant_a, f.make_application(applicant_a), drug_name="睾酮X样品")
    for text, expected in (("酮%_样", 1), ("酮_", 0), ("酮%", 1), ("样品", 2)):
        rows, count, _capped = query_page.query_page(
            applicant_a, {"drug_name": text}, page=1, page_size=20
        )
        assert count == len(rows) == expected, text
        assert _both(applicant_a, {"drug_name": text}, 1, 20)[0][1] == expected


def test_the_api_writes_the_bytes_of_a_checked_answer(spread, anon, applicant_a, token_for):
    response = anon.get("/api/v1/applications?page_size=50", **token_for(applicant_a))
    assert response.status_code == 200
    data = response.json()
    assert any(item["write_off"] for item in data["items"])
    assert any(item["drug_names"] for item in data["items"])
    assert any(item["permit_no"] is None for item in data["items"])
    rows, count, _capped = query_page.query_page(applicant_a, {}, page=1, page_size=50)
    checked = {
        "items": [presenters.summary_out(r) for r in rows],
        "count": count,
        "page": 1,
        "page_size": 50,
    }
    assert response.content == render_json(RequestFactory().get("/"), PageOut, checked)


def test_status_labels_follow_the_language_of_each_request(anon, applicant_a, token_for):
    f.submitted(applicant_a)
    headers = token_for(applicant_a)
    labels = {}
    for language in ("zh-hans", "en", "zh-hans"):
        response = anon.get("/api/v1/applications", HTTP_ACCEPT_LANGUAGE=language, **headers)
        labels.setdefault(language, set()).add(response.json()["items"][0]["status_label"])
    assert labels["zh-hans"] == {"已申报"}
    assert len(labels["en"]) == 1 and labels["en"] != labels["zh-hans"]
