import pytest

from reference import models as m
from reference.selectors import lookup

ADMIN_MODELS = [
    "department",
    "customsdistrict",
    "importport",
    "exportport",
    "hscode",
    "drug",
    "dosageform",
    "unit",
    "country",
]


@pytest.fixture
def admin_client(client, seeded):
    from accounts.models import User

    user = User.objects.create_superuser(
        username="root", password="x-Passw0rd!", email="", role="sysadmin"
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_every_table_is_searchable_in_the_admin(admin_client, model):
    response = admin_client.get(f"/admin/reference/{model}/", {"q": "b"})
    assert response.status_code == 200
    assert admin_client.get(f"/admin/reference/{model}/add/").status_code == 200


def test_import_port_form_has_district_and_biological_flag(admin_client):
    html = admin_client.get("/admin/reference/importport/add/").content.decode()
    assert 'name="customs_district"' in html and 'name="biological_allowed"' in html
    assert 'name="pinyin"' not in html  # read-only, shown as text


def test_admin_edit_recomputes_pinyin_and_refreshes_the_index(admin_client, clock):
    assert lookup("dosage-forms", "pj")[0]["name"] == "片剂"
    form = m.DosageForm.objects.get(code="05")
    response = admin_client.post(
        f"/admin/reference/dosageform/{form.pk}/change/",
        {
            "code": "05",
            "name": "素片",
            "name_en": "Plain tablets",
            "note": "",
            "sort_order": 0,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    form.refresh_from_db()
    assert (form.pinyin, form.initials) == ("supian", "sp")
    assert lookup("dosage-forms", "sp")[0]["name"] == "素片"


def test_deactivate_action_refreshes_the_index(admin_client, clock):
    ids = list(m.Unit.objects.filter(code__in=["01", "02"]).values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/reference/unit/", {"action": "deactivate", "_selected_action": ids}
    )
    assert response.status_code == 302
    assert [u["code"] for u in lookup("units", "", 100)][:2] == ["03", "04"]
