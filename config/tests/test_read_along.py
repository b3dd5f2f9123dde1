"""An API read's first statement is read with the caller's token from the second request of
an address on (config.speed.read_along), and answers exactly as when read on its own."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import tokens
from accounts.models import ApiToken
from config.speed import read_along
from permits.models import Application
from testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_noted(monkeypatch):
    monkeypatch.setattr(read_along, "_noted", {})


def _get(url, headers, **more):
    with CaptureQueriesContext(connection) as run:
        answer = Client().get(url, **headers, **more)
    return answer, [q["sql"] for q in run.captured_queries]


def test_a_detail_read_again_is_one_statement_and_the_same_answer(applicant_a, token_for):
    app, auth = f.draft(applicant_a), token_for(applicant_a)
    url = f"/api/v1/applications/{app.id}"
    first, _built = _get(url, auth)
    again, statements = _get(url, auth)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert len(statements) == 1 and "accounts_apitoken" in statements[0]
    assert "reference_referenceversion" in statements[0]  # the tag's, in the same statement
    unchanged, statements = _get(url, auth, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and len(statements) == 1


def test_lists_read_again_are_one_statement(applicant_a, approver_bj, token_for):
    f.submitted(applicant_a)
    for user, url in (
        (applicant_a, "/api/v1/applications?page=1"),
        (approver_bj, "/api/v1/review/applications?queue=pending"),
    ):
        auth = token_for(user)
        first, _built = _get(url, auth)
        again, statements = _get(url, auth)
        assert again.status_code == 200 and again.content == first.content
        assert len(statements) == 1 and "permits_listremoval" in statements[0]


def test_changes_and_revocation_show_at_once(applicant_a, token_for):
    app = f.draft(applicant_a)
    raw = tokens.api_token_create(user=applicant_a, name="t", days=30).raw
    auth, url = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}, f"/api/v1/applications/{app.id}"
    before, _ = _get(url, auth)
    _get(url, auth)
    f.add_goods(applicant_a, app)
    after, statements = _get(url, auth)
    assert after["ETag"] != before["ETag"] and len(after.json()["goods"]) == 2
    assert "accounts_apitoken" in statements[0] and '"stamp"' in statements[0]
    token = ApiToken.objects.get(user=applicant_a, name="t")
    tokens.api_token_revoke(user=applicant_a, token_id=token.id)
    assert _get(url, auth)[0].status_code == 401


def test_a_first_statement_noted_for_other_values_is_not_taken(applicant_a, token_for):
    mine, other = f.draft(applicant_a), f.draft(applicant_a)
    auth = token_for(applicant_a)
    url = f"/api/v1/applications/{mine.id}"
    truth, _ = _get(url, auth)
    key = next(iter(read_along._noted))
    template, shape, values = read_along._noted[key]
    read_along._noted[key] = (template, shape, {**values, "pk": other.pk})
    answer, statements = _get(url, auth)
    assert answer["ETag"] == truth["ETag"] and answer.content == truth.content
    assert len(statements) == 2  # the row read with the token was another's: read again
    assert read_along._noted[key][2]["pk"] == mine.pk  # and the right one is noted
    assert len(_get(url, auth)[1]) == 1


def test_writes_are_never_joined(applicant_a, token_for):
    app, auth = f.draft(applicant_a), token_for(applicant_a)
    url = f"/api/v1/applications/{app.id}"
    _get(url, auth)
    (credential, _method, address), call = next(iter(read_along._noted.items()))
    read_along._noted[(credential, "DELETE", address)] = call  # as if a delete had noted it
    with CaptureQueriesContext(connection) as run:
        Client().delete(url, **auth)
    assert not any(q["sql"].startswith("SELECT * FROM (") for q in run.captured_queries)
    assert not Application.objects.filter(pk=app.pk).exists()
    assert len(read_along._noted) == 2


def test_the_noted_addresses_are_bounded(monkeypatch):
    monkeypatch.setattr(read_along, "MAX_NOTED", 3)
    for i in range(7):
        read_along._note(("credential", "GET", f"/{i}"), ("call", i))
    assert 0 < len(read_along._noted) <= 3 and read_along._noted[("credential", "GET", "/6")]


def test_without_the_credential_row_nothing_counts_as_read_along(applicant_a):
    from django.test import RequestFactory
    from django.utils import timezone

    from permits.tags import list_tags

    f.draft(applicant_a)  # the enterprise's lists have a stamp
    role, key = list_tags.scope_of(applicant_a)
    signature = list_tags._SIGNATURES[role]
    counted = signature.rows(key=key)
    assert counted and counted[0][0] > 0
    request = RequestFactory().get("/somewhere")
    read_along._note(("nobody", "GET", "/somewhere"), (signature, None, {"key": key}))
    missing = (tokens._TOKEN, None, {"digest": "0" * 64, "now": timezone.now()})
    assert read_along.credential_rows(request, missing, credential="nobody") == [None]
    assert read_along.rows(request, signature, key=key) == counted
