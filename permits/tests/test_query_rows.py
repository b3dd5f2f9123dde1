"""The rows of a 查询 page (permits/jinja2/permits/_query_rows.html): every column, the
write-off, the notice link, in both languages and the local time zone."""

import pytest
from django.utils import timezone

from conftest import client_for
from testing import factories as f
from testing.html import Page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


def _row(html: str, application_no: str):
    box = Page(html).one(f'input[name="ids"][data-no="{application_no}"]')
    return box.find_parent("tr")


def test_a_written_off_row_shows_when_where_and_which_declaration(
    applicant_a, approver_bj, customs, run_tasks
):
    with run_tasks():  # the decision's notice is rendered: the row links it
        app = f.written_off(applicant_a, approver_bj, customs, declaration_no="220120269999999999")
    client = client_for(applicant_a)
    html = client.get("/permits/query/").content.decode()
    row = _row(html, app.application_no)
    cells = [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
    local = timezone.localtime(app.write_off.at)
    assert "已核销" in cells[3] and local.strftime("%Y-%m-%d") in cells[3]
    assert "220120269999999999" in cells[3] and app.write_off.customs_district in cells[3]
    assert cells[4] == app.permit_no
    assert cells[7] == timezone.localtime(app.created_at).strftime("%Y-%m-%d %H:%M")
    assert cells[8] == timezone.localtime(app.submitted_at).strftime("%Y-%m-%d %H:%M")
    assert row.find("a", string="查看通知书") is not None
    box = row.find("input", attrs={"name": "ids"})
    assert box["aria-label"] == f"选择 {app.application_no}" and box["value"] == str(app.id)

    english = client.get("/permits/query/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = _row(english, app.application_no)
    assert "Written off" in row.get_text(" ") and "已核销" not in row.get_text(" ")
    assert row.find("input", attrs={"name": "ids"})["aria-label"] != f"选择 {app.application_no}"


def test_a_draft_row_and_an_empty_result(applicant_a):
    app = f.make_application(applicant_a)
    client = client_for(applicant_a)
    row = _row(client.get("/permits/query/").content.decode(), app.application_no)
    cells = [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
    assert cells[1] == app.application_no and cells[3] == "暂存"
    assert cells[4] == "" and cells[8] == "" and cells[9] == ""
    empty = client.get("/permits/query/?application_no=NOSUCH").content.decode()
    assert Page(empty).one("td.empty").get_text(strip=True) == "没有符合条件的申请单。"
