"""CPU per request from /proc: parsed right, summed over the right processes, divided right."""

import subprocess
import sys
from pathlib import Path

import pytest

from bench import cpu
from bench.report import cpu_lines


def _stat(pid: int, name: str, ppid: int, utime: int, stime: int) -> str:
    # pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    return f"{pid} ({name}) S {ppid} 1 1 0 -1 4194560 10 0 0 0 {utime} {stime} 0 0 20 0 1 0\n"


def _fake_proc(tmp_path: Path, rows: list[tuple], busy=(100, 0, 50, 900, 5, 3, 7)) -> Path:
    for pid, name, ppid, utime, stime in rows:
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(_stat(pid, name, ppid, utime, stime))
    (tmp_path / "self").mkdir()  # not a pid: skipped
    (tmp_path / "77").mkdir()  # a process that ended before its stat was read
    fields = " ".join(str(v) for v in busy)
    (tmp_path / "stat").write_text(f"cpu  {fields} 11 0 0\ncpu0 1 2 3\n")
    return tmp_path


def test_a_stat_line_is_read_after_the_last_parenthesis_of_its_name():
    parent, name, seconds = cpu._process(_stat(9, "gunicorn: (worker) x", 4, 150, 50))
    assert (parent, name) == (4, "gunicorn: (worker) x")
    assert seconds == pytest.approx(200 / cpu.TICK)


def test_the_server_is_its_process_and_every_descendant_and_postgres_is_summed(tmp_path):
    proc = _fake_proc(
        tmp_path,
        [
            (10, "gunicorn", 1, 100, 0),
            (11, "gunicorn", 10, 300, 100),
            (12, "gunicorn", 10, 200, 0),
            (13, "python", 11, 50, 50),  # a worker's child
            (20, "gunicorn", 1, 999, 999),  # another server
            (30, "postgres", 1, 40, 10),
            (31, "postgres", 30, 200, 50),
        ],
    )
    table = cpu.processes(proc)
    assert set(table) == {10, 11, 12, 13, 20, 30, 31}
    got = cpu.sample(10, proc)
    assert got["server"] == pytest.approx(800 / cpu.TICK)
    assert got["postgres"] == pytest.approx(300 / cpu.TICK)
    # busy: user + nice + system + irq + softirq, not idle or iowait
    assert got["machine"] == pytest.approx(160 / cpu.TICK)


def test_without_a_visible_postgres_its_share_is_unknown_not_zero(tmp_path):
    proc = _fake_proc(tmp_path, [(10, "gunicorn", 1, 100, 0)])
    assert cpu.sample(10, proc)["postgres"] is None
    assert cpu.sample(10, tmp_path / "missing") is None


def test_per_request_divides_each_share_and_the_rest_is_what_remains():
    before = {"server": 1.0, "postgres": 2.0, "machine": 10.0}
    after = {"server": 3.0, "postgres": 2.5, "machine": 14.0}
    got = cpu.per_request(before, after, 1000)
    assert got == pytest.approx(
        {"server_ms": 2.0, "postgres_ms": 0.5, "rest_ms": 1.5, "machine_ms": 4.0}
    )
    unknown = cpu.per_request({**before, "postgres": None}, after, 1000)
    assert unknown["postgres_ms"] is None and unknown["rest_ms"] == pytest.approx(2.0)
    assert cpu.per_request(None, after, 1000) is None
    assert cpu.per_request(before, after, 0) is None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_live_child_burning_cpu_counts_for_its_parent():
    code = (
        "import sys, time\n"
        "t = time.process_time()\n"
        "while time.process_time() - t < 0.3: pass\n"
        "print('done', flush=True)\n"
        "sys.stdin.read()\n"
    )
    before = cpu.sample(cpu.os.getpid())
    child = subprocess.Popen(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline() == "done\n"
        after = cpu.sample(cpu.os.getpid())
    finally:
        child.communicate("")
    assert after["server"] - before["server"] >= 0.25
    assert after["machine"] - before["machine"] >= 0.25


def test_the_report_shows_each_share_and_the_multiple_of_the_bare_view():
    bare = {"server_ms": 0.5, "postgres_ms": None, "rest_ms": 0.3, "machine_ms": 0.8}
    detail = {"server_ms": 2.0, "postgres_ms": 0.4, "rest_ms": 0.6, "machine_ms": 3.0}
    lines = cpu_lines(
        [
            {"name": "bare", "cpu": bare},
            {"name": "API detail", "cpu": detail},
            {"name": "not sampled", "cpu": None},
        ]
    )
    row = next(line for line in lines if "API detail" in line)
    assert row.split()[-5:] == ["2.00", "0.40", "0.60", "3.00", "3.8"]
    assert next(line for line in lines if line.strip().startswith("bare")).split()[2] == "-"
    assert not any("not sampled" in line for line in lines)
    assert cpu_lines([{"name": "bare"}]) == []
