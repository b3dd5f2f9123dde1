"""A product is judged by the catalogue substance inside its names (重组人促红素注射液 is 促红素,
a biological product), at goods entry and again at 申报; the API shows what was recognised."""

import pytest

from core.errors import ValidationFailed
from permits import services
from reference.models import Drug
from reference.substances import recognise
from testing import factories as f

BASE = "/api/v1/applications"
EPO = {
    **f.GOODS,
    "hs_code": "3004390000",
    "drug_name": "重组人促红素注射液",
    "drug_name_en": "Erythropoietin Injection",
}


@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize(
    ("zh", "en", "substance"),
    [
        ("重组人促红素注射液", "", "促红素"),
        ("", "Erythropoietin Injection", "促红素"),
        ("", "Recombinant Human Erythropoietin (CHO cell)", "促红素"),
        ("注射用绒促性素", "", "绒促性素"),
        ("甘精胰岛素注射液", "", "甘精胰岛素"),  # the longest name wins over 胰岛素
        ("", "Insulin Glargine Injection", "甘精胰岛素"),
        ("丙酸睾酮注射液", "", "丙酸睾酮"),  # over 睾酮
        ("", "Testosterone Undecanoate Soft Capsules", "十一酸睾酮"),
        ("", "Somatropin for Injection", "生长激素"),
        ("新药X", "HCG 5000 IU", "绒促性素"),  # an alias, as a whole word
    ],
)
def test_the_substance_is_found_inside_the_product_name(zh, en, substance):
    found = recognise(zh, en)
    assert found is not None and found.name == substance


@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize(
    ("zh", "en"),
    [("维生素C片", "Vitamin C Tablets"), ("", "Methyltestosteronex"), ("", ""), ("  ", None)],
)
def test_no_substance_is_none(zh, en):
    assert recognise(zh, en) is None


@pytest.mark.usefixtures("reference_data")
def test_a_latin_name_counts_only_as_a_whole_word():
    found = recognise("", "Methyltestosterone Tablets")
    assert found is not None and found.name == "甲睾酮"


@pytest.mark.django_db
def test_a_biological_product_under_its_market_name_is_refused_at_tianjin(applicant_a):
    tianjin = f.make_application(applicant_a, port_1="IP02")
    with pytest.raises(ValidationFailed) as err:
        f.add_goods(applicant_a, tianjin, **EPO)
    messages = {e.field: str(e.message) for e in err.value.errors}
    assert "北京、上海、广州" in messages["drug_name"] and "天津" in messages["drug_name"]
    shanghai = f.make_application(applicant_a, port_1="IP03")
    item = f.add_goods(applicant_a, shanghai, **EPO)
    assert (item.substance, item.category, item.biological) == ("促红素", "peptide_hormone", True)


@pytest.mark.django_db
def test_submit_judges_the_names_against_todays_catalogue(applicant_a):
    """A product the catalogue did not know at entry is caught at 申报 once it does."""
    app = f.make_application(applicant_a, port_1="IP02")
    f.add_goods(applicant_a, app, **{**EPO, "drug_name": "新型长效制剂", "drug_name_en": "Novaxa"})
    f.fill_attachments(applicant_a, app)
    drug = Drug.objects.get(name="促红素")
    drug.aliases += ";Novaxa"
    drug.save()
    with pytest.raises(ValidationFailed) as err:
        services.application_submit(actor=applicant_a, application_id=app.id)
    assert "port_1" in {e.field for e in err.value.errors}


@pytest.mark.django_db
def test_the_api_shows_what_was_recognised_read_only(anon, applicant_a, token_for):
    auth = token_for(applicant_a)
    app = f.make_application(applicant_a, port_1="IP03")
    body = {**EPO, "substance": "睾酮", "category": "anabolic_agent", "biological": False}
    created = anon.post(f"{BASE}/{app.id}/goods", body, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    item = created.json()
    assert (item["substance"], item["category"], item["biological"]) == (
        "促红素",
        "peptide_hormone",
        True,
    )
    plain = {**f.NON_BIOLOGICAL_GOODS, "drug_name": "维生素C片", "drug_name_en": "Vitamin C"}
    app2 = f.make_application(applicant_a, port_1="IP02")  # an item's names lock the next's
    other = anon.post(f"{BASE}/{app2.id}/goods", plain, content_type="application/json", **auth)
    assert other.status_code == 201, other.content
    assert (other.json()["substance"], other.json()["category"]) == (None, None)
    assert other.json()["biological"] is False
    detail = anon.get(f"{BASE}/{app.id}", **auth).json()
    assert [g["substance"] for g in detail["goods"]] == ["促红素"]
    assert anon.get(f"{BASE}/{app2.id}", **auth).json()["goods"][0]["substance"] is None


@pytest.mark.django_db
def test_tianjin_refusal_through_the_api_names_the_field(anon, applicant_a, token_for):
    auth = token_for(applicant_a)
    app = f.make_application(applicant_a, port_1="IP02")
    refused = anon.post(f"{BASE}/{app.id}/goods", EPO, content_type="application/json", **auth)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "drug_name"
