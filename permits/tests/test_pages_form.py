"""The import / export application pages through the test client: labels per direction, field
states, 暂存 / 申报 with every problem at once, stale versions, goods and attachments dialogs,
no-JS picker names, access and SQL counts. Browser behaviour is in e2e/test_application_form.py."""

import re

import pytest
from django.urls import reverse

from conftest import client_for
from permits.models import Application
from permits.services.common import msg_stale
from testing import factories as f
from testing.html import Page, classes

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
IMPORT_POST = {
    "applicant_name_en": "Enterprise A Co., Ltd.",
    "applicant_address_en": "A Road, China",
    "counterparty_name": "Pharma Export GmbH",
    "counterparty_address": "1 Hauptstrasse, Berlin",
    "counterparty_country": "德国",
    "counterparty_country_code": "DEU",
    "approval_department": "北京市药品监督管理局",
    "approval_department_code": "110000",
    "is_agent": "false",
    "purpose": "medical",
    "collection_method": "onsite",
    "port_1": "北京",
    "port_1_code": "IP01",
    "port_2": "",
    "port_2_code": "",
    "contact_person": "王敏",
    "contact_phone": "010-12345678",
}
GOODS_POST = {
    "hs_code": "2937121000",
    "hs_code_code": "2937121000",
    "drug_name": "胰岛素",
    "drug_name_en": "Insulin",
    "dosage_form": "注射液",
    "dosage_form_code": "02",
    "dosage_form_en": "Injection",
    "specification": "10ml:400IU/支",
    "quantity": "100",
    "unit": "支",
    "unit_code": "01",
    "manufacturer": "Novo Nordisk A/S",
    "origin_country": "丹麦",
    "origin_country_code": "DNK",
}


def csrf(client, url: str) -> str:
    return Page(client.get(url)).csrf()


def post(client, url, data, token, **extra):
    return client.post(url, {**data, "csrfmiddlewaretoken": token}, **extra)


def label_for(html: str, field_id: str) -> str:
    return Page(html).label(field_id)


def field(html: str, field_id: str):
    found = Page(html).field(field_id)
    assert found is not None, field_id
    return found


@pytest.fixture
def alice(applicant_a):
    return client_for(applicant_a)


@pytest.fixture
def draft(applicant_a):
    return f.make_application(applicant_a)


# ---- rendering ----


def test_import_form_labels_states_and_legend(alice):
    html = alice.get(reverse("permits:import_new"), **HX).content.decode()
    expected = {
        "import-applicant_name": "进口单位名称",
        "import-counterparty_name": "出口单位名称",
        "import-counterparty_country": "出口国家/地区",
        "import-port_1": "进口口岸1",
        "import-customs_district_1": "关区1",
        "import-valid_until": "进口期限",
        "import-applicant_name_en": "进口单位名称（英文）",
        "import-approval_department": "审批部门",
        "import-is_agent": "是否代理",
        "import-principal_uscc": "委托人统一社会信用代码",
        "import-mail_address": "邮寄地址",
        "import-application_no": "申请单号",
    }
    for fid, text in expected.items():
        assert label_for(html, fid) == text, fid
    assert "进口国准许证号" not in html
    # yellow = required (decided by permits.rules), grey = filled by the system
    for name in ("counterparty_name", "contact_phone", "applicant_name_en"):
        assert classes(field(html, f"import-{name}")) == ["required"], name
    assert "required" in classes(field(html, "import-port_1"))
    assert "required" not in classes(field(html, "import-port_2"))
    for name in (
        "application_no",
        "permit_no",
        "applicant_uscc",
        "applicant_name",
        "customs_district_1",
        "issue_date",
        "valid_until",
    ):
        tag = field(html, f"import-{name}")
        assert "readonly" in classes(tag) and tag.has_attr("readonly"), name
        assert not tag.has_attr("name"), name
    assert "黄色底色：必填" in html and "灰色：系统自动返填" in html
    # prefilled from the registry and the province in the USCC
    assert field(html, "import-applicant_name_en")["value"] == "Enterprise A Co., Ltd."
    assert field(html, "import-approval_department")["value"] == "北京市药品监督管理局"
    assert field(html, "import-applicant_uscc")["value"] == "91110108DP0000001D"
    # the agent's fields wait for 是 (hidden with JS, always there without)
    agent = Page(html).all('[data-show-if="is_agent=true"]')
    assert agent and all("is-off" in classes(tag) for tag in agent)
    # buttons of the manual; print only after the first save
    for text in (">新增<", ">暂存<", ">申报<", ">上传附件<"):
        assert text in html
    assert "打印申请表" not in html
    assert "请先暂存申请单，再上传附件。" in html
    # pickers are comboboxes over a hidden code
    tag = field(html, "import-port_1")
    assert tag["role"] == "combobox" and tag["aria-controls"] == "import-port_1-list"
    assert Page(html).one('input[name="port_1_code"]')["type"] == "hidden"


def test_export_form_labels(alice):
    html = alice.get(reverse("permits:export_new"), **HX).content.decode()
    expected = {
        "export-applicant_name": "出口单位名称",
        "export-counterparty_name": "进口单位名称",
        "export-counterparty_country": "进口国家/地区",
        "export-port_1": "出口口岸1",
        "export-importing_country_permit_no": "进口国准许证号",
        "export-valid_until": "出口期限",
        "export-applicant_address_en": "出口单位地址（英文）",
    }
    for fid, text in expected.items():
        assert label_for(html, fid) == text, fid
    assert "关区1" not in html
    # export ports are typed city names, with the standard list suggested as one types
    port = field(html, "export-port_1")
    assert port["role"] == "combobox" and port.has_attr("data-picker-free")


def test_every_input_has_its_label(alice, draft):
    for url in (
        reverse("permits:import_new"),
        reverse("permits:export_new"),
        reverse("permits:application", args=[draft.id]),
    ):
        page = Page(alice.get(url, **HX))
        for tag in page.fields():
            assert page.label(tag["id"]), tag


def test_new_from_inside_a_tab_gets_its_own_ids(alice):
    """新增 empties a tab while another tab may hold the empty form: ids must not clash."""
    html = alice.get(reverse("permits:import_new") + "?form=0a1b2c", **HX).content.decode()
    assert label_for(html, "import-0a1b2c-port_1") == "进口口岸1"
    page = Page(html)
    assert page.one('input[name="form_key"]')["value"] == "0a1b2c"
    new = page.button("新增")
    assert re.fullmatch(r"/permits/import/new/\?form=[0-9a-f]{6}", new["hx-get"])
    token = csrf(alice, reverse("permits:import_new"))
    response = post(
        alice,
        reverse("permits:import_save"),
        {**IMPORT_POST, "port_1": "", "form_key": "0a1b2c"},
        token,
        **HX,
    )
    assert Page(response).all('[data-focus="import-0a1b2c-port_1"]')
    odd = alice.get(reverse("permits:import_new") + "?form=<x>", **HX).content.decode()
    assert label_for(odd, "import-port_1") == "进口口岸1"


def test_pages_carry_no_inline_script_or_style(alice, draft):
    for url in (
        reverse("permits:import_new"),
        reverse("permits:application", args=[draft.id]),
        reverse("permits:goods_new", args=[draft.id]),
        reverse("permits:attachments", args=[draft.id]),
    ):
        html = alice.get(url).content.decode()
        assert " style=" not in html and "<style" not in html and " on" + "click=" not in html
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), chunk[:80]


# ---- 暂存 ----


def test_save_with_missing_fields_shows_every_problem_and_keeps_the_values(alice):
    url = reverse("permits:import_save")
    token = csrf(alice, reverse("permits:import_new"))
    typed = {
        **IMPORT_POST,
        "counterparty_name": "",
        "contact_phone": "",
        "port_1": "",
        "port_1_code": "",
        "collection_method": "mail",
        "is_agent": "true",
        "principal_uscc": "91310000MA1FL0BF0Y",
        "contact_person": "王敏（未保存）",
    }
    response = post(alice, url, typed, token, **HX)
    assert response.status_code == 422
    html = response.content.decode()
    for message in (
        "必填项，请填写。",
        "领取方式为邮寄时，邮寄地址为必填项。",
        "统一社会信用代码无效",
        "代理申请时，委托企业名称为必填项。",
    ):
        assert message in html, message
    # the summary lists every problem with a link that focuses the field
    summary = html[html.index('class="notice notice-error error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    for fid in (
        "import-counterparty_name",
        "import-contact_phone",
        "import-port_1",
        "import-mail_address",
        "import-principal_uscc",
        "import-principal_name",
    ):
        assert f'data-focus="{fid}"' in summary, fid
        tag = field(html, fid)
        assert tag["aria-invalid"] == "true" and f"{fid}-error1" in tag["aria-describedby"], fid
    assert 'role="alert"' in summary
    # nothing typed is lost, and the agent's fields are shown now
    assert 'value="王敏（未保存）"' in html
    assert 'value="91310000MA1FL0BF0Y"' in html
    assert (
        'data-show-if="is_agent=true"' in html
        and "is-off"
        not in html.split('id="import-principal_uscc"')[0].rsplit('<div class="af-field', 1)[1]
    )
    assert Application.objects.count() == 0


def test_plain_post_without_js_rerenders_the_whole_page(alice):
    token = csrf(alice, reverse("permits:import_new"))
    response = post(
        alice, reverse("permits:import_save"), {**IMPORT_POST, "counterparty_name": ""}, token
    )
    assert response.status_code == 422
    assert 'role="tablist"' in response.content.decode()


def test_first_save_creates_the_application_and_moves_to_its_url(alice, applicant_a):
    token = csrf(alice, reverse("permits:import_new"))
    typed = {**IMPORT_POST, "port_1": "上海", "port_1_code": "IP03"}
    response = post(alice, reverse("permits:import_save"), typed, token)
    app = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("permits:application", args=[app.id])
    assert app.port_1 == "IP03" and app.customs_district_1 == "2200"
    assert app.counterparty_country == "DEU" and app.approval_department_id == "110000"
    page = alice.get(response["Location"], **HX).content.decode()
    assert page.startswith(f'<div class="page" data-page-title="{app.application_no}"')
    assert f'data-page-url="{reverse("permits:application", args=[app.id])}"' in page
    assert "暂存成功。" in page
    assert field(page, f"a{app.id.hex[:8]}-customs_district_1")["value"] == "上海海关"
    assert "打印申请表" in page
    # the history: 时间, 操作人, 操作, 状态变化, 理由/意见
    assert ">新建<" in page and ">暂存<" in page and "状态变化" in page


def test_htmx_save_answers_with_the_saved_page(alice):
    token = csrf(alice, reverse("permits:import_new"))
    response = post(alice, reverse("permits:import_save"), IMPORT_POST, token, **HX)
    app = Application.objects.get()
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<div class="page" data-page-title="{app.application_no}"')
    assert "暂存成功。" in html


def test_without_js_picker_text_is_resolved_by_name_or_code(alice):
    token = csrf(alice, reverse("permits:import_new"))
    typed = {
        **IMPORT_POST,
        "port_1": "上海",
        "port_1_code": "",
        "port_2": "IP01",
        "port_2_code": "",
        "counterparty_country": "德国",
        "counterparty_country_code": "",
        "approval_department": "北京市药品监督管理局",
        "approval_department_code": "",
    }
    assert post(alice, reverse("permits:import_save"), typed, token).status_code == 302
    app = Application.objects.get()
    assert (app.port_1, app.port_2, app.counterparty_country) == ("IP03", "IP01", "DEU")
    assert (app.customs_district_1, app.customs_district_2) == ("2200", "0100")


def test_changed_text_beside_an_old_code_is_judged_by_the_text(alice):
    token = csrf(alice, reverse("permits:import_new"))
    typed = {**IMPORT_POST, "port_1": "xyz", "port_1_code": "IP03"}
    response = post(alice, reverse("permits:import_save"), typed, token, **HX)
    assert response.status_code == 422
    assert "请从指定的药品进口口岸列表中选择。" in response.content.decode()


def test_export_port_as_written_or_with_clickable_suggestions(alice):
    token = csrf(alice, reverse("permits:export_new"))
    data = {k: v for k, v in IMPORT_POST.items() if not k.startswith("port_")}
    data.update(port_1="广洲", port_2="")
    response = post(alice, reverse("permits:export_save"), data, token, **HX)
    assert response.status_code == 422
    page = Page(response)
    assert "您是否要填写“广州市”？" in page
    choices = page.soup.select("button[data-suggest-for='export-port_1']")
    assert [b["data-value"] for b in choices][0] == "广州市"
    data["port_1"] = "广州"
    assert post(alice, reverse("permits:export_save"), data, token).status_code == 302
    assert Application.objects.get().port_1 == "广州市"


def test_update_and_stale_version_keeps_the_values(alice, draft):
    url = reverse("permits:save", args=[draft.id])
    token = csrf(alice, reverse("permits:application", args=[draft.id]))
    typed = {**IMPORT_POST, "contact_person": "赵六", "version": str(draft.version)}
    assert post(alice, url, typed, token).status_code == 302
    draft.refresh_from_db()
    assert draft.contact_person == "赵六" and draft.version == 2
    # the same page sent again (version 1) is stale: 409, values kept, reload offered
    response = post(alice, url, {**typed, "contact_person": "钱七"}, token, **HX)
    assert response.status_code == 409
    html = response.content.decode()
    assert msg_stale() in html and 'value="钱七"' in html
    assert "重新加载" in html
    draft.refresh_from_db()
    assert draft.contact_person == "赵六"


def test_csrf_is_required(alice, draft):
    response = alice.post(reverse("permits:save", args=[draft.id]), IMPORT_POST)
    assert response.status_code == 403
    assert alice.post(reverse("permits:import_save"), IMPORT_POST).status_code == 403


# ---- 申报 ----


def test_submit_lists_goods_and_attachment_problems_with_dialog_links(alice, draft):
    token = csrf(alice, reverse("permits:application", args=[draft.id]))
    data = {**IMPORT_POST, "version": str(draft.version)}
    response = post(alice, reverse("permits:submit", args=[draft.id]), data, token, **HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "请至少添加一项商品信息。" in html and "请上传“申请表（盖章）”。" in html
    assert f'hx-get="{reverse("permits:goods_new", args=[draft.id])}"' in html
    assert f'hx-get="{reverse("permits:attachments", args=[draft.id])}"' in html
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.version == 1  # nothing changed: not saved again


def test_submit_saves_changes_first_then_submits_and_turns_read_only(alice, applicant_a, draft):
    f.add_goods(applicant_a, draft)
    f.fill_attachments(applicant_a, draft)
    token = csrf(alice, reverse("permits:application", args=[draft.id]))
    data = {**IMPORT_POST, "contact_person": "孙八", "version": str(draft.version)}
    response = post(alice, reverse("permits:submit", args=[draft.id]), data, token, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.contact_person == "孙八"
    assert "申报成功" in html and "已申报" in html
    assert 'value="save">暂存<' not in html and 'name="contact_person"' not in html  # read-only
    assert "暂存 → 已申报" in html


def test_submit_from_an_unsaved_page_creates_it_first(alice):
    token = csrf(alice, reverse("permits:import_new"))
    response = post(alice, reverse("permits:import_submit"), IMPORT_POST, token, **HX)
    assert response.status_code == 422
    app = Application.objects.get()
    assert app.status == "draft"
    assert f'data-page-url="{reverse("permits:application", args=[app.id])}"' in (
        response.content.decode()
    )


# ---- access ----


@pytest.mark.parametrize("persona", ["applicant_b", "approver_bj", "customs"])
def test_others_get_404(request, persona, draft):
    client = client_for(request.getfixturevalue(persona))
    for name in (
        "permits:application",
        "permits:goods_new",
        "permits:attachments",
        "permits:print",
    ):
        assert client.get(reverse(name, args=[draft.id])).status_code == 404, name
    token = csrf(client, "/")  # the sign-out form of the workspace carries one
    for name in ("permits:save", "permits:submit", "permits:goods_new"):
        response = post(client, reverse(name, args=[draft.id]), IMPORT_POST, token)
        assert response.status_code == 404, name
    url = reverse("permits:attachment_download", args=[draft.id, "application_form"])
    assert client.get(url).status_code == 404


def test_approver_gets_404_even_for_the_new_form(approver_bj):
    client = client_for(approver_bj)
    assert client.get(reverse("permits:import_new")).status_code == 404
    token = csrf(client, "/")
    assert post(client, reverse("permits:import_save"), IMPORT_POST, token).status_code == 404


def test_anonymous_is_sent_to_sign_in(anon, draft):
    url = reverse("permits:application", args=[draft.id])
    response = anon.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_colleague_sees_the_enterprises_application(colleague_a, draft):
    url = reverse("permits:application", args=[draft.id])
    assert client_for(colleague_a).get(url).status_code == 200


# ---- goods ----


def test_goods_dialog_adds_locks_and_deletes(alice, draft):
    new_url = reverse("permits:goods_new", args=[draft.id])
    token = csrf(alice, reverse("permits:application", args=[draft.id]))
    dialog = alice.get(new_url, **HX).content.decode()
    assert ">保存并新增<" in dialog and ">保存<" in dialog
    assert label_for(dialog, f"a{draft.id.hex[:8]}-g-drug_name") == "进口药物名称"
    assert not field(dialog, f"a{draft.id.hex[:8]}-g-hs_code").has_attr("readonly")
    # 保存并新增: saved, the dialog stays with a copy, the table comes out-of-band
    response = post(alice, new_url, {**GOODS_POST, "action": "save_new"}, token, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "第1项商品已保存。" in html and 'hx-swap-oob="true"' in html
    assert "商品信息（新增第2项）" in html
    p = f"a{draft.id.hex[:8]}-g"
    for name in ("hs_code", "drug_name", "drug_name_en", "dosage_form", "dosage_form_en"):
        tag = field(html, f"{p}-{name}")
        assert tag.has_attr("readonly") and not tag.has_attr("name"), name  # the first item's
    assert field(html, f"{p}-hs_code")["value"] == "2937121000"
    assert field(html, f"{p}-specification")["value"] == "10ml:400IU/支"  # the copy
    # 保存 of the second with a different (ignored) code and an error elsewhere: 422, kept
    bad = {**GOODS_POST, "hs_code": "2937290000", "quantity": "-1", "action": "save"}
    response = post(alice, new_url, bad, token, **HX)
    assert response.status_code == 422
    assert "数量必须大于0。" in response.content.decode()
    assert 'value="-1"' in response.content.decode()
    response = post(alice, new_url, {**bad, "quantity": "5"}, token, **HX)
    assert response.status_code == 200 and "data-dialog-done" in response.content.decode()
    goods = list(draft.goods.order_by("seq"))
    assert [g.hs_code for g in goods] == ["2937121000", "2937121000"]
    # 删除 the checked rows
    response = post(
        alice,
        reverse("permits:goods_delete", args=[draft.id]),
        {"goods_ids": [str(goods[0].id)]},
        token,
        **HX,
    )
    assert response.status_code == 200 and "已删除1项商品。" in response.content.decode()
    assert list(draft.goods.values_list("seq", flat=True)) == [1]
    response = post(alice, reverse("permits:goods_delete", args=[draft.id]), {}, token, **HX)
    assert response.status_code == 422 and "请先勾选要删除的商品。" in response.content.decode()


def test_goods_at_most_four(alice, applicant_a, draft):
    for _ in range(4):
        f.add_goods(applicant_a, draft)
    page = alice.get(reverse("permits:application", args=[draft.id]), **HX).content.decode()
    assert "商品最多只能添加4项。" in page
    assert Page(page).button("新增", within="section.af-goods").has_attr("disabled")
    dialog = alice.get(reverse("permits:goods_new", args=[draft.id]), **HX).content.decode()
    assert "商品最多只能添加4项。" in dialog and "保存并新增" not in dialog


def test_goods_new_on_an_unsaved_page_saves_the_header_first(alice):
    token = csrf(alice, reverse("permits:import_new"))
    response = post(
        alice, reverse("permits:import_save"), {**IMPORT_POST, "then": "goods"}, token, **HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-open" in html and "商品信息（新增第1项）" in html
    app = Application.objects.get()
    plain = post(
        alice,
        reverse("permits:save", args=[app.id]),
        {**IMPORT_POST, "then": "goods", "version": "1"},
        token,
    )
    assert plain["Location"] == reverse("permits:goods_new", args=[app.id])


def test_goods_without_js_are_pages_with_redirects(alice, draft):
    new_url = reverse("permits:goods_new", args=[draft.id])
    token = csrf(alice, reverse("permits:application", args=[draft.id]))
    page = alice.get(new_url).content.decode()
    assert 'role="tablist"' in page and "hx-post" not in page.split("af-goods-form")[1][:300]
    response = post(alice, new_url, {**GOODS_POST, "action": "save_new"}, token)
    goods = draft.goods.get()
    assert response["Location"] == f"{new_url}?copy={goods.id}"
    assert 'value="Novo Nordisk A/S"' in alice.get(response["Location"]).content.decode()
    edit = reverse("permits:goods_edit", args=[draft.id, goods.id])
    response = post(alice, edit, {**GOODS_POST, "quantity": "7", "action": "save"}, token)
    assert response["Location"] == reverse("permits:application", args=[draft.id])
    goods.refresh_from_db()
    assert goods.quantity == 7


# ---- attachments ----


def _upload(client, app, type_, data, token, name="file.pdf", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("permits:attachment_upload", args=[app.id, type_])
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(url, {"file": upload, "csrfmiddlewaretoken": token}, **extra)


def test_attachments_dialog_upload_download_delete(alice, draft):
    token = csrf(alice, reverse("permits:application", args=[draft.id]))
    html = alice.get(reverse("permits:attachments", args=[draft.id]), **HX).content.decode()
    assert "申请表（盖章）" in html and "委托出口函" in html
    assert 'class="is-required"' in html and 'accept="application/pdf"' in html
    response = _upload(alice, draft, "application_form", f.pdf_bytes(), token, "申请表.pdf", **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "申请表.pdf" in html and " KB" in html and ">下载<" in html
    row = html[html.index(f'id="a{draft.id.hex[:8]}-att-application_form"') :]
    row = row[: row.index("</tr>")]
    assert 'type="file"' not in row and ">删除<" in row  # occupied: no 上传
    url = reverse("permits:attachment_download", args=[draft.id, "application_form"])
    download = alice.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment;")
    # errors in the row: not a PDF, encrypted, slot taken
    bad = _upload(alice, draft, "purchase_contract", b"hello", token, **HX)
    assert bad.status_code == 415 and "只能上传PDF文件" in bad.content.decode()
    enc = _upload(alice, draft, "purchase_contract", f.pdf_bytes(password="x"), token, **HX)
    assert enc.status_code == 422 and "已加密" in enc.content.decode()
    taken = _upload(alice, draft, "application_form", f.pdf_bytes(), token, **HX)
    assert taken.status_code == 409 and "请先删除原文件" in taken.content.decode()
    url = reverse("permits:attachment_delete", args=[draft.id, "application_form"])
    response = alice.post(url, {"csrfmiddlewaretoken": token}, **HX)
    assert response.status_code == 200 and "附件已删除。" in response.content.decode()
    assert not draft.attachments.exists()


def test_too_big_upload_is_refused_in_its_row(alice, draft, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    token = csrf(alice, reverse("permits:application", args=[draft.id]))
    response = _upload(alice, draft, "purchase_contract", f.pdf_bytes() + b" " * 2000, token, **HX)
    assert response.status_code == 413
    html = response.content.decode()
    row = html[html.index(f'id="a{draft.id.hex[:8]}-att-purchase_contract"') :]
    assert "文件过大" in row[: row.index("</tr>")]
    assert not draft.attachments.exists()


def test_attachments_without_js(alice, draft):
    token = csrf(alice, reverse("permits:application", args=[draft.id]))
    response = _upload(alice, draft, "application_form", f.pdf_bytes(), token)
    assert response["Location"] == reverse("permits:attachments", args=[draft.id])
    page = alice.get(response["Location"]).content.decode()
    assert 'role="tablist"' in page and "附件已上传" in page


def test_correction_rows_show_the_opinion(alice, applicant_a, approver_bj):
    app = f.correction_required(
        applicant_a,
        approver_bj,
        opinion="请补正营业执照",
        attachments=[{"type": "business_licence", "opinion": "营业执照已过期"}],
    )
    page = alice.get(reverse("permits:application", args=[app.id]), **HX).content.decode()
    assert "审批部门要求补正材料" in page and "请补正营业执照" in page
    assert 'value="save">暂存<' in page  # editable again
    html = alice.get(reverse("permits:attachments", args=[app.id]), **HX).content.decode()
    assert "is-correction" in html and "营业执照已过期" in html


# ---- printing and SQL ----


def test_print_returns_the_pdf_inline(alice, draft):
    response = alice.get(reverse("permits:print", args=[draft.id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline;")


def test_form_page_sql_is_pinned(alice, applicant_a, draft, django_assert_max_num_queries):
    f.add_goods(applicant_a, draft)
    f.add_goods(applicant_a, draft)
    f.fill_attachments(applicant_a, draft, types=["application_form"])
    url = reverse("permits:application", args=[draft.id])
    alice.get(url, **HX)  # warm the reference index (built once per process)
    # session, user, the application (+ department), goods, attachments, history, corrections
    with django_assert_max_num_queries(7):
        assert alice.get(url, **HX).status_code == 200
    with django_assert_max_num_queries(9):  # + the enterprise and the unread count in the top bar
        assert alice.get(url).status_code == 200  # the whole workspace around it
    for name in ("permits:goods_new", "permits:attachments"):
        with django_assert_max_num_queries(7):
            assert alice.get(reverse(name, args=[draft.id]), **HX).status_code == 200
    # session, user, enterprise
    with django_assert_max_num_queries(3):
        assert alice.get(reverse("permits:import_new"), **HX).status_code == 200
