"""A session whose user this process has read reads them again in its own statement
(accounts.session_store), and is checked exactly as before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import session_store
from config.speed import read_along
from conftest import client_for

pytestmark = pytest.mark.django_db
PAGE = "/permits/query/"


def _statements(client, url=PAGE):
    with CaptureQueriesContext(connection) as run:
        answer = client.get(url)
    return answer, [q["sql"] for q in run.captured_queries]


def test_from_the_second_page_on_the_session_its_user_and_the_tag_are_one_statement(
    applicant_a, monkeypatch
):
    client = client_for(applicant_a)
    client.get(PAGE)  # the page is built and kept
    second, after = _statements(client)
    monkeypatch.setattr(session_store, "_known", {})  # as a process that never saw it
    monkeypatch.setattr(read_along, "_noted", {})
    unknown, before = _statements(client)
    assert second.status_code == unknown.status_code == 200
    assert second.content.count(b"<main") == unknown.content.count(b"<main") == 1
    assert len(before) == 3 and len(after) == 1
    for table in ("django_session", "accounts_user", "permits_listremoval"):
        assert table in after[0]
    assert applicant_a.enterprise.name in second.content.decode()


def test_a_session_noted_with_another_user_still_gets_its_own(applicant_a, colleague_a):
    client = client_for(applicant_a)
    session_store.note_user(client.session.session_key, colleague_a.pk)
    answer, statements = _statements(client, "/api/v1/me")
    assert answer.json()["username"] == applicant_a.username
    # the row read for the noted user was not used: the session's own user was read
    assert sum("accounts_user" in sql for sql in statements) == 2
    _answer, statements = _statements(client, "/api/v1/me")
    assert sum("accounts_user" in sql for sql in statements) == 1


def test_the_user_is_read_anew_each_time(applicant_a):
    client = client_for(applicant_a)
    assert client.get("/api/v1/me").status_code == 200
    applicant_a.set_password("An0ther-Passw0rd!")
    applicant_a.save()
    assert client.get("/api/v1/me").status_code == 401  # signed out at once
    other = client_for(applicant_a)
    other.get("/api/v1/me")
    applicant_a.is_active = False
    applicant_a.save()
    assert other.get("/api/v1/me").status_code == 401


def test_the_noted_sessions_are_bounded(monkeypatch):
    monkeypatch.setattr(session_store, "_known", {})
    monkeypatch.setattr(session_store, "MAX_KNOWN", 3)
    for i in range(7):
        session_store.note_user(f"key{i}", i)
    assert 0 < len(session_store._known) <= 3 and session_store._known["key6"] == 6
    session_store.note_user(None, 1)
    assert None not in session_store._known
