"""The 查询 filter form, kept per values, language and day (query_form.filters_html): each
request shows its own values and problems."""

import pytest

from conftest import client_for
from testing.html import Page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]

QUERY = "/permits/query/"


def _form(client, headers=None, **params):
    response = client.get(QUERY, params, **(headers or {}))
    assert response.status_code == 200
    return Page(response.content.decode())


def test_each_request_shows_its_own_values_and_problems(applicant_a):
    client = client_for(applicant_a)
    for number in ("I2026", "E2026", "I2026"):
        page = _form(client, application_no=number, status="approved")
        assert page.by_id("query-application_no")["value"] == number
        assert page.one("#query-status option[selected]")["value"] == "approved"
    wrong = _form(client, submitted_from="2026-05-02", submitted_to="2026-05-01")
    assert wrong.by_id("query-submitted_to")["aria-invalid"] == "true"
    assert "结束日期不能早于开始日期。" in wrong.text()
    right = _form(client, submitted_from="2026-05-01", submitted_to="2026-05-02")
    assert right.by_id("query-submitted_to").get("aria-invalid") is None
    assert "结束日期不能早于开始日期。" not in right.text()


def test_each_language_has_its_own_form(applicant_a):
    client = client_for(applicant_a)
    chinese = _form(client, status="approved")
    english = _form(client, status="approved", headers={"HTTP_ACCEPT_LANGUAGE": "en"})
    assert chinese.label("query-status") == "状态"
    assert english.label("query-status") != "状态"
