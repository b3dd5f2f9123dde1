"""Settings fail closed: a switch is 1/0/true/false or refuses to start naming itself, and
DEBUG=0 never makes up its own SECRET_KEY (every node must sign with the same one)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.env import env_bool, secret_key

ROOT = Path(__file__).resolve().parents[2]

ACCEPTED = {"1": True, "0": False, "true": True, "false": False, "TRUE": True, "False": False}
EMPTY = ("", "  ")
REFUSED = ("y", "yes", "on", "off", "no", "2", "-1", "enabled", "tru")


def test_a_switch_is_1_0_true_or_false_and_nothing_else(monkeypatch):
    for raw, value in ACCEPTED.items():
        monkeypatch.setenv("SOME_SWITCH", raw)
        assert env_bool("SOME_SWITCH", not value) is value, raw
    for raw in EMPTY:
        monkeypatch.setenv("SOME_SWITCH", raw)
        assert env_bool("SOME_SWITCH", True) is True and env_bool("SOME_SWITCH", False) is False
    monkeypatch.delenv("SOME_SWITCH")
    assert env_bool("SOME_SWITCH", True) is True and env_bool("SOME_SWITCH", False) is False
    for raw in REFUSED:
        monkeypatch.setenv("SOME_SWITCH", raw)
        with pytest.raises(ImproperlyConfigured, match="SOME_SWITCH"):
            env_bool("SOME_SWITCH", False)


@pytest.mark.parametrize("given", [None, "", "   "])
def test_production_has_no_secret_key_of_its_own(monkeypatch, tmp_path, given):
    if given is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", given)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        secret_key(tmp_path, debug=False)
    assert not (tmp_path / "secret_key").exists()
    made = secret_key(tmp_path, debug=True)  # DEBUG=1: made once, kept for every process
    assert len(made) >= 50 and secret_key(tmp_path, debug=True) == made
    monkeypatch.setenv("SECRET_KEY", "given-" + "k" * 50)
    assert secret_key(tmp_path, debug=False) == "given-" + "k" * 50


def _in_repo(command: list[str], env: dict, *, check: bool = False):
    """`command` run from the repository's root with exactly `env`; its output as text."""
    return subprocess.run(  # noqa: S603 - fixed arguments
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=check
    )


def _manage_check(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    env.update(VAR_DIR=str(tmp_path), PUBLIC_BASE_URL="https://permits.example.gov.cn", **extra)
    return _in_repo([sys.executable, "manage.py", "check"], env)


@pytest.mark.parametrize("given", [None, ""])
def test_debug_0_without_a_secret_key_refuses_to_start(tmp_path, given):
    extra = {"DEBUG": "0"} | ({} if given is None else {"SECRET_KEY": given})
    result = _manage_check(tmp_path, **extra)
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("name", "raw"), [("DEBUG", "yes"), ("DEBUG", "on"), ("SECURE_COOKIES", "2")]
)
def test_a_switch_that_is_not_a_boolean_refuses_to_start(tmp_path, name, raw):
    result = _manage_check(tmp_path, **({"SECRET_KEY": "k" * 60} | {name: raw}))
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr and f"{name}={raw!r}" in result.stderr


def test_serve_prod_gives_every_node_one_kept_secret_key(tmp_path):
    """deploy/env.sh (sourced by serve-prod, node.sh and the drill) exports one SECRET_KEY
    per PROD_DIR, kept in a file only its owner reads; one given in the environment wins."""

    def sourced(**extra) -> str:
        env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
        env.update(PROD_DIR=str(tmp_path / "prod"), **extra)
        script = 'source deploy/env.sh && printf %s "$SECRET_KEY"'
        return _in_repo(["bash", "-c", script], env, check=True).stdout

    first = sourced()
    kept = tmp_path / "prod" / "secret_key"
    assert len(first) >= 50 and kept.read_text().strip() == first
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert sourced() == first  # every later node and worker: the same key
    assert sourced(SECRET_KEY="given-" + "k" * 50) == "given-" + "k" * 50
