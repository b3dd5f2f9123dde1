"""Browser journeys through the workspace shell: sign-in, tabs, the menu, the tab menu, the
qualification dialog, the language switch, roles, and axe-core on the pages."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.services import MSG_NO_QUALIFICATION
from e2e.conftest import (
    assert_no_page_problems,
    assert_no_serious_axe_violations,
    fill_sign_in,
    sign_in,
)

pytestmark = pytest.mark.browser

MENU_WIDTH = "() => document.getElementById('sidemenu').getBoundingClientRect().width"


def _menu(page: Page):
    return page.get_by_role("navigation", name="业务菜单")


def test_applicant_tabs_menu_and_sign_out(page, live_server, applicant_a):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    # 换一张 gives a new captcha without reloading the page
    old_key = page.locator('input[name="captcha_0"]').input_value()
    page.get_by_label("用户名", exact=True).fill("alice")
    page.get_by_role("button", name="换一张").click()
    expect(page.locator('input[name="captcha_0"]')).not_to_have_value(old_key)
    expect(page.get_by_label("验证码", exact=True)).to_be_focused()
    expect(page.get_by_label("用户名", exact=True)).to_have_value("alice")
    fill_sign_in(page, "alice")
    expect(page).to_have_url(f"{base}/")

    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(1)
    home = page.get_by_role("tab", name="首页")
    expect(home).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_contain_text("北京测试医药有限公司")

    # each tab has a close button; closing the last one leaves an empty area
    home.locator(".tab-close").click()
    expect(tabs).to_have_count(0)
    expect(page.locator("#tabs-empty")).to_be_visible()

    menu = _menu(page)
    menu.get_by_role("link", name="进口准许证申请").click()
    expect(page.get_by_role("heading", level=1, name="进口准许证申请")).to_be_visible()
    menu.get_by_role("link", name="查询").click()
    expect(page.get_by_role("heading", level=1, name="查询")).to_be_visible()
    expect(tabs).to_have_count(2)
    expect(page).to_have_url(f"{base}/permits/query/")
    expect(menu.get_by_role("link", name="查询")).to_have_attribute("aria-current", "page")

    # the page already open is shown again, not opened twice
    menu.get_by_role("link", name="进口准许证申请").click()
    expect(tabs).to_have_count(2)
    import_tab = page.get_by_role("tab", name="进口准许证申请")
    expect(import_tab).to_have_attribute("aria-selected", "true")
    expect(import_tab).to_be_focused()
    expect(page.get_by_role("tabpanel")).to_have_count(1)
    expect(page.get_by_role("tabpanel")).to_contain_text("进口准许证申请")
    expect(page).to_have_url(f"{base}/permits/import/new/")

    # arrow keys move between tabs
    page.keyboard.press("ArrowRight")
    query_tab = page.get_by_role("tab", name="查询")
    expect(query_tab).to_be_focused()
    expect(query_tab).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowLeft")
    expect(import_tab).to_be_focused()
    expect(import_tab).to_have_attribute("aria-selected", "true")

    # a reload keeps the tabs of this browser tab and shows the page in the address
    page.reload()
    expect(tabs).to_have_count(2)
    expect(import_tab).to_have_attribute("aria-selected", "true")
    expect(query_tab).to_have_attribute("aria-selected", "false")

    # 关闭其他选项卡 from the menu at the top right of the tab strip
    menu_button = page.get_by_role("button", name="选项卡操作")
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    page.get_by_role("menuitem", name="关闭其他选项卡").click()
    expect(tabs).to_have_count(1)
    expect(import_tab).to_have_attribute("aria-selected", "true")
    expect(menu_button).to_have_attribute("aria-expanded", "false")

    # collapse the menu to icons; it stays collapsed after a reload
    toggle = page.get_by_role("button", name="折叠/展开菜单")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.evaluate(MENU_WIDTH) > 150
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#sidemenu")).to_have_css("width", "48px")
    page.reload()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert page.evaluate(MENU_WIDTH) < 60
    expect(menu.get_by_role("link", name="查询")).to_be_visible()  # still reachable as an icon

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    assert_no_page_problems(page)


def test_tab_strip_arrows_scroll_when_the_tabs_overflow(page, live_server, applicant_a):
    base = live_server.url
    sign_in(page, base, "alice")
    left = page.locator('.tab-scroll[data-scroll="-1"]')
    right = page.locator('.tab-scroll[data-scroll="1"]')
    expect(left).to_have_class(re.compile("is-idle"))  # nothing to scroll
    expect(right).to_be_disabled()
    page.set_viewport_size({"width": 560, "height": 700})
    menu = _menu(page)
    for label in ("进口准许证申请", "出口准许证申请", "查询"):
        menu.get_by_role("link", name=label).click()
        expect(page.get_by_role("heading", level=1, name=label)).to_be_visible()
    expect(page.get_by_role("tab")).to_have_count(4)
    expect(left).not_to_have_class(re.compile("is-idle"))
    expect(left).to_be_enabled()  # the last tab is shown: the strip can move left only
    expect(right).to_be_disabled()
    strip = "() => document.getElementById('tabstrip').scrollLeft"
    before = page.evaluate(strip)
    assert before > 0
    left.click()
    expect(right).to_be_enabled()  # moved left: now it can move right again
    assert page.evaluate(strip) < before
    assert_no_page_problems(page)


def test_unqualified_enterprise_sees_the_dialog_and_cannot_apply(page, live_server, unqualified):
    sign_in(page, live_server.url, "charlie")
    dialog = page.get_by_role("alertdialog", name="提示")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(str(MSG_NO_QUALIFICATION))
    ok = dialog.get_by_role("button", name="确定")
    expect(ok).to_be_focused()
    ok.click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("tab", name="首页")).to_be_focused()
    # the menu item stays, but its page refuses with the same reason and shows no form
    _menu(page).get_by_role("link", name="进口准许证申请").click()
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("alert")).to_contain_text(str(MSG_NO_QUALIFICATION))
    expect(page.locator(".form-frame")).to_have_count(0)
    assert_no_page_problems(page)


def test_qualified_enterprise_sees_no_dialog(page, live_server, applicant_a):
    sign_in(page, live_server.url, "alice")
    expect(page.get_by_role("heading", level=1, name="首页")).to_be_visible()
    expect(page.get_by_role("alertdialog")).to_have_count(0)


def test_english_interface_behind_the_switch(page, live_server, applicant_a):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Username", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    fill_sign_in(page, "alice", lang="en")
    links = page.get_by_role("navigation", name="Main menu").get_by_role("link")
    expect(links).to_have_text(["Import permit application", "Export permit application", "Search"])
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("tab", name="Home")).to_be_visible()
    page.get_by_role("link", name="Import permit application").click()
    expect(page.get_by_role("heading", level=1, name="Import permit application")).to_be_visible()
    page.get_by_role("button", name="Tab actions").click()
    expect(page.get_by_role("menuitem", name="Close all tabs")).to_be_visible()
    page.keyboard.press("Escape")
    # and back to Chinese, on the page that was open
    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1, name="进口准许证申请")).to_be_visible()
    expect(page).to_have_url(f"{base}/permits/import/new/")
    assert_no_page_problems(page)


def test_without_javascript_menu_links_are_plain_links_to_full_pages(
    browser, live_server, unqualified
):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, "charlie")
        dialog = page.get_by_role("alertdialog", name="提示")
        expect(dialog).to_be_visible()
        dialog.get_by_role("button", name="确定").click()  # <form method="dialog">: no script
        expect(dialog).to_be_hidden()
        _menu(page).get_by_role("link", name="查询").click()
        expect(page).to_have_url(f"{live_server.url}/permits/query/")
        expect(page.get_by_role("heading", level=1, name="查询")).to_be_visible()
        expect(page.get_by_role("tab")).to_have_count(1)
        expect(page.get_by_role("tab", name="查询")).to_have_attribute("aria-selected", "true")
        expect(page.get_by_role("button", name="选项卡操作")).to_be_hidden()  # needs script
        page.get_by_role("button", name="退出").click()
        expect(page.get_by_role("button", name="登录")).to_be_visible()
    finally:
        context.close()


def test_approver_sees_only_the_review_queues(page, live_server, approver_bj):
    base = live_server.url
    sign_in(page, base, "dora")
    expect(_menu(page).get_by_role("link")).to_have_text(
        ["待受理", "审批中", "补正中", "已办结", "全部"]
    )
    expect(page.get_by_role("tabpanel")).to_contain_text("北京市药品监督管理局")
    _menu(page).get_by_role("link", name="审批中").click()
    expect(page.get_by_role("heading", level=1, name="审批中")).to_be_visible()
    response = page.goto(f"{base}/permits/import/new/")
    assert response is not None and response.status == 404


def test_axe_finds_no_serious_violation(axe_page, live_server, applicant_a, unqualified):
    page, base = axe_page, live_server.url
    page.goto(f"{base}/accounts/login/")
    assert_no_serious_axe_violations(page, "sign-in")
    fill_sign_in(page, "alice", password="wrong")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_no_serious_axe_violations(page, "sign-in with an error")

    fill_sign_in(page, "alice")
    expect(page.get_by_role("tab", name="首页")).to_be_visible()
    assert_no_serious_axe_violations(page, "workspace home")
    menu = _menu(page)
    menu.get_by_role("link", name="进口准许证申请").click()
    menu.get_by_role("link", name="查询").click()
    expect(page.get_by_role("heading", level=1, name="查询")).to_be_visible()
    page.get_by_role("button", name="选项卡操作").click()
    assert_no_serious_axe_violations(page, "workspace with tabs and the tab menu open")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="折叠/展开菜单").click()
    assert_no_serious_axe_violations(page, "workspace with the menu collapsed")
    page.get_by_role("button", name="退出").click()

    fill_sign_in(page, "charlie")
    expect(page.get_by_role("alertdialog")).to_be_visible()
    assert_no_serious_axe_violations(page, "qualification dialog")
