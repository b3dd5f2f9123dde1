"""The whole cross-role journey in Chromium, two people in two browsers: the applicant submits;
approver_bj asks, in one request, to correct one field (联系电话) and one attachment (营业执照);
the applicant sees exactly those highlighted, corrects both and submits again; the approver
sees the diff, accepts and approves; the applicant downloads the signed permit."""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from conftest import in_fresh_thread
from documents.signing import signing_certificate
from e2e.conftest import answer, assert_no_page_problems, htmx_idle, sign_in
from permits.models import Application
from testing import factories as f
from testing.documents import pdf_text
from testing.tasks import settle

pytestmark = pytest.mark.browser
PHONE_OPINION = "联系电话无法接通，请核对"
LICENCE_OPINION = "营业执照已过期"


def open_application(page: Page, menu: str, number: str) -> None:
    page.get_by_role("navigation", name="业务菜单").get_by_role("link", name=menu).click()
    page.get_by_role("link", name=number).first.click()
    expect(page.get_by_role("tab", name=number)).to_have_attribute("aria-selected", "true")


def decision(page: Page, name: str):
    return page.get_by_role("tabpanel").locator("summary", has_text=re.compile(f"^{name}$"))


def test_submit_correct_resubmit_approve_and_download_the_permit(
    page, other_page, live_server, applicant_a, approver_bj, tmp_path
):
    base = live_server.url
    app = f.draft(applicant_a)
    new_licence = tmp_path / "营业执照-2026.pdf"
    new_licence.write_bytes(f.pdf_bytes(2))

    # the applicant submits
    sign_in(page, base, "alice")
    open_application(page, "查询", app.application_no)
    panel = page.get_by_role("tabpanel")
    panel.get_by_role("button", name="申报").click()
    expect(panel.locator(".page-head .badge")).to_have_text("已申报")

    # the approver asks for a correction of one field and one attachment
    review = other_page
    sign_in(review, base, "dora")
    open_application(review, "待受理", app.application_no)
    decision(review, "补正材料").click()
    rpanel = review.get_by_role("tabpanel")
    rpanel.get_by_label("补正意见：营业执照").fill(LICENCE_OPINION)
    rpanel.locator("details.rv-group summary", has_text="申请单信息").click()
    rpanel.get_by_label("补正意见：联系电话").fill(PHONE_OPINION)
    rpanel.get_by_role("button", name="发出补正通知").click()
    expect(rpanel.locator(".page-head .badge")).to_have_text("补正材料")

    # the applicant sees both highlighted, corrects them and submits again
    page.reload()
    panel = page.get_by_role("tabpanel")
    phone = panel.locator(".af-field.is-flagged")
    expect(phone).to_have_count(1)
    expect(phone).to_contain_text(PHONE_OPINION)
    panel.get_by_label("联系电话").fill("010-88886666")
    panel.get_by_role("button", name="暂存").click()
    expect(panel.get_by_role("status").filter(has_text="暂存成功")).to_be_visible()
    htmx_idle(page)
    panel = page.get_by_role("tabpanel")
    panel.get_by_role("link", name="上传附件").click()
    dialog = page.locator("dialog.af-dialog[open]")
    slot = dialog.get_by_role("row").filter(has=page.get_by_role("rowheader", name="营业执照"))
    expect(slot).to_contain_text(LICENCE_OPINION)
    slot.get_by_role("button", name=re.compile(r"^删除\s*：营业执照$")).click()
    answer(page, "确定删除？", "确定")
    expect(slot).to_contain_text("未上传")
    htmx_idle(page)
    slot.get_by_label(re.compile(r"^上传\s*：营业执照$")).set_input_files(str(new_licence))
    expect(slot).to_contain_text("营业执照-2026.pdf")
    dialog.get_by_role("button", name="关闭").click()
    panel.get_by_role("button", name="申报").click()
    expect(panel.locator(".page-head .badge")).to_have_text("已申报")

    # the approver sees what changed, accepts and approves
    review.reload()
    rpanel = review.get_by_role("tabpanel")
    changes = rpanel.locator("section", has_text="补正后变更")
    expect(changes).to_contain_text("010-88886666")
    expect(changes).to_contain_text("营业执照")
    expect(changes.get_by_text("已要求补正")).to_have_count(2)
    decision(review, "受理").click()
    rpanel.get_by_role("button", name="确认受理").click()
    expect(rpanel.locator(".page-head .badge")).to_have_text("已受理")
    htmx_idle(review)
    decision(review, "审批通过").click()
    rpanel.get_by_role("button", name="确认审批通过").click()
    expect(rpanel.locator(".page-head .badge")).to_have_text("审批通过")
    permit_no = Application.objects.get(pk=app.pk).permit_no
    assert_no_page_problems(review)

    # the applicant downloads the signed permit (from 查询's 查看通知书)
    settle()
    page.get_by_role("tab", name="查询").click()
    page.get_by_role("button", name="查询", exact=True).click()
    link = page.get_by_role("table", name="查询结果").get_by_role("link", name="查看通知书").first
    response = page.request.get(base + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    [signature] = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    status = in_fresh_thread(
        validate_pdf_signature, signature, ValidationContext(trust_roots=[signing_certificate()])
    )
    assert status.intact and status.valid and status.trusted
    text = pdf_text(pdf)
    assert permit_no in text and "药品进口准许证" in text and "010-88886666" not in text
    assert_no_page_problems(page)
