"""The web process's side of the fork server: start it once per process (lazily, again after a
fork or if it died) and ask it for one verdict per file.

While a check runs, the calling thread (a gunicorn sync worker, say) only waits on a socket:
the parse's CPU time and memory are the judge's, bounded by its limits, so the worker costs
nothing but its slot for at most the wall limit."""

import json
import os
import secrets
import socket
import struct
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A request: memory MB, CPU seconds, wall seconds, file size; then the file. (The web process
# never imports the parser: this module is all it loads of the sandbox.)
HEADER = struct.Struct("!IIdQ")
_lock = threading.Lock()
_server: dict = {}


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 256
    cpu_seconds: int = 2
    wall_seconds: float = 3.0


@dataclass(frozen=True)
class Verdict:
    """How the judge ended. outcome: ok, encrypted, damaged, active or layout (with reasons,
    and details of what was found where) or limit (with which: memory, cpu, wall); measured:
    wall and CPU milliseconds, peak resident KB."""

    outcome: str
    pages: int = 0
    reasons: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    limit: str | None = None
    wall_ms: float = 0.0
    cpu_ms: float = 0.0
    peak_kb: int = 0
    raw: dict = field(default_factory=dict, compare=False, repr=False)


def _start() -> str:
    address = f"drug-permits-pdfguard-{os.getpid()}-{secrets.token_hex(8)}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "documents.pdfguard.server", address],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        close_fds=True,
    )
    if process.stdout.readline().strip() != b"ready":
        process.kill()
        raise RuntimeError("the PDF check server did not start")
    _server.update(pid=os.getpid(), process=process, address=address)
    return address


def _address() -> str:
    with _lock:
        process = _server.get("process")
        if _server.get("pid") != os.getpid() or process is None or process.poll() is not None:
            return _start()
        return _server["address"]


def server_pid() -> int | None:
    """The fork server's process id in this process (tests and diagnostics)."""
    process = _server.get("process")
    return process.pid if process is not None and _server.get("pid") == os.getpid() else None


def _ask(address: str, data: bytes, limits: Limits) -> dict:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect("\0" + address)
        head = HEADER.pack(limits.memory_mb, limits.cpu_seconds, limits.wall_seconds, len(data))
        conn.sendall(head + data)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    if not chunks:
        raise ConnectionError("the PDF check ended without a verdict")
    return json.loads(b"".join(chunks))


def judge(data: bytes, limits: Limits | None = None) -> Verdict:
    """The verdict of the sandboxed parse of `data` (one retry if the server had gone)."""
    limits = limits or Limits()
    try:
        raw = _ask(_address(), data, limits)
    except (ConnectionError, FileNotFoundError, OSError):
        with _lock:
            _server.clear()
        raw = _ask(_address(), data, limits)
    return Verdict(
        outcome=raw.get("outcome", "damaged"),
        pages=raw.get("pages", 0),
        reasons=tuple(raw.get("reasons", ())),
        details=tuple(raw.get("details", ())),
        limit=raw.get("limit"),
        wall_ms=raw.get("wall_ms", 0.0),
        cpu_ms=raw.get("cpu_ms", 0.0),
        peak_kb=raw.get("peak_kb", 0),
        raw=raw,
    )
