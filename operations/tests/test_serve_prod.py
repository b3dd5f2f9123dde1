"""CI smoke test of the production topology (PostgreSQL only): make serve-prod on a port and
a database of its own, one request through nginx, make stop-prod; everything it started is
gone afterwards, whatever happened in between."""

import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parents[2]

# nginx comes with `make prod-packages`, which make test-pg and make serve-prod run.
pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="the production topology runs on PostgreSQL (make test-pg)",
)


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


def _too_large(port: int):
    """A POST announcing a body over the limit: nginx answers before reading it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("POST", "/api/v1/applications/x/attachments/y")
        connection.putheader("Content-Length", str(50 * 1024 * 1024))
        connection.putheader("Content-Type", "application/pdf")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


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
        status, body = _too_large(port)
        assert status == 413
        assert json.loads(body)["errors"][0]["field"] == "file"

        # every node down: nginx's own 502, in the API's error shape under /api/
        for pid_file in prod_dir.glob("node*/gunicorn.pid"):
            os.kill(int(pid_file.read_text()), signal.SIGTERM)
        status, headers, body = _get(f"http://127.0.0.1:{port}/api/v1/reference/units")
        for _ in range(50):
            if status == 502:
                break
            time.sleep(0.2)
            status, headers, body = _get(f"http://127.0.0.1:{port}/api/v1/reference/units")
        assert status == 502
        assert headers["Content-Type"].startswith("application/json")
        assert set(json.loads(body)) == {"detail", "errors"}
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
