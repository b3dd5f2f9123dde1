"""The pages' forms and the public pages with hostile input: never a 5xx, on SQLite and on
PostgreSQL (which refuses NUL in text). Bodies go as raw form bytes (a browser can send any
byte: NUL, the UTF-8 of a lone surrogate, invalid UTF-8); a NUL in a text field is a 422
naming the field, as in the API (core.inputs)."""

from urllib.parse import quote, urlencode

import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from accounts.models import ApiToken
from conftest import client_for
from permits import services
from permits.fields import GOODS_LOCKED
from permits.models import Goods
from permits.web.fields import GOODS, goods_values_from_item, header_specs, header_values_from_app
from testing import factories as f
from testing.html import Page

pytestmark = pytest.mark.django_db

# Percent-encoded as a form body carries them.
RAW = {
    "nul": "a%00b",
    "nul_only": "%00",
    "surrogate": "a%ED%A0%80b",
    "low_surrogate": "%ED%BF%BF",
    "bad_utf8": "%FF%FE%C0%AF",
    "long": quote("长" * 5_000),
    "far_date": "9999-12-31",
    "early_date": "0001-01-01",
    "huge": "9" * 40,
    "negative_huge": "-" + "9" * 400,
    "exponent": "1e999999999",
    "nan": "NaN",
}
REFUSED = {"nul", "nul_only"}
MSG_NUL = "不能包含空字符（NUL）。"


def _posted_names(specs) -> list[str]:
    """Every name the form posts for these fields (a picker posts its text and its code)."""
    names = []
    for spec in specs:
        if spec.editable:
            names.append(spec.name)
            if spec.widget == "picker" and not spec.free:
                names.append(spec.name + "_code")
    return names


def _body(token: str, names: list[str], field: str, raw: str, extra: dict) -> str:
    fair = {n: "" for n in names if n != field} | {k: v for k, v in extra.items() if k != field}
    return urlencode({**fair, "csrfmiddlewaretoken": token}) + f"&{field}={raw}"


def _post(client, url, body):
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def _token(client, url) -> str:
    return Page(client.get(url)).csrf()


def _check(response, field, kind):
    assert response.status_code < 500, (field, kind, response.content[:300])
    if kind in REFUSED:
        assert response.status_code == 422, (field, kind, response.status_code)
        page = Page(response.content.decode())
        assert MSG_NUL in page.text(), (field, kind)


@pytest.fixture
def alice(applicant_a):
    return client_for(applicant_a)


@pytest.mark.parametrize("direction", ["import", "export"])
def test_save_form_fields(alice, applicant_a, direction):
    """Each hostile value in each field of a page otherwise as saved (so that what passes the
    rules reaches the database), on a saved draft and on the unsaved page."""
    draft = f.make_application(applicant_a, direction=direction)
    token = _token(alice, reverse("permits:application", kwargs={"pk": draft.id}))
    save = reverse("permits:save", kwargs={"pk": draft.id})
    first_save = reverse(f"permits:{direction}_save")
    names = _posted_names(header_specs(direction))
    for kind, raw in RAW.items():
        for field in names:
            draft.refresh_from_db()
            page = header_values_from_app(draft) | {"version": str(draft.version)}
            _check(_post(alice, save, _body(token, names, field, raw, page)), field, kind)
        fresh = header_values_from_app(draft)
        _check(_post(alice, first_save, _body(token, names, "remarks", raw, fresh)), "new", kind)


def test_goods_form_fields(alice, applicant_a):
    draft = f.make_application(applicant_a)
    goods = f.add_goods(applicant_a, draft)
    new = reverse("permits:goods_new", kwargs={"pk": draft.id})
    edit = reverse("permits:goods_edit", kwargs={"pk": draft.id, "goods_id": goods.id})
    token = _token(alice, new)
    names = _posted_names(GOODS)
    for kind, raw in RAW.items():
        for field in names:
            item = goods_values_from_item(Goods.objects.get(pk=goods.pk))
            _check(_post(alice, edit, _body(token, names, field, raw, item)), field, kind)
            if field.removesuffix("_code") in GOODS_LOCKED:  # a second item takes the first's
                continue
            _check(_post(alice, new, _body(token, names, field, raw, item)), field, kind)
            added = [str(g.id) for g in Goods.objects.filter(application=draft) if g.seq > 1]
            if added:
                services.goods_delete(actor=applicant_a, application_id=draft.id, goods_ids=added)


TEXTS = ["counterparty_name", "counterparty_address", "mail_address", "contract_no"]
TEXTS += ["contact_person", "remarks"]


@pytest.mark.parametrize("field", TEXTS)
def test_nul_is_refused_at_its_field_and_nothing_is_saved(alice, applicant_a, field):
    draft = f.make_application(applicant_a, direction="export", remarks="原样")
    page = reverse("permits:application", kwargs={"pk": draft.id})
    token = _token(alice, page)
    save = reverse("permits:save", kwargs={"pk": draft.id})
    names = _posted_names(header_specs("export"))
    base = header_values_from_app(draft) | {"version": str(draft.version)}
    response = _post(alice, save, _body(token, names, field, "a%00b", base))
    assert response.status_code == 422
    assert MSG_NUL in Page(response.content.decode()).text()
    draft.refresh_from_db()
    assert draft.remarks == "原样" and draft.version == int(base["version"])
    # the same page with a fair value is saved: the NUL alone was refused
    response = _post(alice, save, _body(token, names, field, "ok", base))
    assert response.status_code == 302, response.content[:500]
    draft.refresh_from_db()
    assert getattr(draft, field) == "ok"


PUBLIC_PATHS = [
    "/verify/%00?code=x",
    "/verify/1100002026I00001%00?code=x",
    "/verify/%ED%A0%80?code=x",
    "/verify/%FF%FE?code=x",
    "/verify/a%2Fb?code=x",
    "/verify/" + "1" * 5_000 + "?code=x",
    "/verify/1100002026I00001?code=%00",
    "/verify/1100002026I00001?code=%ED%A0%80",
    "/verify/1100002026I00001?code=" + "x" * 5_000,
    "/verify/1100002026I00001?code=x&code=%00",
    "/accounts/login/?next=%00",
    "/accounts/login/?next=%ED%A0%80",
    "/accounts/login/?next=http://%00evil",
    "/accounts/login/%00",
    "/healthz?x=%00",
    "/%00",
    "/static/%00",
    "/static/css/app.css%00",
    "/i18n/setlang/?next=%00",
]


def _sign_in_form(client) -> dict:
    """The sign-in page's CSRF token and captcha, answered as a person would."""
    page = Page(client.get(reverse("accounts:login")))
    key = page.one('input[name="captcha_0"]')["value"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    return {"csrfmiddlewaretoken": page.csrf(), "captcha_0": key, "captcha_1": answer}


def test_public_pages_with_hostile_input(anon, reference_data, applicant_a):
    for path in PUBLIC_PATHS:
        response = anon.get(path)
        assert response.status_code < 500, (path, response.status_code)
    browser = client_for(applicant_a)
    browser.logout()  # a browser that has signed out: CSRF enforced, a session of its own
    for kind, raw in RAW.items():
        for field in ("username", "password", "captcha_1", "next"):
            fair = {"username": "alice", "password": "x", **_sign_in_form(browser)}
            body = urlencode({k: v for k, v in fair.items() if k != field}) + f"&{field}={raw}"
            response = _post(browser, reverse("accounts:login"), body)
            assert response.status_code < 500, (field, kind, response.status_code)


MALFORMED = ["%00", "a%00b", "%ED%A0%80", "x" * 41, "1100002026X00001", "1100002026I0001"]
MALFORMED += ["1100002026I" + "0" * 30, "1100002026I00001%20", "%201100002026I00001"]


@pytest.mark.parametrize("permit_no", MALFORMED)
def test_a_malformed_permit_number_is_404(anon, reference_data, permit_no):
    assert anon.get(f"/verify/{permit_no}?code=x").status_code == 404
    # a well-formed number, known or not, is the page (which never tells which)
    response = anon.get("/verify/1100002026i00001?code=x")
    assert response.status_code == 200 and "未能核验" in response.content.decode()


def test_the_other_page_forms_refuse_nul(applicant_a, approver_bj, customs):
    app = f.submitted(applicant_a)
    bj = client_for(approver_bj)
    review = reverse("review:application", kwargs={"pk": app.id})
    body = urlencode({"csrfmiddlewaretoken": _token(bj, review)}) + "&reason=a%00b"
    response = _post(bj, reverse("review:not_accept", kwargs={"pk": app.id}), body)
    assert response.status_code == 422 and MSG_NUL in Page(response.content.decode()).text()
    permit = f.approved(applicant_a, approver_bj)
    officer = client_for(customs)
    fair = {"csrfmiddlewaretoken": _token(officer, "/customs/"), "customs_district": "0100"}
    body = urlencode(fair) + "&declaration_no=0%00" + "0" * 16
    response = _post(officer, reverse("customs:write_off", args=[permit.permit_no]), body)
    assert response.status_code == 422 and MSG_NUL in Page(response.content.decode()).text()
    permit.refresh_from_db()
    assert permit.written_off_at is None
    assert _post(officer, "/customs/permits/a%00b/write-off/", body).status_code == 404
    alice = client_for(applicant_a)
    token = _token(alice, reverse("accounts:settings"))
    body = urlencode({"csrfmiddlewaretoken": token, "action": "create_token"}) + "&name=a%00b"
    response = _post(alice, reverse("accounts:settings"), body)
    assert response.status_code < 500 and MSG_NUL in Page(response.content.decode()).text()
    assert not ApiToken.objects.filter(user=applicant_a).exists()
