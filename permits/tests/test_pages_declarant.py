"""What a declarant sees before a rule bites: the substance recognised as the drug names are
typed, the export either/or rule above its rows, the copy's origin, 已暂存 after a refused
申报, no fifth item offered, grey fields out of the Tab order, 新增 in a new tab, and the
English pages naming reference values in English."""

import pytest
from django.urls import reverse

from conftest import client_for
from permits.models import Application
from permits.rules.attachments import MSG_WAY_NO_PERMIT, MSG_WAY_PERMIT
from permits.tests.test_pages_form import IMPORT_POST
from permits.web.form import MSG_SAVED_NOT_SUBMITTED
from testing import factories as f
from testing.html import Page

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def alice(applicant_a):
    return client_for(applicant_a)


def _substance(client, app, zh, en=""):
    url = reverse("permits:goods_substance", args=[app.id])
    return Page(client.get(url, {"drug_name": zh, "drug_name_en": en}, **HX))


def test_the_goods_dialog_names_the_substance_as_it_is_typed(alice, applicant_a):
    app = f.make_application(applicant_a, port_1="IP03")
    found = _substance(alice, app, "重组人促红素注射液")
    assert "识别为目录物质：促红素（肽类激素）" in found
    assert "生物制品：只能从北京、上海、广州口岸进口" in found
    english = _substance(alice, app, "", "Testosterone Propionate Injection")
    assert "丙酸睾酮（蛋白同化制剂）" in english and "生物制品" not in english
    missing = _substance(alice, app, "维生素C片")
    assert "未识别出兴奋剂目录中的物质" in missing and "仍可保存" in missing
    assert _substance(alice, app, "").text().strip() == ""


def test_the_substance_line_is_the_applicants_own(applicant_b, applicant_a):
    app = f.make_application(applicant_a)
    url = reverse("permits:goods_substance", args=[app.id])
    assert client_for(applicant_b).get(url, {"drug_name": "胰岛素"}).status_code == 404


def test_the_fourth_item_offers_no_fifth(alice, applicant_a):
    app = f.make_application(applicant_a)
    for _ in range(3):
        f.add_goods(applicant_a, app)
    html = alice.get(reverse("permits:goods_new", args=[app.id]), **HX).content.decode()
    assert "新增第4项" in html and "保存并新增" not in html
    f.add_goods(applicant_a, app)
    page = alice.get(reverse("permits:application", args=[app.id])).content.decode()
    assert "新增第5项" not in page


def test_the_export_dialog_explains_the_either_or_rule(alice, applicant_a):
    app = f.make_application(applicant_a, direction="export")
    url = reverse("permits:attachments", args=[app.id])
    before = Page(alice.get(url, **HX))
    assert str(MSG_WAY_PERMIT) in before and str(MSG_WAY_NO_PERMIT) in before
    assert len(before.all(".af-either-mark")) == 4 and not before.all(".af-ways .is-met")
    f.fill_attachments(applicant_a, app, ["no_permit_certificate", "import_consent"])
    after = Page(alice.get(url, **HX))
    assert "二选一的附件：已齐全" in after
    met = after.all(".af-ways li.is-met")
    assert [li.get_text(strip=True) for li in met] == [str(MSG_WAY_NO_PERMIT)]
    imported = f.make_application(applicant_a)
    url = reverse("permits:attachments", args=[imported.id])
    assert "二选一" not in Page(alice.get(url, **HX))


def test_a_copy_says_where_it_came_from_and_that_files_were_left(alice, applicant_a):
    source = f.draft(applicant_a)
    token = Page(alice.get(reverse("permits:query"))).csrf()
    response = alice.post(
        reverse("permits:query_copy"),
        {"ids": [source.id], "csrfmiddlewaretoken": token},
        **HX,
    )
    copy = Application.objects.exclude(pk=source.pk).get()
    assert copy.copied_from_no == source.application_no
    assert f"新申请单 {copy.application_no} 已暂存（附件未复制）" in Page(response)
    page = Page(alice.get(reverse("permits:application", args=[copy.id])))
    assert f"本申请单复制自 {source.application_no}，附件未复制" in page
    f.fill_attachments(applicant_a, copy, ["application_form"])
    again = Page(alice.get(reverse("permits:application", args=[copy.id])))
    assert "本申请单复制自" not in again  # once files are there the note has done its work


def test_a_refused_submit_that_saved_says_so(alice, applicant_a):
    app = f.make_application(applicant_a)  # no goods: 申报 is refused
    token = Page(alice.get(reverse("permits:application", args=[app.id]))).csrf()
    data = {**IMPORT_POST, "contact_person": "赵六", "version": str(app.version)}
    data["csrfmiddlewaretoken"] = token
    response = alice.post(reverse("permits:submit", args=[app.id]), data, **HX)
    assert response.status_code == 422
    assert str(MSG_SAVED_NOT_SUBMITTED) in Page(response)
    app.refresh_from_db()
    assert app.contact_person == "赵六" and app.status == "draft"


def test_grey_fields_are_out_of_the_tab_order_and_new_opens_a_tab(alice, applicant_a):
    app = f.make_application(applicant_a)
    page = Page(alice.get(reverse("permits:application", args=[app.id])))
    grey = page.all("input.readonly")
    assert grey and all(i.get("tabindex") == "-1" for i in grey)
    new = [a for a in page.all("a.btn") if a.get_text(strip=True) == "新增"][0]
    assert new.has_attr("data-tab") and "hx-get" not in new.attrs


def test_the_english_form_names_reference_values_in_english(alice, applicant_a):
    app = f.make_application(applicant_a, port_1="IP03")
    f.add_goods(applicant_a, app)
    alice.cookies["django_language"] = "en"
    page = Page(alice.get(reverse("permits:application", args=[app.id]), **HX))
    shown = {
        name: page.one(f"input[id$='-{name}']:not([type=hidden])")["value"]
        for name in (
            "port_1",
            "customs_district_1",
            "counterparty_country",
            "approval_department",
        )
    }
    assert shown == {
        "port_1": "Shanghai",
        "customs_district_1": "Shanghai Customs",
        "counterparty_country": "Germany",
        "approval_department": "Beijing Municipal Medical Products Administration",
    }
    goods = page.one(".af-goods-table tbody").get_text(" ")
    assert "Injection" in goods and "Denmark" in goods and "Piece" in goods
    assert "注射液" not in goods and "支" not in goods.replace("10ml:400IU/支", "")


def _numbers(response) -> list[str]:
    links = Page(response).all("table a[data-tab][data-tab-title]")
    return sorted(a["data-tab-title"] for a in links if a["data-tab-title"][:1] in "IE")


def test_the_application_number_matches_any_part_from_four_characters(
    alice, applicant_a, anon, token_for
):
    apps = [f.make_application(applicant_a) for _ in range(3)]
    wanted = apps[1].application_no
    query = reverse("permits:query")
    assert _numbers(alice.get(query, {"application_no": wanted[-4:]})) == [wanted]
    assert _numbers(alice.get(query, {"application_no": wanted[-9:-4]})) == sorted(
        a.application_no for a in apps
    )
    assert _numbers(alice.get(query, {"application_no": "I2026"})) == sorted(
        a.application_no for a in apps
    )
    assert _numbers(alice.get(query, {"application_no": wanted[-3:]})) == []  # a prefix, then
    found = anon.get(
        "/api/v1/applications", {"application_no": wanted[-4:]}, **token_for(applicant_a)
    )
    assert [i["application_no"] for i in found.json()["items"]] == [wanted]


def test_query_rows_name_each_drug_once_and_tell_draft_from_withdrawn(alice, applicant_a):
    app = f.make_application(applicant_a)
    f.add_goods(applicant_a, app)
    f.add_goods(applicant_a, app)
    f.withdrawn(applicant_a)
    page = Page(alice.get(reverse("permits:query")))
    row = [r for r in page.all("tbody tr") if app.application_no in r.get_text()][0]
    assert row.get_text(" ").count("胰岛素") == 1
    badges = {b["data-status"]: b["class"] for b in page.all(".badge[data-status]")}
    assert badges["draft"] != badges["withdrawn"]
