"""The customs journey in Chromium: the officer scans the QR code of the permit (its URL typed
into the customs page as a keyboard-wedge scanner does), writes the permit off with the
confirmation, and the public page opened from that URL says 已核销, readable at phone width."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_no_page_problems, htmx_idle, sign_in
from permits.models import Notice
from testing import factories as f
from testing.documents import stored_bytes
from testing.qr import qr_texts
from testing.tasks import settle

pytestmark = pytest.mark.browser
DECLARATION = "220120261234567890"


def test_scan_write_off_and_the_public_page(
    page, browser, live_server, applicant_a, approver_bj, customs
):
    permit = f.approved(applicant_a, approver_bj)
    settle()
    notice = Notice.objects.get(application=permit, kind="approval")
    [url] = qr_texts(stored_bytes(notice.storage_name), page=2)
    assert permit.permit_no in url and "code=" in url

    sign_in(page, live_server.url, "frank")
    page.get_by_role("navigation", name="业务菜单").get_by_role("link", name="核查核销").click()
    field = page.get_by_label("证书编号或核验链接")
    field.click()
    page.keyboard.type(url)  # a scanner types the link and presses Enter
    page.keyboard.press("Enter")
    expect(page.get_by_text("核验码正确")).to_be_visible()
    expect(page.get_by_text("该准许证当前可用，可以核销。")).to_be_visible()
    htmx_idle(page)  # the swapped-in page is settled before anything is typed into it
    declaration = page.get_by_label("报关单号（18位数字）")
    declaration.fill(DECLARATION)
    expect(declaration).to_have_value(DECLARATION)
    page.locator("details.confirm summary").click()
    page.get_by_role("button", name="确认核销").click()
    expect(page.get_by_text(f"准许证 {permit.permit_no} 已核销")).to_be_visible()
    expect(page.get_by_text("已核销（一证一关，只能使用一次）")).to_be_visible()
    assert_no_page_problems(page)

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    public = phone.new_page()
    parts = urlsplit(url)
    public.goto(f"{live_server.url}{parts.path}?{parts.query}")
    expect(public.get_by_text("已核销").first).to_be_visible()
    expect(public.get_by_text("北京测试医药有限公司")).to_be_visible()
    width = public.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # no sideways scrolling on a phone
    phone.close()
