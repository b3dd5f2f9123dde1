"""Browser journeys through the application form: an import from the empty page to 申报 (two
goods, attachments, printing), an export for contract manufacturing with the either/or
attachments, and a keyboard-only pass through the pickers."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import (
    answer,
    assert_no_page_problems,
    assert_no_serious_axe_violations,
    htmx_idle,
    open_menu,
    sign_in,
)
from permits.models import Application
from testing import factories as f

pytestmark = pytest.mark.browser


def _pick(scope, label: str, typed: str, expected: str) -> None:
    """Type into a picker, move to the first match and take it, all by keyboard."""
    field = scope.get_by_label(label, exact=True)
    field.focus()
    field.press("Control+a")
    field.press_sequentially(typed)
    field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value(expected)
    expect(field).to_have_attribute("aria-expanded", "false")


def _pdf(tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(f.pdf_bytes())
    return str(path)


def _upload(dialog, tmp_path, slot_name: str, file_name: str) -> None:
    row = dialog.locator("tr", has=dialog.page.get_by_role("rowheader", name=slot_name, exact=True))
    htmx_idle(dialog.page)
    row.locator('input[type="file"]').set_input_files(_pdf(tmp_path, file_name))
    expect(row).to_contain_text(file_name)
    expect(row.get_by_role("link", name=re.compile("^下载"))).to_be_visible()
    expect(row.locator('input[type="file"]')).to_have_count(0)  # one file per slot


def _goods(dialog, *, spec="10ml:400IU/支", qty="100") -> None:
    _pick(dialog, "商品编码", "29371210", "2937121000")
    _pick(dialog, "进口药物名称", "yds", "胰岛素")
    expect(dialog.get_by_label("进口药物名称(英文)", exact=True)).to_have_value("Insulin")
    _pick(dialog, "剂型", "zsy", "注射液")
    expect(dialog.get_by_label("剂型(英文)", exact=True)).to_have_value("Injection")
    dialog.get_by_label("规格", exact=True).fill(spec)
    dialog.get_by_label("数量", exact=True).fill(qty)
    _pick(dialog, "单位", "zhi", "支")
    dialog.get_by_label("生产厂商", exact=True).fill("Novo Nordisk A/S")
    _pick(dialog, "生产国/地区", "丹麦", "丹麦")


def test_import_for_medical_use_from_empty_form_to_submitted(
    page, live_server, applicant_a, tmp_path
):
    base = live_server.url
    panel = open_menu(page, base, "进口准许证申请")
    # grey and yellow as the manual says; print needs a saved application
    expect(panel.get_by_label("申请单号", exact=True)).to_have_class(re.compile("readonly"))
    expect(panel.get_by_label("出口单位名称", exact=True)).to_have_class(re.compile("required"))
    expect(panel.get_by_role("link", name="打印申请表")).to_have_count(0)
    # 上传附件 before the first 暂存 says so instead of opening the dialog
    panel.get_by_role("button", name="上传附件").click()
    hint = page.get_by_role("alertdialog", name="提示")
    expect(hint).to_contain_text("请先暂存申请单，再上传附件。")
    hint.get_by_role("button", name="确定").click()

    panel.get_by_label("出口单位名称", exact=True).fill("Pharma Export GmbH")
    panel.get_by_label("出口单位地址", exact=True).fill("1 Hauptstrasse, Berlin")
    _pick(panel, "出口国家/地区", "dg", "德国")
    panel.get_by_label("是否代理", exact=True).select_option(label="否")
    panel.get_by_label("用途", exact=True).select_option(label="医疗")
    panel.get_by_label("领取方式", exact=True).select_option(label="现场领取")
    _pick(panel, "进口口岸1", "sh", "上海")
    expect(panel.get_by_label("关区1", exact=True)).to_have_value("上海海关")
    panel.get_by_label("联系人", exact=True).fill("王敏")
    panel.get_by_label("联系电话", exact=True).fill("010-12345678")

    # 商品信息 新增 on the unsaved page saves the header first, then opens the dialog
    panel.get_by_role("button", name="新增", exact=True).last.click()
    dialog = page.get_by_role("dialog", name=re.compile("商品信息"))
    expect(dialog).to_be_visible()
    app = Application.objects.get()
    expect(page.get_by_role("tab", name=app.application_no)).to_have_attribute(
        "aria-selected", "true"
    )
    expect(page).to_have_url(f"{base}/permits/applications/{app.id}/")

    _goods(dialog)
    dialog.get_by_role("button", name="保存并新增").click()
    expect(dialog).to_contain_text("第1项商品已保存。")
    expect(dialog).to_contain_text("新增第2项")
    # the second item: the first item's code, names and dosage form, locked (grey)
    for label, value in (
        ("商品编码", "2937121000"),
        ("进口药物名称", "胰岛素"),
        ("剂型", "注射液"),
        ("剂型(英文)", "Injection"),
    ):
        field = dialog.get_by_label(label, exact=True)
        expect(field).to_have_value(value)
        expect(field).to_have_attribute("readonly", "")
        expect(field).to_have_class(re.compile("readonly"))
    expect(dialog.get_by_label("规格", exact=True)).to_have_value("10ml:400IU/支")  # the copy
    dialog.get_by_label("数量", exact=True).fill("50")
    dialog.get_by_role("button", name="保存", exact=True).click()
    expect(dialog).to_be_hidden()
    goods = panel.locator(".af-goods-table tbody tr")
    expect(goods).to_have_count(2)
    expect(goods.nth(1)).to_contain_text("50")

    # attachments: one PDF per required slot
    panel.get_by_role("link", name="上传附件").click()
    dialog = page.get_by_role("dialog", name=re.compile("上传附件"))
    expect(dialog).to_be_visible()
    for slot in (
        "申请表（盖章）",
        "购货合同或订单",
        "进口药品注册证/医药产品注册证",
        "营业执照",
        "药品经营许可证或药品生产许可证",
    ):
        _upload(dialog, tmp_path, slot, f"{slot[:4]}.pdf")
    dialog.get_by_role("button", name="关闭").click()
    expect(dialog).to_be_hidden()

    # 打印申请表 is the PDF of the saved application
    href = panel.get_by_role("link", name="打印申请表").get_attribute("href")
    pdf = page.request.get(f"{base}{href}")
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    panel.get_by_role("button", name="申报").click()
    expect(panel.get_by_role("status").filter(has_text="申报成功")).to_be_visible()
    expect(panel.locator(".af-status")).to_have_text("已申报")
    expect(panel.get_by_role("button", name="暂存")).to_have_count(0)
    expect(panel.get_by_label("联系人", exact=True)).to_have_attribute("readonly", "")
    expect(panel.locator(".af-history")).to_contain_text("暂存 → 已申报")
    app.refresh_from_db()
    assert app.status == "submitted" and app.goods.count() == 2
    # a reload brings back the tab under its new address, not the empty form it started as
    page.reload()
    expect(page.get_by_role("tab")).to_have_count(2)
    expect(page.get_by_role("tab", name=app.application_no)).to_have_attribute(
        "aria-selected", "true"
    )
    expect(page.get_by_role("tab", name="进口准许证申请")).to_have_count(0)
    assert_no_page_problems(page)


def test_export_for_contract_manufacturing_with_either_or_attachments(
    page, live_server, applicant_a, tmp_path
):
    base = live_server.url
    panel = open_menu(page, base, "出口准许证申请")
    expect(panel.get_by_label("进口国准许证号", exact=True)).to_be_visible()
    mail = panel.get_by_label("邮寄地址", exact=True)
    expect(mail).to_be_hidden()
    panel.get_by_label("进口单位名称", exact=True).fill("Medica Import Ltd.")
    panel.get_by_label("进口单位地址", exact=True).fill("2 King Street, London")
    _pick(panel, "进口国家/地区", "英国", "英国")
    panel.get_by_label("是否代理", exact=True).select_option(label="否")
    panel.get_by_label("用途", exact=True).select_option(label="接受境外企业委托生产")
    panel.get_by_label("领取方式", exact=True).select_option(label="邮寄")
    expect(mail).to_be_visible()  # 邮寄 makes 邮寄地址 appear, yellow
    expect(mail).to_have_class(re.compile("required"))
    mail.fill("北京市海淀区中关村南大街 18 号")
    panel.get_by_label("出口口岸1", exact=True).fill("上海府")  # no standard name
    panel.get_by_label("联系人", exact=True).fill("李强")
    panel.get_by_label("联系电话", exact=True).fill("13800138000")
    panel.get_by_role("button", name="暂存").click()
    expect(panel.get_by_role("alert").first).to_contain_text("您是否要填写“上海市”？")
    expect(panel.get_by_label("进口单位名称", exact=True)).to_have_value("Medica Import Ltd.")
    port = panel.get_by_label("出口口岸1", exact=True)
    expect(port).to_have_attribute("aria-invalid", "true")
    # the nearest standard name is a button: a click fills it and the error goes at once
    panel.locator("button[data-suggest-for='export-port_1']", has_text="上海市").click()
    expect(port).to_have_value("上海市")
    expect(port).not_to_have_attribute("aria-invalid", "true")
    port.fill("广州")  # a city as people write it is taken as the standard name
    panel.get_by_role("button", name="暂存").click()
    expect(panel.get_by_role("status").filter(has_text="暂存成功")).to_be_visible()
    app = Application.objects.get()
    assert app.port_1 == "广州市"
    expect(page).to_have_url(f"{base}/permits/applications/{app.id}/")
    expect(panel.get_by_label("出口口岸1", exact=True)).to_have_value("广州市")

    panel.get_by_role("link", name="新增", exact=True).last.click()
    dialog = page.get_by_role("dialog", name=re.compile("商品信息"))
    _pick(dialog, "商品编码", "2937290000", "2937290000")
    _pick(dialog, "出口药物名称", "bsgt", "丙酸睾酮")
    _pick(dialog, "剂型", "zsy", "注射液")
    dialog.get_by_label("规格", exact=True).fill("1ml:25mg/支")
    dialog.get_by_label("数量", exact=True).fill("1000")
    _pick(dialog, "单位", "zhi", "支")
    dialog.get_by_label("生产厂商", exact=True).fill("北京测试医药有限公司")
    _pick(dialog, "生产国/地区", "zg", "中国")
    dialog.get_by_role("button", name="保存", exact=True).click()
    expect(dialog).to_be_hidden()
    rows = panel.locator(".af-goods-table tbody tr")
    expect(rows).to_have_count(1)
    # a second item, then 删除 of the checked one after 确定删除？
    panel.get_by_role("link", name="新增", exact=True).last.click()
    expect(dialog.get_by_label("出口药物名称", exact=True)).to_have_attribute("readonly", "")
    dialog.get_by_label("规格", exact=True).fill("1ml:50mg/支")
    dialog.get_by_label("数量", exact=True).fill("10")
    _pick(dialog, "单位", "zhi", "支")
    dialog.get_by_label("生产厂商", exact=True).fill("北京测试医药有限公司")
    _pick(dialog, "生产国/地区", "zg", "中国")
    dialog.get_by_role("button", name="保存", exact=True).click()
    expect(rows).to_have_count(2)
    panel.get_by_label("选择第2项").check()
    panel.get_by_role("button", name="删除").click()
    answer(page, "确定删除？", "确定")
    expect(rows).to_have_count(1)
    expect(panel.get_by_role("status").filter(has_text="已删除1项商品。")).to_be_visible()

    panel.get_by_role("link", name="上传附件").click()
    dialog = page.get_by_role("dialog", name=re.compile("上传附件"))
    # a file that is not a PDF is refused in its row
    row = dialog.locator("tr", has=page.get_by_role("rowheader", name="申请表（盖章）"))
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"not a pdf at all")
    htmx_idle(page)
    row.locator('input[type="file"]').set_input_files(str(bad))
    expect(row).to_contain_text("只能上传PDF文件")
    for slot in (
        "申请表（盖章）",
        "外销合同或订单",
        "营业执照",
        "与境外委托方的委托生产合同",
        "该国无需进口准许证的证明",
        "同意进口的证明",
    ):
        _upload(dialog, tmp_path, slot, f"{slot[:5]}.pdf")
    dialog.get_by_role("button", name="关闭").click()

    panel.get_by_role("button", name="申报").click()
    expect(panel.locator(".af-status")).to_have_text("已申报")
    app.refresh_from_db()
    assert app.status == "submitted"
    assert set(app.attachments.values_list("type", flat=True)) >= {
        "no_permit_certificate",
        "import_consent",
    }
    assert not app.attachments.filter(type="import_permit").exists()
    assert_no_page_problems(page)


def test_pickers_by_keyboard_alone(page, live_server, applicant_a):
    panel = open_menu(page, live_server.url, "进口准许证申请")
    port = panel.get_by_label("进口口岸1", exact=True)
    port.focus()
    page.keyboard.press("Space")  # the full list
    listbox = panel.locator("#import-port_1-list")
    expect(port).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_have_count(28)
    page.keyboard.type("sh")
    expect(listbox.get_by_role("option").first).to_contain_text("上海")
    page.keyboard.press("ArrowDown")
    expect(port).to_have_attribute("aria-activedescendant", "import-port_1-list-0")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(port).to_have_value("上海")
    expect(panel.locator("#import-port_1-code")).to_have_value("IP03")
    expect(panel.get_by_label("关区1", exact=True)).to_have_value("上海海关")

    dept = panel.get_by_label("审批部门", exact=True)
    expect(dept).to_have_value("北京市药品监督管理局")  # the applicant's province
    dept.focus()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.press("Space")  # empty field: the full list
    expect(panel.locator("#import-approval_department-list").get_by_role("option")).to_have_count(
        31
    )
    page.keyboard.type("bj")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(dept).to_have_value("北京市药品监督管理局")

    _pick(panel, "出口国家/地区", "dg", "德国")
    expect(panel.locator("#import-counterparty_country-code")).to_have_value("DEU")

    # free typing that matches nothing is not accepted
    port2 = panel.get_by_label("进口口岸2", exact=True)
    port2.focus()
    page.keyboard.type("xyz")
    page.keyboard.press("Tab")
    expect(port2).to_have_attribute("aria-invalid", "true")
    expect(panel.locator("#import-port_2-pickerror")).to_have_text("请从列表中选择，不能随意录入。")
    expect(panel.locator("#import-port_2-code")).to_have_value("")
    # Escape closes an open list; the server refuses the text as well
    port2.focus()
    page.keyboard.press("Space")
    expect(port2).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(port2).to_have_attribute("aria-expanded", "false")
    panel.get_by_role("button", name="暂存").click()
    summary = panel.locator(".error-summary")
    expect(summary).to_contain_text("请从指定的药品进口口岸列表中选择。")
    expect(summary).to_be_focused()
    expect(panel.get_by_label("进口口岸1", exact=True)).to_have_value("上海")  # nothing lost
    summary.get_by_role("link", name="联系人").click()
    expect(panel.get_by_label("联系人", exact=True)).to_be_focused()

    # 新增 asks before throwing away what was typed
    page.keyboard.type("王敏")
    panel.get_by_role("link", name="新增", exact=True).first.click()
    answer(page, "新增将清空这些内容", "取消")
    expect(panel.get_by_label("联系人", exact=True)).to_have_value("王敏")
    panel.get_by_role("link", name="新增", exact=True).first.click()
    answer(page, "新增将清空这些内容", "确定")
    expect(panel.get_by_label("联系人", exact=True)).to_have_value("")
    expect(panel.locator(".error-summary")).to_have_count(0)
    assert_no_page_problems(page)


def test_axe_finds_no_serious_violation_on_the_form_and_dialogs(axe_page, live_server, applicant_a):
    page, base = axe_page, live_server.url
    app = f.make_application(applicant_a)
    f.add_goods(applicant_a, app)
    sign_in(page, base, "alice")
    page.goto(f"{base}/permits/export/new/")
    page.get_by_role("tabpanel").get_by_role("button", name="暂存").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_serious_axe_violations(page, "export form with errors")
    page.goto(f"{base}/permits/applications/{app.id}/")
    panel = page.get_by_role("tabpanel")
    panel.get_by_role("link", name="新增", exact=True).last.click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_no_serious_axe_violations(page, "goods dialog")
    page.keyboard.press("Escape")
    panel.get_by_role("link", name="上传附件").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_no_serious_axe_violations(page, "attachments dialog")
