import pytest

from reference import models as m
from reference import selectors

pytestmark = pytest.mark.usefixtures("seeded")


def test_kinds_are_the_api_kinds():
    assert selectors.kinds() == [
        "departments",
        "import-ports",
        "customs-districts",
        "export-ports",
        "hs-codes",
        "drugs",
        "dosage-forms",
        "countries",
        "units",
    ]


def test_get_item_and_is_valid_code():
    assert selectors.get_item("departments", "310000")["name"] == "上海市药品监督管理局"
    assert selectors.get_item("departments", "999999") is None
    assert selectors.is_valid_code("hs-codes", "2937121000")
    assert not selectors.is_valid_code("hs-codes", "2937121001")
    assert not selectors.is_valid_code("units", None)
    with pytest.raises(selectors.UnknownKind):
        selectors.is_valid_code("planets", "x")


def test_inactive_rows_are_invalid_but_still_have_a_label():
    unit = m.Unit.objects.get(code="01")
    unit.active = False
    unit.save()
    assert not selectors.is_valid_code("units", "01")
    assert selectors.get_item("units", "01") is None
    assert selectors.get_item("units", "01", include_inactive=True)["name"] == "支"
    assert selectors.label("units", "01") == "支"
    assert selectors.label("units", "zz") == "zz"


def test_items_handed_out_are_copies():
    selectors.get_item("units", "07")["name"] = "changed"
    selectors.lookup("units", "kg")[0]["name"] = "changed"
    assert selectors.get_item("units", "07")["name"] == "千克"


def test_import_port_fills_the_district():
    port = selectors.import_port("IP20")
    assert port["name"] == "苏州工业园区"
    assert (port["customs_district"], port["customs_district_name"]) == ("2300", "南京海关")
    assert selectors.import_port("nope") is None


def test_biological_products_only_at_beijing_shanghai_guangzhou():
    assert [p["name"] for p in selectors.import_ports_for(biological=True)] == [
        "北京",
        "上海",
        "广州",
    ]
    assert len(selectors.import_ports_for(biological=False)) == 28


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("北京市", "北京市"),
        ("北京", "北京市"),
        (" 苏州 ", "苏州市"),
        ("苏洲", "苏州市"),
        ("素州", "苏州市"),
        ("哈尔宾", "哈尔滨市"),
        ("shanghai", "上海市"),
        ("Urumqi", "乌鲁木齐市"),
        ("chongqin", "重庆市"),
        ("延边", "延边朝鲜族自治州"),
    ],
)
def test_export_port_suggestion(typed, standard):
    assert selectors.export_port_suggestion(typed)["name"] == standard


@pytest.mark.parametrize("typed", ["", "   ", "xyzxyz", "火星基地"])
def test_export_port_suggestion_none_when_nothing_is_close(typed):
    assert selectors.export_port_suggestion(typed) is None


def test_export_port_by_name_takes_the_standard_name_or_its_short_form():
    assert selectors.export_port_by_name("苏州市")["code"] == "320500"
    assert selectors.export_port_by_name("苏州")["name"] == "苏州市"
    assert selectors.export_port_by_name("宿州")["name"] == "宿州市"
    assert selectors.export_port_by_name("Suzhou (Jiangsu)")["name"] == "苏州市"
    assert selectors.export_port_by_name("Suzhou") is None  # two cities
    assert selectors.export_port_by_name("苏州府") is None
