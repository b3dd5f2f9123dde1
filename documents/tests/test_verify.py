"""The public verification page (GET /verify/<permit_no>?code=…): genuine and usable, wrong
code, voided, expired, written off; never any personal data; no sign-in; CSP-clean HTML."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from documents import verification
from permits.models import Application
from permits.verification import verification_url
from review import services as review
from testing import factories as f

# Dates, validity and deadlines: time is frozen (conftest.FROZEN_AT).
pytestmark = pytest.mark.usefixtures("frozen_time")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Notices issued by these tests are stored in the test's own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def permit(applicant_a, approver_bj):
    return f.approved(applicant_a, approver_bj)


def _page(client, app, code=None):
    code = app.verification_code if code is None else code
    return client.get(f"/verify/{app.permit_no}", {"code": code})


def _html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_genuine_usable_permit(anon, permit):
    html = _html(_page(anon, permit))
    assert "核验通过" in html and "当前可用" in html
    assert permit.permit_no in html
    assert "药品进口准许证" in html
    assert permit.issue_date.isoformat() in html and permit.valid_until.isoformat() in html
    assert "北京市药品监督管理局" in html
    assert ">可用<" in html
    assert "未能核验" not in html


@pytest.mark.django_db
def test_the_qr_link_leads_here(anon, permit):
    url = urlsplit(verification_url(permit))
    html = _html(anon.get(f"{url.path}?{url.query}"))
    assert "核验通过" in html


@pytest.mark.django_db
def test_the_holder_and_nothing_else_about_it(anon, permit):
    html = _html(_page(anon, permit))
    assert permit.applicant_name in html  # the holder enterprise's name, as the issue asks
    assert "胰岛素" not in html and "Insulin" not in html  # no goods
    for private in (
        permit.applicant_uscc,
        permit.applicant_name_en,
        permit.applicant_address_en,
        permit.contact_person,
        permit.contact_phone,
        permit.counterparty_name,
        permit.counterparty_address,
        permit.application_no,
    ):
        assert private and private not in html, private


@pytest.mark.django_db
def test_wrong_code_looks_the_same_as_an_unknown_permit(anon, permit):
    code = permit.verification_code
    wrong = _page(anon, permit, code=code[:-1] + ("x" if code[-1] != "x" else "y"))
    unknown = anon.get("/verify/1100002099I99999", {"code": permit.verification_code})
    html = _html(wrong)
    assert "未能核验" in html and permit.permit_no not in html
    assert wrong.content == unknown.content  # nothing tells whether the number exists


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"code": ""}, {"code": "x" * 500}])
def test_missing_or_absurd_code_is_not_verified(anon, permit, query):
    html = _html(anon.get(f"/verify/{permit.permit_no}", query))
    assert "未能核验" in html


@pytest.mark.django_db
def test_voided_permit_is_genuine_but_not_usable(anon, permit, approver_bj):
    review.application_void(actor=approver_bj, application_id=permit.id, reason="合同已取消")
    html = _html(_page(anon, permit))
    assert "已作废" in html and "当前不可使用" in html
    assert "核验通过" not in html and "合同已取消" not in html


@pytest.mark.django_db
def test_expired_permit(anon, permit):
    yesterday = timezone.localdate() - timedelta(days=1)
    Application.objects.filter(pk=permit.pk).update(valid_until=yesterday)
    html = _html(_page(anon, permit))
    assert "已过期" in html and "核验通过" not in html


@pytest.mark.django_db
def test_last_day_of_validity_is_still_usable(anon, permit):
    Application.objects.filter(pk=permit.pk).update(valid_until=timezone.localdate())
    assert "核验通过" in _html(_page(anon, permit))


@pytest.mark.django_db
def test_written_off_permit_is_used(anon, permit):
    Application.objects.filter(pk=permit.pk).update(written_off_at=timezone.now())
    html = _html(_page(anon, permit))
    assert "已核销" in html and "核验通过" not in html


@pytest.mark.django_db
def test_page_is_public_uncached_and_csp_clean(anon, permit):
    response = _page(anon, permit)
    html = _html(response)
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "<script" not in html and "style=" not in html and "<style" not in html


@pytest.mark.django_db
def test_only_get(anon, permit):
    response = anon.post(f"/verify/{permit.permit_no}?code={permit.verification_code}")
    assert response.status_code == 405


def test_lookup_refuses_malformed_input_without_asking():
    calls = []
    original = verification._lookup
    verification.register_lookup(lambda permit_no, code: calls.append(permit_no) or {})
    try:
        assert verification.lookup("", "code") is None
        assert verification.lookup("1100002026I00001", "") is None
        assert verification.lookup("1" * 200, "code") is None
        assert calls == []
    finally:
        verification.register_lookup(original)


@pytest.mark.django_db
def test_too_many_look_ups_from_one_address_get_429(anon, permit, settings):
    from documents import views

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for _ in range(views.LIMIT):
        assert _page(anon, permit).status_code == 200
    limited = _page(anon, permit)
    assert limited.status_code == 429 and "查询过于频繁" in limited.content.decode()
    assert int(limited["Retry-After"]) >= 1
    assert permit.permit_no not in limited.content.decode()
    other = anon.get(f"/verify/{permit.permit_no}", {"code": "x"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 200  # another address has its own allowance
