"""Sessions read by a statement built once (config.sessions) are Django's database sessions:
the same rows both ways, nothing once expired, nothing for an unknown key."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.sessions import SessionStore

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
