"""Header and goods rules, table-driven through the services (as the API and pages use them)."""

import pytest

from core.errors import ValidationFailed
from permits import services
from testing import factories as f


def _fields(exc) -> dict:
    return {e.field: e.message for e in exc.errors}


HEADER_CASES = [
    # (overrides, field expected to fail, substring of the message or None)
    ({"counterparty_name": ""}, "counterparty_name", "必填"),
    ({"counterparty_address": "  "}, "counterparty_address", "必填"),
    ({"counterparty_country": ""}, "counterparty_country", "必填"),
    ({"counterparty_country": "XXX"}, "counterparty_country", "列表"),
    ({"contact_person": ""}, "contact_person", "必填"),
    ({"contact_phone": ""}, "contact_phone", "必填"),
    ({"contact_phone": "call me"}, "contact_phone", "电话"),
    ({"is_agent": None}, "is_agent", "必填"),
    ({"is_agent": True}, "principal_uscc", "委托人"),
    (
        {"is_agent": True, "principal_uscc": "91310000MA1FL0BF0Y", "principal_name": "X"},
        "principal_uscc",
        "无效",
    ),
    ({"is_agent": True, "principal_uscc": "914403001922038216"}, "principal_name", "委托企业"),
    ({"purpose": ""}, "purpose", "必填"),
    ({"purpose": "fun"}, "purpose", "用途"),
    ({"collection_method": ""}, "collection_method", "必填"),
    ({"collection_method": "mail"}, "mail_address", "邮寄地址"),
    ({"collection_method": "drone"}, "collection_method", "领取方式"),
    ({"approval_department": "310000"}, "approval_department", "北京市药品监督管理局"),
    ({"approval_department": "999999"}, "approval_department", "列表"),
    ({"port_1": ""}, "port_1", "必填"),
    ({"port_1": "IP99"}, "port_1", "口岸"),
    ({"port_2": "IP01"}, "port_2", "不能与"),
    ({"applicant_name_en": "北京公司"}, "applicant_name_en", "英文"),
    ({"applicant_address_en": "Road\x07"}, "applicant_address_en", "英文"),
    ({"remarks": "x" * 1001}, "remarks", "1000"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field", "text"), HEADER_CASES)
def test_header_rule(applicant_a, overrides, field, text):
    with pytest.raises(ValidationFailed) as err:
        f.make_application(applicant_a, **overrides)
    fields = _fields(err.value)
    assert field in fields, fields
    if text:
        assert text in fields[field]


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(applicant_a):
    with pytest.raises(ValidationFailed) as err:
        services.application_create(actor=applicant_a, data={"direction": "import"})
    fields = set(_fields(err.value))
    assert {
        "counterparty_name",
        "counterparty_address",
        "counterparty_country",
        "is_agent",
        "purpose",
        "collection_method",
        "port_1",
        "contact_person",
        "contact_phone",
    } <= fields


@pytest.mark.django_db
def test_defaults_and_derived_fields(applicant_a):
    app = f.make_application(applicant_a, port_1="IP03", port_2="IP01")
    assert app.approval_department_id == "110000"  # the applicant's province
    assert app.applicant_name_en == applicant_a.enterprise.name_en  # prefilled
    assert (app.customs_district_1, app.customs_district_2) == ("2200", "0100")


@pytest.mark.django_db
def test_picker_values_may_be_given_by_name(applicant_a):
    app = f.make_application(applicant_a, port_1="上海", counterparty_country="德国")
    assert app.port_1 == "IP03" and app.counterparty_country == "DEU"


@pytest.mark.django_db
def test_agent_fields_cleared_when_not_agent(applicant_a):
    app = f.make_application(applicant_a, is_agent=False, principal_uscc="914403001922038216")
    assert app.principal_uscc == ""


@pytest.mark.django_db
def test_valid_agent(applicant_a):
    app = f.make_application(
        applicant_a, is_agent=True, principal_uscc="914403001922038216", principal_name="委托方"
    )
    assert app.is_agent is True


EXPORT_PORT_CASES = [
    ("上海市", "上海市"),
    ("上海", "上海市"),  # without its suffix: taken as that city
    ("广州", "广州市"),
    ("延边", "延边朝鲜族自治州"),
    ("延边州", "延边朝鲜族自治州"),
    ("大兴安岭", "大兴安岭地区"),
    ("锡林郭勒", "锡林郭勒盟"),
    ("Shanghai", "上海市"),  # the English name the English pages show
]


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "stored"), EXPORT_PORT_CASES)
def test_export_ports_are_taken_as_people_write_them(applicant_a, typed, stored):
    app = f.make_application(applicant_a, direction="export", port_1=typed)
    assert app.port_1 == stored and app.customs_district_1 == ""


@pytest.mark.django_db
@pytest.mark.parametrize(("typed", "suggestion"), [("广洲", "广州市"), ("火星市", None)])
def test_an_export_port_matching_no_city_is_refused(applicant_a, typed, suggestion):
    with pytest.raises(ValidationFailed) as err:
        f.make_application(applicant_a, direction="export", port_1=typed)
    message = _fields(err.value)["port_1"]
    assert "标准城市名称" in message
    if suggestion:
        assert suggestion in message


@pytest.mark.django_db
def test_export_port_2_differs(applicant_a):
    with pytest.raises(ValidationFailed) as err:
        f.make_application(applicant_a, direction="export", port_1="上海市", port_2="上海市")
    assert "port_2" in _fields(err.value)


GOODS_CASES = [
    ({"hs_code": ""}, "hs_code"),
    ({"hs_code": "12345"}, "hs_code"),
    ({"hs_code": "9999999999"}, "hs_code"),
    ({"drug_name": ""}, "drug_name"),
    ({"drug_name_en": "胰岛素"}, "drug_name_en"),
    ({"dosage_form": "气雾剂X"}, "dosage_form"),
    ({"specification": ""}, "specification"),
    ({"quantity": "0"}, "quantity"),
    ({"quantity": "-1"}, "quantity"),
    ({"quantity": "1.2345"}, "quantity"),
    ({"quantity": "abc"}, "quantity"),
    ({"quantity": "NaN"}, "quantity"),
    ({"unit": "吨X"}, "unit"),
    ({"manufacturer": ""}, "manufacturer"),
    ({"origin_country": "ZZZ"}, "origin_country"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), GOODS_CASES)
def test_goods_rule(applicant_a, overrides, field):
    app = f.make_application(applicant_a)
    with pytest.raises(ValidationFailed) as err:
        f.add_goods(applicant_a, app, **overrides)
    assert field in _fields(err.value)


@pytest.mark.django_db
def test_quantity_with_three_decimals_is_kept(applicant_a):
    app = f.make_application(applicant_a)
    goods = f.add_goods(applicant_a, app, quantity="12.125")
    assert str(goods.quantity) == "12.125"


@pytest.mark.django_db
def test_locked_fields_come_from_the_first_item(applicant_a):
    app = f.make_application(applicant_a)
    f.add_goods(applicant_a, app)
    second = f.add_goods(
        applicant_a,
        app,
        hs_code="2937290000",
        drug_name="睾酮",
        drug_name_en="Testosterone",
        dosage_form="片剂",
        dosage_form_en="Tablets",
        specification="5ml",
        quantity="3",
    )
    assert (second.hs_code, second.drug_name, second.dosage_form) == (
        "2937121000",
        "胰岛素",
        "注射液",
    )
    assert second.specification == "5ml" and second.seq == 2


@pytest.mark.django_db
def test_at_most_four_goods(applicant_a):
    app = f.make_application(applicant_a)
    for _ in range(4):
        f.add_goods(applicant_a, app)
    with pytest.raises(ValidationFailed) as err:
        f.add_goods(applicant_a, app)
    assert "goods" in _fields(err.value)


@pytest.mark.django_db
def test_biological_drug_only_through_beijing_shanghai_guangzhou(applicant_a):
    tianjin = f.make_application(applicant_a, port_1="IP02")
    with pytest.raises(ValidationFailed) as err:
        f.add_goods(applicant_a, tianjin)  # insulin is a biological product
    assert "北京、上海、广州" in _fields(err.value)["drug_name"]
    f.add_goods(applicant_a, tianjin, **{k: v for k, v in f.NON_BIOLOGICAL_GOODS.items()})
    beijing = f.make_application(applicant_a, port_1="IP01")
    f.add_goods(applicant_a, beijing)
    with pytest.raises(ValidationFailed) as err:
        services.application_update(
            actor=applicant_a,
            application_id=beijing.id,
            version=beijing.version,
            data={**f.IMPORT_HEADER, "port_2": "IP02"},
        )
    assert "port_2" in _fields(err.value)


@pytest.mark.django_db
def test_goods_delete_renumbers(applicant_a):
    app = f.make_application(applicant_a)
    items = [f.add_goods(applicant_a, app) for _ in range(3)]
    services.goods_delete(actor=applicant_a, application_id=app.id, goods_ids=[items[0].id])
    assert list(app.goods.order_by("seq").values_list("seq", flat=True)) == [1, 2]
