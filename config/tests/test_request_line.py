"""A request line over 4,094 bytes is a 414 in the answer's own shape — JSON under /api/ —
from the application (the test client), from a gunicorn node alone (deploy/gunicorn.conf.py)
and through nginx (deploy/nginx.conf.template), which refuses lines past gunicorn's maximum
itself, in the same JSON shape."""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from config.middleware import MAX_REQUEST_LINE
from testing.servers import free_port, gunicorn_node, wait_until

REPO = Path(__file__).resolve().parents[2]
API = "/api/v1/reference/units?q="


def _target(path: str, line_length: int, method: str = "GET") -> str:
    """`path` padded so that `METHOD target HTTP/1.1` is `line_length` bytes long."""
    pad = line_length - len(f"{method}  HTTP/1.1") - len(path)
    return path + "a" * pad


def _shaped_414(response_status, content_type: str, body: bytes) -> None:
    assert response_status == 414
    assert content_type.startswith("application/json")
    answer = json.loads(body)
    assert set(answer) == {"detail", "errors"} and answer["errors"] == []


@pytest.mark.django_db
def test_the_app_answers_414_in_the_api_shape(anon):
    response = anon.get(_target(API, 5_000))
    _shaped_414(response.status_code, response["Content-Type"], response.content)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_page_gets_a_plain_414(anon):
    response = anon.get(_target("/accounts/login/?next=", 5_000))
    assert response.status_code == 414
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_a_line_at_the_limit_is_served(anon):
    assert anon.get(_target(API, MAX_REQUEST_LINE)).status_code == 401  # reached the API
    assert anon.get(_target(API, MAX_REQUEST_LINE + 1)).status_code == 414


def _raw(port: int, target: str, method: str = "GET") -> tuple[int, dict, bytes]:
    """One request with this exact request line; (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        head = f"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        sock.sendall(head.encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _colon, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


def test_a_gunicorn_node_alone(tmp_path):
    with gunicorn_node(tmp_path, workers=1) as (base, _master):
        port = int(base.rsplit(":", 1)[1])
        status, headers, body = _raw(port, _target(API, 5_000))
        _shaped_414(status, headers["content-type"], body)
        status, headers, body = _raw(port, _target(API, 8_190))
        _shaped_414(status, headers["content-type"], body)  # gunicorn let it through
        assert _raw(port, _target(API, 4_000))[0] == 401


def _nginx_conf(folder: Path, port: int, upstream: int) -> Path:
    """deploy/nginx.conf.template with its placeholders filled in, as serve-prod.sh does."""
    text = (REPO / "deploy" / "nginx.conf.template").read_text()
    for name, value in {
        "@PROD_DIR@": str(folder),
        "@PROD_PORT@": str(port),
        "@BODY_MAX@": "11534336",
        "@STATIC_ROOT@": str(folder / "static"),
        "@MSG_413@": "too large",
    }.items():
        text = text.replace(name, value)
    text = text.replace("@UPSTREAMS@", f"        server 127.0.0.1:{upstream};")
    (folder / "nginx").mkdir()
    conf = folder / "nginx.conf"
    conf.write_text(text)
    return conf


def _stop(folder: Path) -> None:
    pid_file = folder / "nginx.pid"
    if pid_file.exists() and pid_file.read_text().strip():
        pid = int(pid_file.read_text())
        try:
            os.kill(pid, signal.SIGQUIT)
        except ProcessLookupError:
            return
        wait_until(lambda: not pid_file.exists(), 10)


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx comes with make prod-packages")
def test_through_nginx(tmp_path):
    with gunicorn_node(tmp_path, workers=1) as (base, _master):
        port = free_port()
        conf = _nginx_conf(tmp_path, port, int(base.rsplit(":", 1)[1]))
        prefix = ["nginx", "-c", str(conf), "-p", f"{tmp_path}/nginx/"]
        subprocess.run([*prefix, "-t", "-q"], check=True, capture_output=True, timeout=30)  # noqa: S603
        subprocess.run(prefix, check=True, capture_output=True, timeout=30)  # noqa: S603
        try:
            assert wait_until(lambda: (tmp_path / "nginx.pid").exists(), 10)
            time.sleep(0.2)
            for length in (5_000, 8_190):  # the application's 414, through nginx
                status, headers, body = _raw(port, _target(API, length))
                _shaped_414(status, headers["content-type"], body)
                assert "x-request-id" in headers
            for length, path in ((8_191, API), (20_000, API), (9_000, "/accounts/login/?q=")):
                status, headers, body = _raw(port, _target(path, length))  # nginx's own
                _shaped_414(status, headers["content-type"], body)
            assert _raw(port, "/.request-line-too-long")[0] == 404  # not a page of its own
        finally:
            _stop(tmp_path)


def test_the_nginx_limit_is_not_below_gunicorns():
    template = (REPO / "deploy" / "nginx.conf.template").read_text()
    gunicorn = (REPO / "deploy" / "gunicorn.conf.py").read_text()
    assert "limit_request_line = 8190" in gunicorn
    assert "large_client_header_buffers 4 8k;" in template  # 8192 with CRLF: lines of 8190
    assert "error_page 414 /.request-line-too-long;" in template
