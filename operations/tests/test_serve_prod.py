"""CI smoke test of the production topology (PostgreSQL only): make serve-prod on a port and
a database of its own, one request through nginx, make stop-prod; everything it started is
gone afterwards, whatever happened in between."""

import os
import random
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the production topology runs on PostgreSQL (make test-pg)",
    ),
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx: make prod-packages"),
]


def _free_ports(count: int) -> int:
    """A first port such that it and the next `count - 1` are free on loopback."""
    for _ in range(50):
        first = random.randrange(18000, 19900, 10)
        try:
            for port in range(first, first + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free ports")


def _smoke_database_url() -> str:
    url = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/drug_permits"
    name = dj_database_url.parse(url)["NAME"]
    return url.rsplit("/", 1)[0] + f"/{name}_smoke"


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def _pids(prod_dir: Path) -> list[int]:
    return [int(p.read_text()) for p in prod_dir.rglob("*.pid") if p.read_text().strip()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_serve_prod_one_request_stop_prod():
    port = _free_ports(3)
    prod_dir = REPO / "var" / "prod" / str(port)
    env = {
        **os.environ,
        "PROD_PORT": str(port),
        "DATABASE_URL": _smoke_database_url(),
        "GUNICORN_WORKERS": "1",
    }
    make = ["make", "--no-print-directory", "-C", str(REPO)]  # noqa: S607 - make on PATH
    started = []
    try:
        serve = subprocess.run(  # noqa: S603 - our own make target
            [*make, "serve-prod", f"PROD_PORT={port}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        started = _pids(prod_dir)
        assert serve.returncode == 0, serve.stdout[-3000:] + serve.stderr[-3000:]

        status, headers, body = _get(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200
        assert "X-Request-ID" in headers
        assert "nginx" in headers.get("Server", "")
        assert b"ent_a_admin" not in body
        status, _headers, _body = _get(f"http://127.0.0.1:{port}/metrics")
        assert status == 403
    finally:
        stop = subprocess.run(  # noqa: S603 - our own make target
            [*make, "stop-prod", f"PROD_PORT={port}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        started = started or _pids(prod_dir)
        shutil.rmtree(prod_dir, ignore_errors=True)
    assert stop.returncode == 0, stop.stderr
    assert len(started) >= 5  # nginx, two gunicorn masters, two task workers
    assert [pid for pid in started if _alive(pid)] == []
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
