"""补正材料 across roles: the approver asks to correct one attachment (through the review
service); the applicant finds it in 查询, opens the application from its number, sees the
flagged slot with the opinion in the attachments dialog, deletes the old file, uploads a new
one and submits again (申报 → 已申报)."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import answer, assert_no_page_problems, htmx_idle, sign_in
from permits.models import Application
from testing import factories as f

pytestmark = pytest.mark.browser

OPINION = "营业执照已过期"


def test_applicant_answers_a_correction_request(
    page, live_server, applicant_a, approver_bj, tmp_path
):
    app = f.correction_required(
        applicant_a,
        approver_bj,
        opinion="请补正营业执照",
        attachments=[{"type": "business_licence", "opinion": OPINION}],
    )
    new_file = tmp_path / "营业执照-新.pdf"
    new_file.write_bytes(f.pdf_bytes(2))

    sign_in(page, live_server.url, "alice")
    page.get_by_role("navigation", name="业务菜单").get_by_role("link", name="查询").click()
    page.get_by_role("search", name="查询条件").get_by_label("状态", exact=True).select_option(
        label="补正材料"
    )
    page.get_by_role("button", name="查询", exact=True).click()
    results = page.get_by_role("table", name="查询结果")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results.get_by_text("补正材料", exact=True)).to_be_visible()

    # the number opens the application in a tab of its own, editable, with the opinion
    results.get_by_role("link", name=app.application_no).click()
    tab = page.get_by_role("tab", name=app.application_no)
    expect(tab).to_have_attribute("aria-selected", "true")
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_text("审批部门要求补正材料").first).to_be_visible()

    # the attachments dialog flags the slot with the approver's opinion
    panel.get_by_role("link", name="上传附件").click()
    dialog = page.locator("dialog.af-dialog[open]")
    expect(dialog).to_be_visible()
    slot = dialog.get_by_role("row").filter(has=page.get_by_role("rowheader", name="营业执照"))
    expect(slot).to_contain_text(OPINION)
    expect(slot).to_contain_text("business_licence.pdf")

    # an old file must be deleted before a new one goes in (确定删除？ is asked in the page;
    # the buttons' names read "删除 ：营业执照": the visible word and the slot for screen readers)
    slot.get_by_role("button", name=re.compile(r"^删除\s*：营业执照$")).click()
    answer(page, "确定删除？", "确定")
    expect(slot).to_contain_text("未上传")
    htmx_idle(page)
    slot.get_by_label(re.compile(r"^上传\s*：营业执照$")).set_input_files(str(new_file))
    expect(slot).to_contain_text("营业执照-新.pdf")
    dialog.get_by_role("button", name="关闭").click()
    expect(dialog).to_be_hidden()

    # 申报 again
    panel.get_by_role("button", name="申报").click()
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("status").filter(has_text="申报成功")).to_be_visible()
    expect(panel.locator(".page-head .badge")).to_have_text("已申报")
    app.refresh_from_db()
    assert app.status == "submitted"
    assert (
        Application.objects.get(pk=app.pk).attachments.get(type="business_licence").original_name
        == "营业执照-新.pdf"
    )

    # and 查询 says so
    page.get_by_role("tab", name="查询").click()
    page.get_by_role("search", name="查询条件").get_by_label("状态", exact=True).select_option(
        label="已申报"
    )
    page.get_by_role("button", name="查询", exact=True).click()
    expect(results.get_by_role("link", name=app.application_no)).to_be_visible()
    expect(results.get_by_text("已申报", exact=True)).to_be_visible()
    assert_no_page_problems(page)
