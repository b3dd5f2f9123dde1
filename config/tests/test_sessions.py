"""Sessions read by a statement built once (config.speed.sessions) are Django's database sessions:
the same rows both ways, nothing once expired, nothing for an unknown key."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.speed.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_sessions_carry_over_both_ways():
    theirs = DjangoStore()
    theirs["who"] = "alice"
    theirs.save()
    ours = SessionStore(theirs.session_key)
    assert ours["who"] == "alice"
    ours["lang"] = "en"
    ours.save()
    assert DjangoStore(theirs.session_key).load() == {"who": "alice", "lang": "en"}


def test_an_expired_or_unknown_session_is_empty_and_loses_its_key():
    store = SessionStore()
    store["who"] = "alice"
    store.save()
    key = store.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {} and unknown.session_key is None
    assert SessionStore(None).is_empty()


def test_checked_data_is_decoded_once_and_tampered_data_is_still_refused(monkeypatch):
    from django.core import signing

    from config.speed import sessions

    monkeypatch.setattr(sessions, "_decoded", {})
    store = SessionStore()
    store["who"] = "alice"
    store["seen"] = [1, 2]
    store.save()
    data = Session.objects.get(pk=store.session_key).session_data
    checks = []
    real = signing.loads
    monkeypatch.setattr(signing, "loads", lambda *a, **k: checks.append(1) or real(*a, **k))
    first = SessionStore(store.session_key).load()
    again = SessionStore(store.session_key).load()
    assert first == again == {"who": "alice", "seen": [1, 2]} and len(checks) == 1
    again["seen"].append(3)  # each load is its own copy
    assert SessionStore(store.session_key).load()["seen"] == [1, 2]
    forged = data[:-3] + ("AAA" if not data.endswith("AAA") else "BBB")
    assert SessionStore().decode(forged) == {} and forged not in sessions._decoded
    assert len(checks) == 2
