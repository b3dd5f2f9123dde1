"""Fixtures for the reference tests: a fresh index per test (the per-process index would
otherwise outlive each test's rolled-back transaction) and a controllable clock."""

import pytest
from django.core.management import call_command
from django.test import Client

from reference import index


@pytest.fixture(autouse=True)
def fresh_index():
    index.reset()
    yield
    index.reset()


@pytest.fixture
def seeded(db):
    call_command("seed_reference", verbosity=0)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(index, "clock", fake)
    return fake


@pytest.fixture
def api_client(db):
    from accounts.models import User

    user = User.objects.create_user(username="officer", password="x-Passw0rd!", role="customs")
    client = Client()
    client.force_login(user)
    return client
