import io

import pytest
from django.core.management import call_command

from accounts.models import ApiToken
from conftest import client_for

ME = "/api/v1/me"


@pytest.mark.django_db
def test_create_api_token_prints_the_token_alone_on_the_last_line(applicant_a, anon):
    out = io.StringIO()
    call_command("create_api_token", "alice", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert raw.startswith("dp_") and " " not in raw
    stored = ApiToken.objects.get(user=applicant_a)
    assert raw not in (stored.digest, stored.prefix)  # only a hash is kept
    response = anon.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


@pytest.mark.django_db
def test_create_api_token_for_unknown_user_fails(reference_data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [None, "Bearer nonsense", "Bearer dp_wrongwrongwrong", "Basic YWxpY2U6eA==", "Bearer "],
)
def test_no_or_bad_credentials_give_401_in_the_error_shape(anon, applicant_a, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = anon.get(ME, **extra)
    assert response.status_code == 401
    body = response.json()
    assert body["detail"] and body["errors"] == []


@pytest.mark.django_db
def test_revoked_token_stops_working(applicant_a, anon, token_for):
    headers = token_for(applicant_a)
    assert anon.get(ME, **headers).status_code == 200
    token_id = ApiToken.objects.get(user=applicant_a).id
    assert anon.delete(f"{ME}/tokens/{token_id}", **headers).status_code == 204
    assert anon.get(ME, **headers).status_code == 401


@pytest.mark.django_db
def test_inactive_user_token_is_refused(applicant_a, anon, token_for):
    headers = token_for(applicant_a)
    applicant_a.is_active = False
    applicant_a.save()
    assert anon.get(ME, **headers).status_code == 401


@pytest.mark.django_db
def test_tokens_via_api_shown_once_and_listed_without_secret(applicant_a, anon, token_for):
    headers = token_for(applicant_a)
    created = anon.post(f"{ME}/tokens", {"name": "erp"}, content_type="application/json", **headers)
    assert created.status_code == 201
    raw = created.json()["token"]
    listed = anon.get(f"{ME}/tokens", **headers).json()
    assert {t["name"] for t in listed} == {"test", "erp"}
    assert raw not in str(listed)


@pytest.mark.django_db
def test_a_user_cannot_revoke_another_users_token(applicant_a, applicant_b, anon, token_for):
    headers_a = token_for(applicant_a)
    headers_b = token_for(applicant_b)
    b_token = ApiToken.objects.get(user=applicant_b).id
    anon.delete(f"{ME}/tokens/{b_token}", **headers_a)
    assert anon.get(ME, **headers_b).status_code == 200


@pytest.mark.django_db
def test_session_api_calls_need_csrf_for_writes(applicant_a):
    client = client_for(applicant_a)
    assert client.get(ME).status_code == 200
    refused = client.post(f"{ME}/tokens", {"name": "x"}, content_type="application/json")
    assert refused.status_code in (401, 403)


@pytest.mark.django_db
def test_settings_page_issues_a_token_once_and_revokes_it(applicant_a):
    from django.test import Client

    client = Client()
    client.force_login(applicant_a)
    page = client.post("/accounts/settings/", {"action": "create_token", "name": "erp"})
    token = ApiToken.objects.get(user=applicant_a)
    html = page.content.decode()
    assert token.prefix in html and 'id="new-token"' in html
    assert 'id="new-token"' not in client.get("/accounts/settings/").content.decode()
    client.post("/accounts/settings/", {"action": "revoke_token", "id": str(token.id)})
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_tokens_expire_after_90_days_by_default_and_then_fail(applicant_a, anon, frozen_time):
    out = io.StringIO()
    call_command("create_api_token", "alice", stdout=out, stderr=io.StringIO())
    raw = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 90
    frozen_time.shift(89 * 86400)
    assert anon.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    frozen_time.shift(2 * 86400)
    assert anon.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.django_db
def test_create_api_token_takes_days_up_to_365(applicant_a):
    from django.core.management.base import CommandError

    out = io.StringIO()
    call_command("create_api_token", "alice", "--days", "365", stdout=out, stderr=io.StringIO())
    assert out.getvalue().strip().splitlines()[-1].startswith("dp_")
    token = ApiToken.objects.get()
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 365
    for days in ("366", "0"):
        with pytest.raises(CommandError, match="1 至 365"):
            call_command("create_api_token", "alice", "--days", days, stdout=io.StringIO())


@pytest.mark.django_db
def test_the_api_creates_tokens_with_a_lifetime_and_says_when_they_expire(applicant_a):
    client = client_for(applicant_a)
    client.get("/accounts/settings/")
    csrf = client.cookies["csrftoken"].value
    made = client.post(
        "/api/v1/me/tokens",
        {"name": "erp", "days": 30},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert made.status_code == 201 and made.json()["expires_at"]
    too_long = client.post(
        "/api/v1/me/tokens", {"days": 400}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "days"


@pytest.mark.django_db
def test_an_enterprise_admin_chooses_who_may_hold_tokens(applicant_a, colleague_a, anon):
    from accounts import tokens
    from core.errors import Forbidden

    raw = tokens.api_token_create(user=colleague_a).raw
    admin = client_for(applicant_a)
    admin.get("/accounts/settings/")
    page = admin.get("/accounts/settings/").content.decode()
    assert "本企业用户的 API 令牌权限" in page and "alan" in page
    csrf = admin.cookies["csrftoken"].value
    data = {"action": "token_permission", "username": "alan", "permission": "deny"}
    admin.post("/accounts/settings/", {**data, "csrfmiddlewaretoken": csrf})
    assert anon.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert ApiToken.objects.get(user=colleague_a).revoked_at is not None
    colleague_a.refresh_from_db()
    with pytest.raises(Forbidden, match="不能持有 API 令牌"):
        tokens.api_token_create(user=colleague_a)
    alan = client_for(colleague_a).get("/accounts/settings/").content.decode()
    assert "您的账户目前不能持有 API 令牌" in alan


@pytest.mark.django_db
def test_only_an_enterprise_admin_of_that_enterprise_sets_token_permissions(
    applicant_a, applicant_b, colleague_a
):
    from accounts import tokens
    from core.errors import NotFound

    with pytest.raises(NotFound):
        tokens.token_permission_set(actor=applicant_b, username="alan", permission="deny")
    with pytest.raises(NotFound):
        tokens.token_permission_set(actor=colleague_a, username="alice", permission="deny")


@pytest.mark.django_db
def test_a_key_only_user_holds_tokens_only_when_allowed(settings, approver_bj, anon):
    from accounts import tokens
    from core.errors import Forbidden

    raw = tokens.api_token_create(user=approver_bj).raw
    settings.SECURITY_KEY_REQUIRED_ROLES = ["approver"]
    assert anon.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    with pytest.raises(Forbidden):
        tokens.api_token_create(user=approver_bj)
    approver_bj.token_permission = "allow"
    approver_bj.save()
    assert anon.get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
