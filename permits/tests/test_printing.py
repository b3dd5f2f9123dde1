"""打印申请表: the context built from a saved application and the PDF made from it."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from permits import printing, services
from reference import index
from testing import factories

IMPORT = {
    "direction": "import",
    "counterparty_name": "Pharma GmbH",
    "counterparty_address": "1 Main St, Berlin",
    "counterparty_country": "DEU",
    "is_agent": False,
    "purpose": "medical",
    "collection_method": "onsite",
    "port_1": "IP01",
    "port_2": "IP03",
    "contact_person": "王敏",
    "contact_phone": "010-12345678",
    "contract_no": "PO-2025-0042",
    "remarks": "含管制药品 <b>注意</b>",
}
EXPORT = {
    "direction": "export",
    "counterparty_name": "Sydney Pharma Pty Ltd",
    "counterparty_address": "200 George St, Sydney",
    "counterparty_country": "AUS",
    "is_agent": False,
    "purpose": "teaching_research",
    "collection_method": "mail",
    "mail_address": "北京市海淀区中关村大街1号",
    "port_1": "上海市",
    "port_2": "北京市",
    "contact_person": "李雷",
    "contact_phone": "13800000000",
    "importing_country_permit_no": "TGA-2025-7788",
}
GOODS = factories.GOODS
SECOND_GOODS = {
    **GOODS,
    "specification": "3ml:300IU/支",
    "quantity": "2.500",
    "manufacturer": "Sanofi-Aventis Deutschland GmbH",
    "origin_country": "USA",
}


@pytest.fixture(autouse=True)
def _fresh_reference_index():
    """The per-process look-up index must not outlive another test's rolled-back data."""
    index.reset()
    yield
    index.reset()


def _application(actor, header, goods=(GOODS, SECOND_GOODS)):
    app = services.application_create(actor=actor, data=header)
    for item in goods:
        services.goods_add(actor=actor, application_id=app.pk, data=item)
    app.refresh_from_db()
    return app


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.django_db
def test_import_form_pdf_shows_the_application(applicant_a):
    app = _application(applicant_a, IMPORT)

    pdf = printing.application_form_pdf(app, printed_on=date(2025, 3, 9))

    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    for expected in [
        "药品进口准许证申请表",
        "（蛋白同化制剂肽类激素）",
        app.application_no,
        "进口单位名称",
        "北京测试医药有限公司",
        "91110108DP0000001D",
        "出口单位名称",
        "Pharma GmbH",
        "1 Main St, Berlin",
        "出口国家/地区",
        "德国",
        "北京市药品监督管理局",
        "进口口岸1",
        "进口口岸2",
        "关区1",
        "北京海关",
        "上海海关",
        "用途",
        "医疗",
        "领取方式",
        "现场领取",
        "是否代理",
        "否",
        "PO-2025-0042",
        "含管制药品 <b>注意</b>",
        "胰岛素",
        "Insulin",
        "注射液",
        "10ml:400IU/支",
        "3ml:300IU/支",
        "Novo Nordisk A/S",
        "Sanofi-Aventis Deutschland GmbH",
        "丹麦",
        "美国",
        "申请单位（盖章）",
        "法定代表人（签字）",
        "本单位承诺",
        "打印日期：2025-03-09",
        "第 1 页 共 1 页",
    ]:
        assert expected in text, expected
    assert "出口口岸1" not in text
    assert "进口国准许证号" not in text


@pytest.mark.django_db
def test_export_form_pdf_uses_export_labels(applicant_a):
    app = _application(applicant_a, EXPORT, goods=(GOODS,))

    text = _text(printing.application_form_pdf(app))

    for expected in [
        "药品出口准许证申请表",
        app.application_no,
        "出口单位名称",
        "北京测试医药有限公司",
        "进口单位名称",
        "Sydney Pharma Pty Ltd",
        "进口单位地址",
        "进口国家/地区",
        "澳大利亚",
        "出口口岸1",
        "上海市",
        "出口口岸2",
        "北京市",
        "进口国准许证号",
        "TGA-2025-7788",
        "领取方式",
        "邮寄",
        "北京市海淀区中关村大街1号",
        "教学、科研",
        "出口期限",
        "出口药物名称",
    ]:
        assert expected in text, expected
    assert "进口口岸1" not in text
    assert "关区1" not in text


@pytest.mark.django_db
def test_context_resolves_codes_and_formats_values(applicant_a, django_assert_num_queries):
    app = _application(
        applicant_a,
        {
            **IMPORT,
            "is_agent": True,
            "principal_uscc": "91330100716105852F",
            "principal_name": "杭州委托医药有限公司",
        },
    )
    app.issue_date = date(2025, 1, 31)
    app.valid_until = date(2026, 1, 30)
    printing.application_form_context(app)  # warm the reference index

    with django_assert_num_queries(1):  # the goods; names come from the in-memory index
        ctx = printing.application_form_context(app, printed_on=date(2025, 2, 1))

    f = {cell["name"]: cell["value"] for row in ctx["rows"] for cell in row}
    assert ctx["is_import"] is True
    assert (ctx["dir"], ctx["other"]) == ("进口", "出口")
    assert ctx["title"] == "药品进口准许证申请表"
    assert f["counterparty_country"] == "德国"
    assert f["approval_department"] == "北京市药品监督管理局"
    assert (f["port_1"], f["port_2"]) == ("北京", "上海")
    assert (f["customs_district_1"], f["customs_district_2"]) == ("北京海关", "上海海关")
    assert (f["purpose"], f["collection_method"]) == ("医疗", "现场领取")
    assert (f["is_agent"], f["principal_name"]) == ("是", "杭州委托医药有限公司")
    assert (f["issue_date"], f["valid_until"]) == ("2025-01-31", "2026-01-30")
    assert ctx["printed_on"] == "2025-02-01"
    goods = [{c["name"]: c["value"] for c in g["cells"]} for g in ctx["goods"]]
    assert [g["seq"] for g in ctx["goods"]] == [1, 2]
    assert [g["quantity"] for g in goods] == ["100", "2.5"]
    assert [g["origin_country"] for g in goods] == ["丹麦", "美国"]
    assert len(ctx["blank_goods_rows"]) == 2  # the form always has room for four items


@pytest.mark.django_db
def test_the_layout_follows_the_field_table(applicant_a):
    """Every field the table prints is on the form, in table order, with its label; a field
    that begins a row (the ports) is never paired with the one before it."""
    from permits.fields import PRINT, header_fields

    app = _application(applicant_a, IMPORT)
    rows = printing.application_form_context(app)["rows"]
    names = [cell["name"] for row in rows for cell in row]
    assert names == [f.name for f in header_fields("import", where=PRINT)]
    assert ["port_1", "customs_district_1"] in [[c["name"] for c in row] for row in rows]
    labels = {cell["name"]: cell["label"] for row in rows for cell in row}
    assert labels["counterparty_name"] == "出口单位名称" and labels["valid_until"] == "进口期限"


@pytest.mark.django_db
def test_four_goods_and_long_texts_stay_readable(applicant_a):
    long_name = "Internationale Pharmazeutische Handelsgesellschaft für Peptidhormone mbH " * 3
    unbroken = "Industriepark-Höchst-Gebäude-D710-Tor-Süd-Zufahrt-über-Leunastraße" * 2
    app = _application(
        applicant_a,
        {
            **IMPORT,
            "counterparty_name": long_name.strip()[:300],
            "counterparty_address": unbroken,
            "remarks": "出口药物退货。" * 40,
        },
        goods=[{**GOODS, "quantity": str(n), "manufacturer": f"厂商{n}号"} for n in (1, 2, 3, 4)],
    )

    pdf = printing.application_form_pdf(app)

    text = _text(pdf).replace("\n", "")
    for n in (1, 2, 3, 4):
        assert f"厂商{n}号" in text
    assert "Leunastraße" in text
    assert "申请单位（盖章）" in text
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert f"共 {pages} 页" in text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("100.000"), "100"),
        (Decimal("2500.500"), "2500.5"),
        (Decimal("0.125"), "0.125"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.000"), "0"),
        ("12", "12"),
        (None, ""),
    ],
)
def test_format_quantity(value, shown):
    assert printing.format_quantity(value) == shown


def test_format_date_uses_local_time(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    assert printing.format_date(datetime(2025, 1, 1, 20, 0, tzinfo=UTC)) == "2025-01-02"
    assert printing.format_date(date(2025, 7, 4)) == "2025-07-04"
    assert printing.format_date(None) == ""
