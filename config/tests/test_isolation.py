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
