"""The fork server: a plain interpreter (no Django) with qpdf imported once, listening on an
abstract Unix socket. For each connection it forks a supervisor, which reads the file, forks
the judge with hard limits and reports how it ended:

- address space (RLIMIT_AS) and CPU time (RLIMIT_CPU: SIGXCPU at the soft limit, SIGKILL one
  second later) are enforced by the kernel on the judge alone;
- wall time by the supervisor, which kills the judge when the deadline passes (a file that
  makes the parser wait rather than compute);
- the judge may not write files or dump core.

Forking a process that has already imported the parser costs about a millisecond; starting an
interpreter and importing qpdf would cost ~150 ms a check. The server exits when the process
that started it closes its stdin (it dies or is reloaded).

Run as `python -m documents.pdfguard.server ADDRESS`.
"""

import json
import os
import resource
import select
import signal
import socket
import sys
import time

from documents.pdfguard.client import HEADER
from documents.pdfguard.scan import scan


def _recv_exact(conn: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = conn.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("client went away")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _judge(data: bytes, memory_mb: int, cpu_seconds: int, out_fd: int) -> None:
    """In the judge (never returns): limits first, then the parse, the verdict on `out_fd`."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        try:
            verdict = scan(data)
        except MemoryError:
            verdict = {"outcome": "limit", "limit": "memory"}
        except RecursionError:
            verdict = {"outcome": "damaged"}
        except Exception as exc:  # a parser fault on a hostile file: refuse it, say why
            verdict = {"outcome": "damaged", "error": f"{type(exc).__name__}: {exc}"[:300]}
        os.write(out_fd, json.dumps(verdict).encode())
    finally:
        os._exit(0)


def _wait(pid: int, wall: float):
    """Wait for the judge until the wall deadline; kill it past that. (status, rusage, late)."""
    pidfd = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([pidfd], [], [], wall)
    finally:
        os.close(pidfd)
    late = not ready
    if late:
        os.kill(pid, signal.SIGKILL)
    _pid, status, usage = os.wait4(pid, 0)
    return status, usage, late


def _supervise(conn: socket.socket) -> None:
    """In the supervisor: read one request, run one judge, answer, exit."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    memory_mb, cpu_seconds, wall, size = HEADER.unpack(_recv_exact(conn, HEADER.size))
    data = _recv_exact(conn, size)
    read_fd, write_fd = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _judge(data, memory_mb, cpu_seconds, write_fd)
    os.close(write_fd)
    status, usage, late = _wait(pid, wall)
    raw = b""
    while chunk := os.read(read_fd, 65536):
        raw += chunk
    verdict = json.loads(raw) if raw else {}
    if late:
        verdict = {"outcome": "limit", "limit": "wall"}
    elif not verdict:
        killed_by = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        cpu_kill = killed_by == signal.SIGXCPU or (
            killed_by == signal.SIGKILL and usage.ru_utime + usage.ru_stime >= cpu_seconds
        )
        # Without a verdict the judge died: at the CPU limit, or (an allocation refused by
        # the address-space limit deep in C++) by abort.
        verdict = {"outcome": "limit", "limit": "cpu" if cpu_kill else "memory"}
    verdict["wall_ms"] = round((time.monotonic() - started) * 1000, 1)
    verdict["cpu_ms"] = round((usage.ru_utime + usage.ru_stime) * 1000, 1)
    verdict["peak_kb"] = usage.ru_maxrss
    conn.sendall(json.dumps(verdict).encode())


def serve(address: str) -> None:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped by the kernel
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1):
            return
        if listener not in ready:
            continue
        conn, _ = listener.accept()
        if os.fork() == 0:
            listener.close()
            try:
                _supervise(conn)
            finally:
                os._exit(0)
        conn.close()


if __name__ == "__main__":
    serve("\0" + sys.argv[1])
