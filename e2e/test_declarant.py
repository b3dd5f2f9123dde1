"""The declarant's pass through the form: type + Enter picks (no ↓), a click opens a list, the
list of the last field of the goods dialog is whole and on screen, the export either/or rule
explained and ticked off, and the English pages naming reference values in English at 1366 px."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import assert_no_page_problems, fill_sign_in, htmx_idle, open_menu, sign_in
from testing import factories as f

pytestmark = pytest.mark.browser


def test_type_and_enter_takes_the_first_match(page, live_server, applicant_a):
    panel = open_menu(page, live_server.url, "进口准许证申请")
    port = panel.get_by_label("进口口岸1", exact=True)
    port.focus()
    page.keyboard.type("sh")
    options = panel.locator("#import-port_1-list").get_by_role("option")
    expect(options.first).to_contain_text("上海")
    expect(options.first).to_contain_text("上海海关")  # the district, not an internal code
    expect(options.first).not_to_contain_text("IP03")
    page.keyboard.press("Enter")  # nothing highlighted: the first match
    expect(port).to_have_value("上海")
    expect(panel.locator("#import-port_1-code")).to_have_value("IP03")
    expect(panel.get_by_label("关区1", exact=True)).to_have_value("上海海关")
    expect(port).to_have_attribute("aria-expanded", "false")

    country = panel.get_by_label("出口国家/地区", exact=True)
    country.focus()
    page.keyboard.type("dg")
    page.keyboard.press("Enter")
    expect(country).to_have_value("德国")
    assert_no_page_problems(page)


def test_a_click_opens_the_list_and_the_last_list_of_the_dialog_is_whole(
    page, live_server, applicant_a
):
    app = f.make_application(applicant_a)
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/permits/applications/{app.id}/")
    panel = page.get_by_role("tabpanel")
    panel.get_by_role("link", name="新增", exact=True).last.click()
    dialog = page.get_by_role("dialog", name=re.compile("商品信息"))
    expect(dialog).to_be_visible()
    htmx_idle(page)
    hs = dialog.get_by_label("商品编码", exact=True)
    hs.click()  # "鼠标点击…显示出所有商品编码"
    expect(hs).to_have_attribute("aria-expanded", "true")
    expect(dialog.locator('[id$="-g-hs_code-list"] [role="option"]').first).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_visible()  # Escape closed the list, not the dialog

    country = dialog.get_by_label("生产国/地区", exact=True)  # the last field of the dialog
    country.click()
    page.keyboard.type("d")
    options = dialog.locator('[id$="-g-origin_country-list"] [role="option"]')
    expect(options.first).to_be_visible()
    for _ in range(6):
        page.keyboard.press("ArrowDown")
    active = dialog.locator('[id$="-g-origin_country-list"] [role="option"].is-active')
    expect(active).to_have_count(1)
    # The active option is on screen and on top: nothing clips or covers it.
    on_top = active.evaluate(
        """li => {
          const r = li.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return r.bottom <= innerHeight && r.top >= 0 && li.contains(hit);
        }"""
    )
    assert on_top
    body = dialog.locator(".dialog-body").first
    assert body.evaluate("b => b.scrollLeft") == 0
    assert dialog.evaluate("d => d.scrollLeft") == 0
    page.keyboard.press("Enter")
    expect(country).not_to_have_value("d")
    assert_no_page_problems(page)


def test_the_export_either_or_rule_is_explained_and_ticked_off(
    page, live_server, applicant_a, tmp_path
):
    app = f.make_application(applicant_a, direction="export")
    sign_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/permits/applications/{app.id}/")
    page.get_by_role("tabpanel").get_by_role("link", name="上传附件").click()
    dialog = page.get_by_role("dialog", name=re.compile("上传附件"))
    hint = dialog.locator(".af-either")
    expect(hint).to_contain_text("按以下两种方式之一上传")
    expect(hint).to_contain_text("进口准许证")
    expect(dialog.locator(".af-either-mark")).to_have_count(4)
    row = dialog.locator(
        "tr", has=page.get_by_role("rowheader", name="进口国家或地区药品管理机构出具的进口准许证")
    )
    pdf = tmp_path / "permit.pdf"
    pdf.write_bytes(f.pdf_bytes())
    htmx_idle(page)
    row.locator('input[type="file"]').set_input_files(str(pdf))
    expect(row).to_contain_text("permit.pdf")
    expect(dialog.locator(".af-either")).to_contain_text("二选一的附件：已齐全")
    expect(dialog.locator(".af-ways li.is-met")).to_have_count(1)
    assert_no_page_problems(page)


def test_the_english_pages_name_reference_values_in_english_and_fit(page, live_server, applicant_a):
    app = f.make_application(applicant_a, port_1="IP03")
    f.add_goods(applicant_a, app)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="English").click()
    fill_sign_in(page, "alice", lang="en")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Search").click()
    panel = page.get_by_role("tabpanel")
    table = panel.get_by_role("table").first
    expect(table).to_contain_text("Beijing Municipal Medical Products Administration")
    wrap = table.locator("xpath=..")
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth + 1"), "the table scrolls sideways"

    panel.get_by_role("link", name=app.application_no).click()
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_label("Import port 1", exact=True)).to_have_value("Shanghai")
    expect(panel.get_by_label("Customs district 1", exact=True)).to_have_value("Shanghai Customs")
    goods = panel.locator(".af-goods-table")
    expect(goods).to_contain_text("Denmark")
    expect(goods).to_contain_text("Piece")
    assert goods.locator("xpath=..").evaluate("w => w.scrollWidth <= w.clientWidth + 1")

    panel.get_by_role("link", name="Attachments").click()
    dialog = page.locator("dialog.af-dialog[open]")
    wrap = dialog.locator(".af-table-wrap")
    expect(wrap).to_contain_text("Business licence")
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth + 1"), "attachments scroll"
    dialog.get_by_role("button", name="Close").click()

    port = panel.get_by_label("Import port 1", exact=True)
    port.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("guang")
    first = panel.locator('[id$="-port_1-list"] [role="option"]').first
    expect(first).to_contain_text("Guangzhou")
    expect(first).to_contain_text("Customs")
    page.keyboard.press("Enter")
    expect(port).to_have_value(re.compile("^Guangzhou"))
    assert_no_page_problems(page)
