"""Upload bytes never outlive the process that received them: a gunicorn worker is killed
(SIGKILL) in the middle of reading a 6 MB upload, and the temporary folder is empty after."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from documents.upload_handler import BoundedUploadHandler

ROOT = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _open_files_under(pid: int, folder: Path) -> list[str]:
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found


def _wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.fixture
def server(tmp_path):
    """gunicorn with one sync worker; TMPDIR is a folder of this test's own."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    (tmp_path / "worker").mkdir()
    port = _free_port()
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
        + ["--worker-tmp-dir", str(tmp_path / "worker"), "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: _children(process.pid) and socket.create_connection(("127.0.0.1", port)))
        yield process, port, temp
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_a_worker_killed_mid_upload_leaves_no_temporary_file(server):
    process, port, temp = server
    assert settings.FILE_UPLOAD_HANDLERS == ["documents.upload_handler.BoundedUploadHandler"]

    boundary = "hostileboundary"
    part = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    total = 6 * 1024 * 1024
    head = (
        f"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Cookie: csrftoken={'a' * 32}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(part) + total}\r\n\r\n"
    ).encode()
    _warm_up(port)
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(head + part + b"%PDF-1.7\n" + b"\0" * (3 * 1024 * 1024))  # half the body
        worker = _children(process.pid)[0]
        # The worker holds the upload in a temporary file under TMPDIR: past the memory size.
        # The worker holds the upload in a file under TMPDIR: past the memory size.
        _wait_for(lambda: _open_files_under(worker, temp))
        os.kill(worker, signal.SIGKILL)
        _wait_for(lambda: not Path(f"/proc/{worker}").exists() or _zombie(worker))
    assert list(temp.iterdir()) == []


def _warm_up(port: int) -> None:
    """One request first, so the worker has imported every view (some imports write and
    remove temporary files of their own) before the temporary folder is watched."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(b"GET /api/v1/nothing HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    assert b" 404 " in answer.split(b"\r\n")[0]


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except FileNotFoundError:
        return True


def test_bytes_past_the_limit_are_counted_not_kept(settings):
    settings.UPLOAD_MAX_BYTES = 10
    handler = BoundedUploadHandler()
    handler.new_file("file", "x.pdf", "application/pdf", None)
    handler.receive_data_chunk(b"12345678", 0)
    handler.receive_data_chunk(b"12345678", 8)
    uploaded = handler.file_complete(16)
    assert uploaded.size == 16
    assert uploaded.read() == b"12345678"
