"""Tenant isolation: every page and endpoint about one application, walked with each persona.
Enterprise A owns it; B, an approver of another department, customs and anonymous get nothing
(404, or the sign-in redirect / 401 when not signed in), never 403 and never data."""

import pytest
from django.test import Client
from django.urls import reverse

from testing import factories as f


def _urls(app, goods, notice):
    pk = app.id
    slot = {"pk": pk, "type": "application_form"}
    return [
        ("get", reverse("permits:application", args=[pk])),
        ("post", reverse("permits:save", args=[pk])),
        ("post", reverse("permits:submit", args=[pk])),
        ("get", reverse("permits:print", args=[pk])),
        ("get", reverse("permits:goods_new", args=[pk])),
        ("post", reverse("permits:goods_delete", args=[pk])),
        ("get", reverse("permits:goods_edit", args=[pk, goods.id])),
        ("get", reverse("permits:attachments", args=[pk])),
        ("post", reverse("permits:attachment_upload", kwargs=slot)),
        ("post", reverse("permits:attachment_delete", kwargs=slot)),
        ("get", reverse("permits:attachment_download", kwargs=slot)),
        ("get", f"/permits/applications/{pk}/notices/latest/"),
        ("get", f"/api/v1/applications/{pk}"),
        ("get", f"/api/v1/applications/{pk}/attachments"),
        ("get", f"/api/v1/applications/{pk}/attachments/application_form/file"),
        ("get", f"/api/v1/applications/{pk}/notices"),
        ("get", f"/api/v1/notices/{notice.id}.pdf"),
        ("get", f"/api/v1/applications/{pk}/application-form.pdf"),
        ("post", f"/api/v1/applications/{pk}/withdraw"),
        ("post", f"/api/v1/applications/{pk}/copy"),
    ]


@pytest.fixture
def owned(applicant_a, approver_bj):
    app = f.accepted(applicant_a, approver_bj)
    return app, app.goods.first(), app.notices.get()


@pytest.mark.django_db
def test_others_get_404(owned, applicant_b, approver_sh, customs, unqualified):
    app, goods, notice = owned
    for user in (applicant_b, approver_sh, customs, unqualified):
        client = Client()
        client.force_login(user)
        for method, url in _urls(app, goods, notice):
            response = getattr(client, method)(url)
            assert response.status_code == 404, (user.username, method, url, response.status_code)
            assert app.application_no.encode() not in response.content


@pytest.mark.django_db
def test_anonymous_is_asked_to_sign_in(owned, anon):
    app, goods, notice = owned
    for method, url in _urls(app, goods, notice):
        response = getattr(anon, method)(url)
        expected = 401 if url.startswith("/api/") else 302
        assert response.status_code == expected, (method, url, response.status_code)
        assert app.application_no.encode() not in response.content


@pytest.mark.django_db
def test_the_owner_and_a_colleague_see_it(owned, applicant_a, colleague_a, approver_bj):
    app, goods, notice = owned
    for user in (applicant_a, colleague_a):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("permits:application", args=[app.id])).status_code == 200
        assert client.get(f"/api/v1/applications/{app.id}").status_code == 200
    client = Client()
    client.force_login(approver_bj)  # the deciding department sees the notices
    assert client.get(f"/api/v1/applications/{app.id}/notices").status_code == 200


@pytest.mark.django_db
def test_approvers_use_their_back_office_not_the_applicant_api(owned, approver_bj, token_for):
    app, _goods, _notice = owned
    client = Client()
    headers = token_for(approver_bj)
    assert client.get(f"/api/v1/applications/{app.id}", **headers).status_code == 404
    assert client.get("/api/v1/applications", **headers).status_code == 403
    assert (
        client.post(
            "/api/v1/applications",
            {"direction": "import"},
            content_type="application/json",
            **headers,
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_customs_sees_issued_permits_only_through_its_own_pages(applicant_a, approver_bj, customs):
    """An approved permit is in customs' scope (permits.access), yet every applicant page and
    endpoint answers it 404: customs reaches permits through /customs/ only."""
    app = f.approved(applicant_a, approver_bj)
    notice = app.notices.order_by("issued_at").last()
    client = Client()
    client.force_login(customs)
    for method, url in _urls(app, app.goods.first(), notice):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
        assert app.application_no.encode() not in response.content


@pytest.mark.django_db
def test_list_and_look_up_agree_for_every_role(
    applicant_a, applicant_b, approver_bj, approver_sh, customs
):
    """visible_to() and in_scope() read the same conditions: for every persona and every
    application, the list holds exactly those the look-up would allow."""
    from permits.access import in_scope
    from permits.models import Application

    apps = [f.draft(applicant_a), f.submitted(applicant_a), f.approved(applicant_a, approver_bj)]
    apps.append(f.voided(applicant_b, approver_sh))
    for user in (applicant_a, applicant_b, approver_bj, approver_sh, customs):
        listed = set(Application.objects.visible_to(user).values_list("pk", flat=True))
        allowed = {a.pk for a in Application.objects.all() if in_scope(user, a)}
        assert listed == allowed, user.username


def _tagged_urls(app) -> list[str]:
    """Every address that answers with an ETag (details and lists, both back offices)."""
    return [
        f"/api/v1/applications/{app.id}",
        "/api/v1/applications",
        f"/api/v1/review/applications/{app.id}",
        "/api/v1/review/applications?queue=all",
    ]


@pytest.mark.django_db
def test_conditional_requests_tell_a_wrong_role_nothing(
    owned, applicant_a, applicant_b, approver_bj, approver_sh, customs, unqualified, token_for
):
    """Role and scope come before any tag: a refused answer (401, 403, 404) carries no ETag
    and is the same with `If-None-Match: *`, a tag stolen from the owner, or
    `If-Modified-Since` as without them; never 304."""
    app, _goods, _notice = owned
    stolen = {}
    for user, urls in ((applicant_a, _tagged_urls(app)[:2]), (approver_bj, _tagged_urls(app)[2:])):
        for url in urls:
            answer = Client().get(url, **token_for(user))
            assert answer.status_code == 200 and answer.has_header("ETag"), url
            stolen[url] = answer["ETag"]
    personas = [(None, {})]
    for user in (applicant_a, applicant_b, approver_bj, approver_sh, customs, unqualified):
        personas.append((user.username, token_for(user)))
    conditions = [
        {"HTTP_IF_NONE_MATCH": "*"},
        {"HTTP_IF_MODIFIED_SINCE": "Thu, 01 Jan 2099 00:00:00 GMT"},
    ]
    for name, auth in personas:
        for url in _tagged_urls(app):
            plain = Client().get(url, **auth)
            if plain.status_code == 200:  # the owner's and its approver's own answers
                continue
            assert plain.status_code in (401, 403, 404), (name, url, plain.status_code)
            for extra in [*conditions, {"HTTP_IF_NONE_MATCH": stolen[url]}]:
                answer = Client().get(url, **auth, **extra)
                assert answer.status_code == plain.status_code, (name, url, extra)
                assert not answer.has_header("ETag"), (name, url, extra)
                assert answer.content == plain.content, (name, url, extra)
    for user in (applicant_b, approver_sh, customs, unqualified):  # sessions too
        client = Client()
        client.force_login(user)
        for url in _tagged_urls(app)[::2]:  # the details
            plain = client.get(url)
            answer = client.get(url, HTTP_IF_NONE_MATCH="*")
            assert plain.status_code == answer.status_code != 304, (user.username, url)
            assert not answer.has_header("ETag"), (user.username, url)
