"""The customs page: typed numbers and scanned verification links (the code checked), the
permit usable or not in words, the write-off with its confirmation, refusals in place, the
officer's recent write-offs; 404 for every other role."""

import pytest
from django.urls import reverse

from conftest import client_for
from permits.models import WriteOff
from permits.verification import verification_url
from testing import factories as f
from testing.html import Page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]
CHECK = "/customs/"


@pytest.fixture
def officer(customs):
    return client_for(customs)


@pytest.fixture
def permit(applicant_a, approver_bj):
    return f.approved(applicant_a, approver_bj)


def test_a_scanned_link_finds_the_permit_and_checks_its_code(officer, permit):
    page = Page(officer.get(CHECK, {"q": verification_url(permit)}))
    assert "核验码正确" in page.text() and "可以使用" in page.text()
    assert permit.permit_no in page.text() and "北京测试医药有限公司" in page.text()
    forged = verification_url(permit).replace(permit.verification_code, "forgedcode000000")
    page = Page(officer.get(CHECK, {"q": forged}))
    assert "核验码不符" in page.text()


def test_a_typed_number_and_an_unknown_one(officer, permit):
    assert "可以使用" in Page(officer.get(CHECK, {"q": permit.permit_no.lower()})).text()
    assert "未找到该准许证" in Page(officer.get(CHECK, {"q": "1100002026I99999"})).text()


def test_write_off_through_the_page(officer, permit):
    page = Page(officer.get(CHECK, {"q": permit.permit_no}))
    form = page.one("form.customs-write-off")
    assert [o["value"] for o in form.select("#customs-district option")] == ["0100"]
    assert page.one("details.confirm summary").get_text(strip=True) == "核销"
    url = reverse("customs:write_off", args=[permit.permit_no])
    bad = officer.post(
        url,
        {"csrfmiddlewaretoken": page.csrf(), "customs_district": "0100", "declaration_no": "123"},
    )
    assert bad.status_code == 422 and "报关单号应为18位数字" in bad.content.decode()
    assert 'value="123"' in bad.content.decode()  # nothing typed is lost
    done = officer.post(
        url,
        {
            "csrfmiddlewaretoken": page.csrf(),
            "customs_district": "0100",
            "declaration_no": "220120261234567890",
        },
        follow=True,
    )
    text = Page(done).text()
    assert "已核销" in text and "不可使用" in text and "220120261234567890" in text
    assert WriteOff.objects.filter(application=permit).count() == 1
    assert Page(done).all("form.customs-write-off") == []  # no second write-off offered


@pytest.mark.parametrize("who", ["applicant_a", "approver_bj"])
def test_other_roles_get_404(who, request):
    assert client_for(request.getfixturevalue(who)).get(CHECK).status_code == 404


def test_the_applicant_sees_the_write_off_in_query_and_on_the_page(permit, customs, applicant_a):
    from customs.services import permit_write_off

    permit_write_off(
        actor=customs,
        permit_no=permit.permit_no,
        customs_district="0100",
        declaration_no="220120261234567890",
    )
    alice = client_for(applicant_a)
    listed = Page(alice.get("/permits/query/", {"written_off": "true"}))
    assert "已核销" in listed.text() and "220120261234567890" in listed.text()
    assert Page(alice.get("/permits/query/", {"written_off": "false"})).all(".written-off") == []
    page = Page(alice.get(reverse("permits:application", args=[permit.id]), HTTP_HX_REQUEST="true"))
    assert "已核销" in page.one(".af-written-off").get_text()
