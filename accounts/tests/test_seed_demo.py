import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Enterprise, User
from accounts.uscc import is_valid_uscc

DEMO_USERS = {
    "ent_a_admin",
    "ent_a_operator",
    "ent_b_admin",
    "ent_c_admin",
    "approver_bj",
    "approver_sh",
    "customs_officer",
}


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_matches_the_contract(reference_data, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=io.StringIO())
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERS)}
    assert set(users) == DEMO_USERS
    assert all(u.check_password("Demo-Passw0rd!") for u in users.values())
    a, b, c = (users[n].enterprise for n in ("ent_a_admin", "ent_b_admin", "ent_c_admin"))
    assert users["ent_a_operator"].enterprise == a
    assert a.province_code == "110000" and b.province_code == "310000"
    assert a.has_trade_qualification and b.has_trade_qualification
    assert not c.has_trade_qualification
    assert users["approver_bj"].department.code == "110000"
    assert users["approver_sh"].department.code == "310000"
    assert users["customs_officer"].role == "customs"
    assert Enterprise.objects.count() == 3
    assert all(is_valid_uscc(e.uscc) for e in Enterprise.objects.all())
    assert "ent_a_admin" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_uses_demo_password(reference_data, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "Another-Passw0rd!")
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.get(username="approver_bj").check_password("Another-Passw0rd!")


@pytest.mark.django_db
def test_seed_demo_refused_under_production_settings(reference_data, settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("ALLOW_DEMO_DATA", raising=False)
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="ent_a_admin").exists()


@pytest.mark.django_db
def test_allow_demo_data_0_is_a_refusal_and_yes_no_value(reference_data, settings, monkeypatch):
    """ALLOW_DEMO_DATA is a switch like any other: `0` keeps the refusal, `yes` is no value."""
    settings.DEBUG = False
    monkeypatch.setenv("ALLOW_DEMO_DATA", "0")
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    monkeypatch.setenv("ALLOW_DEMO_DATA", "yes")
    with pytest.raises(ImproperlyConfigured, match="ALLOW_DEMO_DATA"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="ent_a_admin").exists()
