"""The session's user (accounts.session_user) is Django's `auth.get_user`, check for check,
read in one statement with the enterprise and department."""

import pytest
from django.contrib import auth
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from accounts.session_user import MODEL_BACKEND, session_user
from conftest import client_for


def _request_of(client):
    """A request carrying `client`'s session (a fresh store on each call)."""
    request = RequestFactory().get("/")
    request.session = SessionStore(client.session.session_key)
    return request


def _both(client):
    """(ours, Django's) for the same session, each on a request of its own."""
    return session_user(_request_of(client)), auth.get_user(_request_of(client))


@pytest.mark.django_db
def test_the_signed_in_user_with_enterprise_and_department(
    applicant_a, approver_bj, django_assert_num_queries
):
    for person in (applicant_a, approver_bj):
        ours, django = _both(client_for(person))
        assert ours == django == person
        assert [getattr(ours, f.attname) for f in type(ours)._meta.concrete_fields] == [
            getattr(django, f.attname) for f in type(django)._meta.concrete_fields
        ]
        with django_assert_num_queries(0):
            assert ours.enterprise == person.enterprise
            assert ours.department == person.department


@pytest.mark.django_db
def test_a_password_changed_elsewhere_signs_the_session_out(applicant_a):
    client = client_for(applicant_a)
    applicant_a.set_password("An0ther-Passw0rd!")
    applicant_a.save()
    request = _request_of(client)
    assert not session_user(request).is_authenticated
    assert not SessionStore(client.session.session_key).exists(client.session.session_key)
    assert not auth.get_user(_request_of(client)).is_authenticated


@pytest.mark.django_db
def test_inactive_or_deleted_users_are_nobody(applicant_a, colleague_a):
    client, other = client_for(applicant_a), client_for(colleague_a)
    applicant_a.is_active = False
    applicant_a.save()
    colleague_a.delete()
    for c in (client, other):
        ours, django = _both(c)
        assert not ours.is_authenticated and not django.is_authenticated


@pytest.mark.django_db
def test_a_hash_of_an_older_secret_is_renewed_with_a_new_session_key(applicant_a, settings):
    old_secret = settings.SECRET_KEY
    client = client_for(applicant_a)
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789"
    settings.SECRET_KEY_FALLBACKS = [old_secret]
    request = _request_of(client)
    key = request.session.session_key
    assert session_user(request) == applicant_a
    assert request.session.session_key != key
    assert request.session[HASH_SESSION_KEY] == applicant_a.get_session_auth_hash()


@pytest.mark.django_db
def test_an_unknown_hash_empties_the_session(applicant_a):
    client = client_for(applicant_a)
    session = client.session
    session[HASH_SESSION_KEY] = "0" * 64
    session.save()
    request = _request_of(client)
    assert not session_user(request).is_authenticated
    assert request.session.is_empty()


@pytest.mark.django_db
def test_a_backend_no_longer_configured_signs_nobody_in(applicant_a, settings):
    client = client_for(applicant_a)
    settings.AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend"]
    ours, django = _both(client)
    assert not ours.is_authenticated and not django.is_authenticated
    assert MODEL_BACKEND == "django.contrib.auth.backends.ModelBackend"


@pytest.mark.django_db
def test_no_session_is_nobody(anon):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    assert not session_user(request).is_authenticated


@pytest.mark.django_db
def test_pages_see_the_user_of_their_session(applicant_a, colleague_a):
    for person in (applicant_a, colleague_a):
        page = client_for(person).get("/permits/query/")
        assert page.status_code == 200 and page.wsgi_request.user == person


@pytest.mark.django_db
def test_a_read_carries_the_unread_count_and_a_write_does_not(applicant_a):
    from accounts.messages import messages_create
    from accounts.web.top_bar import SEEN_UNREAD, top_bar

    messages_create(users=[applicant_a, applicant_a], title="通知")
    client = client_for(applicant_a)
    for method, carried in (("get", 2), ("head", 2), ("post", None)):
        request = getattr(RequestFactory(), method)("/")
        request.session = SessionStore(client.session.session_key)
        user = session_user(request)
        assert getattr(user, SEEN_UNREAD, None) == carried
        assert top_bar(user, english=False) == (2, applicant_a.enterprise.name)


@pytest.mark.django_db
def test_a_whole_page_asks_nothing_more_for_its_top_bar(applicant_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.messages import messages_create

    messages_create(users=[applicant_a], title="通知")
    client = client_for(applicant_a)
    client.get("/permits/query/")
    with CaptureQueriesContext(connection) as run:
        page = client.get("/permits/query/")
    assert not [q for q in run.captured_queries if "accounts_message" in q["sql"].split("FROM")[-1]]
    assert '<span class="bell-count" aria-hidden="true">1</span>' in page.content.decode()
