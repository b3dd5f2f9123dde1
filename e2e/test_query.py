"""查询 in the browser: filter, 复制 (the new draft opens in its tab), 撤回 and 删除 with their
confirmation dialogs and refusals, 导出Excel, 打印申请表, 查看通知书; without JavaScript the
server asks for confirmation on a page; axe-core on the page and on the dialog."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import (
    answer,
    assert_no_page_problems,
    assert_no_serious_axe_violations,
    fill_sign_in,
    sign_in,
)
from permits.models import Application
from permits.web import query as vq
from testing import factories as f
from testing.tasks import settle

pytestmark = pytest.mark.browser


@pytest.fixture
def apps(applicant_a, approver_bj):
    """Applications of enterprise A in five statuses (oldest first)."""
    draft = f.make_application(applicant_a)
    f.add_goods(applicant_a, draft)
    export = f.make_application(applicant_a, direction="export")
    f.add_goods(applicant_a, export, **f.NON_BIOLOGICAL_GOODS)
    submitted = f.submitted(applicant_a)
    accepted = f.accepted(applicant_a, approver_bj)
    approved = f.approved(applicant_a, approver_bj)
    settle()  # their notices are made
    return {
        "draft": draft,
        "export": export,
        "submitted": submitted,
        "accepted": accepted,
        "approved": approved,
    }


def open_query(page: Page, base: str) -> None:
    sign_in(page, base, "alice")
    page.get_by_role("navigation", name="业务菜单").get_by_role("link", name="查询").click()
    expect(page.get_by_role("heading", level=1, name="查询")).to_be_visible()


def row(page: Page, app):
    return page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=app.application_no)
    )


def check(page: Page, *chosen) -> None:
    for app in chosen:
        page.get_by_role("checkbox", name=f"选择 {app.application_no}").check()


def test_query_filter_copy_withdraw_and_delete(page, live_server, apps):
    open_query(page, live_server.url)
    table = page.get_by_role("table", name="查询结果")
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(row(page, apps["approved"]).get_by_text("审批通过")).to_be_visible()

    # filter: 进出口 = 出口, then 重置
    filters = page.get_by_role("search", name="查询条件")
    filters.get_by_label("进出口", exact=True).select_option(label="出口")
    page.get_by_role("button", name="查询", exact=True).click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(row(page, apps["export"])).to_be_visible()
    expect(page.get_by_text("共 1 条")).to_be_visible()
    filters.get_by_label("药物名称").fill("胰岛素")
    filters.get_by_label("药物名称").press("Enter")
    expect(page.get_by_text("没有符合条件的申请单。")).to_be_visible()
    page.get_by_role("button", name="重置").click()
    expect(table.locator("tbody tr")).to_have_count(5)
    expect(filters.get_by_label("进出口", exact=True)).to_have_value("")

    # 复制 needs exactly one row
    page.get_by_role("button", name="复制").click()
    expect(page.get_by_role("alert")).to_have_text(str(vq.MSG_COPY_ONE))
    check(page, apps["draft"], apps["approved"])
    expect(page.get_by_text("已选 2 条")).to_be_visible()
    page.get_by_role("button", name="复制").click()
    expect(page.get_by_role("alert")).to_have_text(str(vq.MSG_COPY_ONE))
    page.get_by_role("checkbox", name=f"选择 {apps['draft'].application_no}").uncheck()
    page.get_by_role("button", name="复制").click()
    # the new draft opens in a tab of its own; the list behind it is fresh
    copy_tab = page.get_by_role("tab", name=re.compile(r"^I\d{16}"))
    expect(copy_tab).to_have_attribute("aria-selected", "true")
    copy = Application.objects.exclude(pk__in=[a.pk for a in apps.values()]).get()
    assert copy.status == "draft"
    expect(copy_tab).to_have_text(re.compile(copy.application_no))
    page.get_by_role("tab", name="查询").click()
    expect(page.get_by_role("status")).to_contain_text(f"新申请单 {copy.application_no} 已暂存")
    expect(row(page, copy).get_by_text("暂存")).to_be_visible()

    # 撤回: asks 确认撤回？; a row whose status does not allow it is refused before asking
    check(page, apps["submitted"])
    page.get_by_role("button", name="撤回").click()
    answer(page, "确认撤回？", "确定")
    expect(page.get_by_role("status")).to_contain_text(
        f"已撤回 1 张申请单：{apps['submitted'].application_no}"
    )
    expect(row(page, apps["submitted"]).get_by_text("已撤回")).to_be_visible()
    check(page, apps["approved"])
    page.get_by_role("button", name="撤回").click()
    expect(page.get_by_role("alert")).to_have_text(
        str(vq.MSG_WITHDRAW_SENT) % apps["approved"].application_no
    )
    expect(page.locator("#app-dialog")).to_be_hidden()  # nothing was asked
    page.get_by_role("checkbox", name=f"选择 {apps['approved'].application_no}").uncheck()

    # 删除: 取消 leaves it; a non-draft is refused before 确定删除？ is asked; a draft goes
    check(page, apps["draft"])
    page.get_by_role("button", name="删除").click()
    answer(page, "确定删除？", "取消")
    expect(row(page, apps["draft"])).to_be_visible()
    assert Application.objects.filter(pk=apps["draft"].pk).exists()
    check(page, apps["accepted"])
    page.get_by_role("button", name="删除").click()
    expect(page.get_by_role("alert")).to_have_text(
        str(vq.MSG_DELETE_DRAFTS) % apps["accepted"].application_no
    )
    expect(page.locator("#app-dialog")).to_be_hidden()
    page.get_by_role("checkbox", name=f"选择 {apps['accepted'].application_no}").uncheck()
    page.get_by_role("button", name="删除").click()
    answer(page, "确定删除？", "确定")
    expect(page.get_by_role("status")).to_contain_text(
        f"已删除 1 张申请单：{apps['draft'].application_no}"
    )
    expect(row(page, apps["draft"])).to_have_count(0)
    assert not Application.objects.filter(pk=apps["draft"].pk).exists()
    page.get_by_role("button", name="删除").click()  # nothing checked after the refresh
    expect(page.get_by_role("alert")).to_have_text(str(vq.MSG_DELETE_NONE))
    assert_no_page_problems(page)


def test_export_print_and_notice(page, live_server, apps):
    open_query(page, live_server.url)
    page.get_by_role("search", name="查询条件").get_by_label("状态", exact=True).select_option(
        label="审批通过"
    )
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.locator("tbody tr")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出Excel").click()
    assert re.fullmatch(r"查询结果-\d{8}\.xlsx", download.value.suggested_filename)

    notice = row(page, apps["approved"]).get_by_role("link", name="查看通知书")
    response = page.request.get(live_server.url + notice.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    expect(row(page, apps["submitted"])).to_have_count(0)

    # 打印申请表 posts the checked row and shows its form in a new window
    check(page, apps["approved"])
    form_url = f"/permits/query/print/{apps['approved'].id}/application-form.pdf"
    with (
        page.context.expect_event("response", lambda r: r.url.endswith(form_url)) as printed,
        page.expect_popup(),
    ):
        page.get_by_role("button", name="打印申请表").click()
    assert printed.value.status == 200
    assert printed.value.headers["content-type"] == "application/pdf"
    assert_no_page_problems(page)


def test_without_javascript_the_server_asks_first(browser, live_server, apps):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        fill_sign_in(page, "alice")
        page.goto(f"{live_server.url}/permits/query/?direction=import")
        expect(page.locator("tbody tr")).to_have_count(4)
        page.get_by_role("checkbox", name=f"选择 {apps['draft'].application_no}").check()
        page.get_by_role("button", name="删除").click()
        expect(page.get_by_role("heading", level=1, name="删除申请单")).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text("确定删除？")
        assert Application.objects.filter(pk=apps["draft"].pk).exists()
        page.get_by_role("button", name="确定").click()
        expect(page.get_by_role("status")).to_contain_text("已删除 1 张申请单")
        expect(page).to_have_url(re.compile(r"/permits/query/\?direction=import&page=1"))
        expect(page.locator("tbody tr")).to_have_count(3)
        assert not Application.objects.filter(pk=apps["draft"].pk).exists()
        page.get_by_role("button", name="复制").click()  # nothing checked: the server says so
        expect(page.get_by_role("alert")).to_have_text(str(vq.MSG_COPY_ONE))
    finally:
        context.close()


def test_axe_finds_no_serious_violation_on_the_query_page(axe_page, live_server, apps):
    page = axe_page
    open_query(page, live_server.url)
    assert_no_serious_axe_violations(page, "查询")
    page.get_by_role("button", name="复制").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_serious_axe_violations(page, "查询 with a message")
    check(page, apps["draft"])
    page.get_by_role("button", name="删除").click()
    expect(page.get_by_role("alertdialog")).to_be_visible()
    assert_no_serious_axe_violations(page, "确定删除？ dialog")
