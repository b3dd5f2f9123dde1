"""Shared fixtures: reference data, personas (built through the same services users go through),
API clients and the task runner. Applications in each status come from testing.factories;
browser fixtures live in e2e/conftest.py."""

import os
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by browser
# tests from that thread are safe (one thread), so the async guard is lifted for tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Test-Passw0rd!"  # noqa: S105 - test accounts only

#: "Now" in every test of dates, validity or deadlines: a Monday, a working day, late in the
#: year (so that validity and due dates cross into the next one).
FROZEN_AT = datetime(2026, 11, 30, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen_time():
    """Time starts at FROZEN_AT and runs on from there (use: pytest.mark.usefixtures)."""
    with time_machine.travel(FROZEN_AT, tick=True) as traveller:
        yield traveller


@pytest.fixture(scope="session", autouse=True)
def _signing_key(tmp_path_factory):
    """One generated signing pair per test session, valid from well before FROZEN_AT, so
    signatures made at any frozen or real time of these tests validate."""
    from django.conf import settings

    from documents import signing

    settings.VAR_DIR = tmp_path_factory.mktemp("var")
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")), tick=False):
        signing.material()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Argon2 costs ~50 ms a hash; tests that check hashing override this again."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Each test stores its uploads, notices and signing key in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture(autouse=True)
def _fresh_reference_index():
    """The look-up index lives per process; a rolled-back test must not leave its rows there."""
    from reference import index

    index.reset()
    yield
    index.reset()


@pytest.fixture
def reference_data(db):
    """Reference tables loaded once per database (transactional tests flush them: reload)."""
    from reference.models import Department

    if not Department.objects.exists():
        call_command("seed_reference", verbosity=0)


def _enterprise(key: str, uscc: str, name: str, qualified: bool = True):
    from accounts import services

    return services.enterprise_upsert(
        uscc=uscc,
        name=name,
        address=f"{name}地址",
        name_en=f"Enterprise {key} Co., Ltd.",
        address_en=f"{key} Road, China",
        trade_record_no=f"0000{key}" if qualified else "",
    )


def _user(username: str, role: str, enterprise=None, department_code: str | None = None):
    from accounts import services
    from reference.models import Department

    dept = Department.objects.get(code=department_code) if department_code else None
    return services.user_upsert(
        username=username,
        password=PASSWORD,
        role=role,
        enterprise=enterprise,
        department=dept,
        first_name=username,
    )


@pytest.fixture
def enterprise_a(reference_data):
    return _enterprise("A", "91110108DP0000001D", "北京测试医药有限公司")


@pytest.fixture
def enterprise_b(reference_data):
    return _enterprise("B", "91310115DP00000022", "上海测试医药有限公司")


@pytest.fixture
def applicant_a(enterprise_a):
    return _user("alice", "enterprise_admin", enterprise_a)


@pytest.fixture
def colleague_a(enterprise_a):
    return _user("alan", "operator", enterprise_a)


@pytest.fixture
def applicant_b(enterprise_b):
    return _user("bob", "enterprise_admin", enterprise_b)


@pytest.fixture
def unqualified(reference_data):
    ent = _enterprise("C", "91440300DP0000003T", "深圳测试药业有限公司", qualified=False)
    return _user("charlie", "enterprise_admin", ent)


@pytest.fixture
def approver_bj(reference_data):
    return _user("dora", "approver", department_code="110000")


@pytest.fixture
def approver_bj2(reference_data):
    """A second approver of the same department."""
    return _user("dora2", "approver", department_code="110000")


@pytest.fixture
def approver_sh(reference_data):
    return _user("eve", "approver", department_code="310000")


@pytest.fixture
def customs(reference_data):
    return _user("frank", "customs")


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """`with run_tasks(): <writes>` — on leaving the block the commit callbacks of those
    writes run (enqueueing their tasks) and every ready task runs as a worker would run it
    (testing.tasks): e.g. a decision's notice is rendered and ready afterwards."""
    from testing.tasks import tasks_run

    return partial(tasks_run, django_capture_on_commit_callbacks)


@pytest.fixture
def anon():
    return Client()


def client_for(user) -> Client:
    """A browser-like client signed in as `user` (session auth, CSRF enforced)."""
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    return c


@pytest.fixture
def token_for():
    """Issue a bearer token for a user through the service; returns the header dict."""
    from accounts import tokens

    def issue(user) -> dict:
        raw = tokens.api_token_create(user=user, name="test", days=365).raw
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return issue


@pytest.fixture
def key_site(settings):
    """Security keys work at the test client's address (the relying party is its host)."""
    settings.PUBLIC_BASE_URL = "http://testserver"
    return settings


def in_fresh_thread(fn, *args, **kwargs):
    """Run `fn` in a new thread: pyHanko's validation calls asyncio.run(), which refuses to run
    where a loop is already running (the browser tests' Playwright loop, in the same worker)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()
