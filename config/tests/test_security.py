import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_security_headers_on_pages(anon):
    response = anon.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts(anon):
    html = anon.get("/accounts/login/").content.decode()
    for chunk in html.split("<script")[1:]:
        head = chunk.split(">", 1)[0]
        assert "src=" in head or 'type="application/json"' in head, head


def _run(args, env_extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(env_extra)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-0123456789",
            "ALLOWED_HOSTS": "permits.example.gov.cn",
            "PUBLIC_BASE_URL": "https://permits.example.gov.cn",
            "VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_public_base_url(tmp_path):
    """A permit's QR code must never carry a loopback address: no default with DEBUG=0."""
    result = _run(
        ["check"],
        {"DEBUG": "0", "SECRET_KEY": "k" * 60, "VAR_DIR": str(tmp_path), "PUBLIC_BASE_URL": ""},
    )
    assert result.returncode != 0 and "PUBLIC_BASE_URL must be set" in result.stderr


def test_production_settings_use_secure_cookies(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = _run(
        ["shell", "--no-imports", "-c", code],
        {
            "DEBUG": "0",
            "SECRET_KEY": "k" * 60,
            "VAR_DIR": str(tmp_path),
            "PUBLIC_BASE_URL": "https://permits.example.gov.cn",
        },
    )
    assert result.stdout.split() == ["True", "True", "False"], result.stderr
