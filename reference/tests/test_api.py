import pytest
from django.test import Client

from reference import selectors
from reference.api import RefListOut

URL = "/api/v1/reference/"
BASE = {"code", "name", "name_en"}


def get(client, kind, **params):
    return client.get(URL + kind, params)


@pytest.mark.django_db
def test_anonymous_gets_401_json():
    response = get(Client(), "departments")
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.django_db
def test_bearer_token_works(seeded, token_for):
    from accounts.models import User

    user = User.objects.create_user(username="t1", password="x-Passw0rd!", role="customs")
    response = Client().get(URL + "units", **token_for(user))
    assert response.status_code == 200
    assert len(response.json()["items"]) == 10


@pytest.mark.usefixtures("seeded")
class TestLookup:
    def test_unknown_kind_is_json_404(self, api_client):
        response = get(api_client, "planets")
        assert response.status_code == 404
        assert response.json() == {"detail": response.json()["detail"], "errors": []}

    def test_departments_by_initials(self, api_client):
        response = get(api_client, "departments", q="bj")
        assert response.status_code == 200
        items = response.json()["items"]
        assert items[0] == {
            "code": "110000",
            "name": "北京市药品监督管理局",
            "name_en": "Beijing Municipal Medical Products Administration",
        }

    def test_import_ports_carry_their_district(self, api_client):
        items = get(api_client, "import-ports", q="上海").json()["items"]
        assert items == [
            {
                "code": "IP03",
                "name": "上海",
                "name_en": "Shanghai",
                "customs_district": "2200",
                "customs_district_name": "上海海关",
                "customs_district_name_en": "Shanghai Customs",
                "biological_allowed": True,
            }
        ]
        jiangyin = get(api_client, "import-ports", q="jyg").json()["items"][0]
        assert (jiangyin["customs_district"], jiangyin["biological_allowed"]) == ("2300", False)

    @pytest.mark.parametrize(
        ("kind", "q", "extra"),
        [
            ("drugs", "epo", {"category", "biological"}),
            ("hs-codes", "2937121000", {"note"}),
            ("countries", "CHN", {"alpha2"}),
            ("customs-districts", "0100", set()),
            ("export-ports", "110000", set()),
            ("dosage-forms", "01", set()),
            ("units", "01", set()),
        ],
    )
    def test_each_kind_has_its_own_fields(self, api_client, kind, q, extra):
        items = get(api_client, kind, q=q).json()["items"]
        assert items and set(items[0]) == BASE | extra

    @pytest.mark.parametrize("kind", selectors.kinds())
    def test_body_matches_the_documented_schema_and_the_selector(self, api_client, kind):
        for q in ("", "b", "1"):
            response = get(api_client, kind, q=q, limit=500)
            assert response["Content-Type"] == "application/json; charset=utf-8"
            body = response.json()
            RefListOut.model_validate(body)
            assert body["items"] == selectors.lookup(kind, q, 500)

    def test_limit_default_and_bounds(self, api_client):
        assert len(get(api_client, "countries").json()["items"]) == 20
        assert len(get(api_client, "countries", limit=500).json()["items"]) == 249
        assert len(get(api_client, "countries", limit=100000).json()["items"]) == 249
        response = get(api_client, "countries", limit=0)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "limit"

    def test_query_too_long_is_422(self, api_client):
        assert get(api_client, "countries", q="x" * 101).status_code == 422

    def test_one_request_costs_no_reference_queries(
        self, api_client, django_assert_max_num_queries
    ):
        get(api_client, "countries", q="zg")  # builds the index
        with django_assert_max_num_queries(2):  # session + user; nothing for the look-up
            response = get(api_client, "export-ports", q="su")
        assert [i["name"] for i in response.json()["items"][:3]] == ["苏州市", "宿迁市", "宿州市"]


@pytest.mark.django_db
def test_openapi_documents_the_typed_response(api_client):
    schema = Client().get("/api/v1/openapi.json").json()
    op = schema["paths"]["/api/v1/reference/{kind}"]["get"]
    assert {p["name"] for p in op["parameters"]} == {"kind", "q", "limit"}
    assert "customs_district" in schema["components"]["schemas"]["RefItemOut"]["properties"]
