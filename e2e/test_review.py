"""The approver's journey in the browser: approver_bj signs in, opens 待受理 from the menu, opens
an application from its number, accepts it (opening 受理, then 确认受理, with the keyboard),
approves it and sees the permit number; axe-core on the queue and on the review page with its
decision forms open."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import (
    assert_no_page_problems,
    assert_no_serious_axe_violations,
    htmx_idle,
    sign_in,
)
from permits.models import Application
from testing import factories as f

pytestmark = pytest.mark.browser


def open_queue(page: Page, base: str, name: str = "待受理") -> None:
    sign_in(page, base, "dora")  # approver_bj: 北京市药品监督管理局
    page.get_by_role("navigation", name="业务菜单").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def disclosure(page: Page, name: str):
    """The <summary> of a decision of the open tab's panel."""
    return page.get_by_role("tabpanel").locator("summary", has_text=re.compile(f"^{name}$"))


def test_approver_accepts_then_approves_and_sees_the_permit_number(
    page, live_server, applicant_a, approver_bj
):
    app = f.submitted(applicant_a)
    f.submitted(applicant_a)  # a second row in the queue
    open_queue(page, live_server.url)
    table = page.get_by_role("table", name="待受理：申请单列表")
    expect(table.locator("tbody tr")).to_have_count(2)
    row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=app.application_no)
    )
    expect(row).to_contain_text("剩余 15 个工作日")

    # the number opens the application in a tab of its own
    row.get_by_role("link", name=app.application_no).click()
    expect(page.get_by_role("tab", name=app.application_no)).to_have_attribute(
        "aria-selected", "true"
    )
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("heading", level=1, name="进口准许证申请")).to_be_visible()
    expect(panel.locator(".page-head .badge")).to_have_text("已申报")

    # 受理: open the disclosure with the keyboard, then confirm
    summary = disclosure(page, "受理")
    summary.focus()
    page.keyboard.press("Enter")
    confirm = panel.get_by_role("button", name="确认受理")
    expect(confirm).to_be_visible()
    page.keyboard.press("Tab")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_role("status").filter(has_text="已受理。")).to_be_visible()
    expect(panel.locator(".page-head .badge")).to_have_text("已受理")
    htmx_idle(page)

    # 审批通过 with the dates filled by rule
    disclosure(page, "审批通过").click()
    expect(panel.get_by_label("发证日期")).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))
    panel.get_by_role("button", name="确认审批通过").click()
    expect(panel.locator(".page-head .badge")).to_have_text("审批通过")
    permit_no = Application.objects.get(pk=app.pk).permit_no
    assert permit_no
    expect(panel.locator(".rv-permit-no")).to_have_text(permit_no)
    expect(panel.get_by_role("status").filter(has_text=f"证书编号：{permit_no}")).to_be_visible()
    expect(page.get_by_role("tab", name=app.application_no)).to_have_attribute(
        "aria-selected", "true"
    )
    assert_no_page_problems(page)


def test_a_refusal_is_shown_in_the_form_and_nothing_typed_is_lost(
    page, live_server, applicant_a, approver_bj
):
    app = f.accepted(applicant_a, approver_bj)
    open_queue(page, live_server.url, "审批中")
    page.get_by_role("link", name=app.application_no).click()
    panel = page.get_by_role("tabpanel")
    disclosure(page, "审批通过").click()
    until = panel.get_by_label("进口期限（有效期至）")
    until.fill("2099-12-31")
    panel.get_by_role("button", name="确认审批通过").click()
    alert = panel.get_by_role("alert").filter(has_text="未完成")
    expect(alert).to_be_focused()
    expect(panel.get_by_label("进口期限（有效期至）")).to_have_value("2099-12-31")
    expect(panel.get_by_text("只能缩短，不能延长）。")).to_be_visible()
    assert Application.objects.get(pk=app.pk).status == "accepted"
    assert_no_page_problems(page)


def test_axe_on_the_queue_and_the_review_page(axe_page, live_server, applicant_a, approver_bj):
    f.submitted(applicant_a, direction="export")
    app = f.submitted(applicant_a)
    open_queue(axe_page, live_server.url)
    expect(
        axe_page.get_by_role("table", name="待受理：申请单列表").locator("tbody tr")
    ).to_have_count(2)
    assert_no_serious_axe_violations(axe_page, "queue")
    axe_page.get_by_role("link", name=app.application_no).click()
    panel = axe_page.get_by_role("tabpanel")
    expect(panel.get_by_role("heading", level=1)).to_be_visible()
    disclosure(axe_page, "不予受理").click()
    panel.get_by_role("button", name="确认不予受理").click()  # no reason: refused, in place
    expect(panel.get_by_role("alert").filter(has_text="未完成")).to_be_visible()
    htmx_idle(axe_page)
    for name in ("受理", "补正材料"):  # every decision form open, the refused one included
        disclosure(axe_page, name).click()
    for group in ("申请单信息", "商品信息"):
        panel.locator("details.rv-group > summary", has_text=group).click()
    expect(panel.get_by_label("补正意见：第1项商品：数量")).to_be_visible()
    assert_no_serious_axe_violations(axe_page, "review page")
