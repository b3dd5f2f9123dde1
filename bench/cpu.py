"""CPU time per request under load, read from /proc (Linux): where a case's cost goes.

A throughput ratio says how much slower a case is than the bare view, not where the time goes.
Sampled before and after a case's wrk run: the CPU of the gunicorn server that answered it
(master and workers), of PostgreSQL's processes when they run on this machine, and of the
whole machine (the rest is wrk, the kernel's loopback work and anything else running). Each
divided by the requests wrk completed gives milliseconds of CPU per request.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _process(stat: str) -> tuple[int, str, float]:
    """(parent pid, command name, CPU seconds) from a /proc/<pid>/stat line. The name is in
    parentheses and may itself hold spaces or parentheses: the fields follow its last ')'."""
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    # fields[0] is the state; then ppid (1) ... utime (11) and stime (12), in clock ticks
    return int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICK


def processes(proc: Path = PROC) -> dict[int, tuple[int, str, float]]:
    """Every process this machine shows: pid → (parent pid, name, CPU seconds)."""
    table = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            table[int(entry.name)] = _process((entry / "stat").read_text())
        except (OSError, ValueError, IndexError):
            continue  # it ended between the listing and the read
    return table


def _family(table: dict, root: int) -> set[int]:
    members, grew = {root}, True
    while grew:
        more = {pid for pid, (parent, _, _) in table.items() if parent in members}
        grew = not more <= members
        members |= more
    return members & table.keys()


def machine_busy(proc: Path = PROC) -> float:
    """CPU seconds all cores spent on anything but idling (user, nice, system, irq, softirq;
    steal is another guest's time and guest time is already in user)."""
    fields = (proc / "stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[:7])
    return (user + nice + system + irq + softirq) / TICK


def sample(server_pid: int, proc: Path = PROC) -> dict | None:
    """CPU seconds so far of the server (a process and its descendants), of PostgreSQL's
    processes (None when none is visible: a database on another host) and of the machine."""
    try:
        table = processes(proc)
        busy = machine_busy(proc)
    except OSError:
        return None  # no /proc: not Linux
    postgres = [cpu for _, name, cpu in table.values() if name == "postgres"]
    return {
        "server": sum(table[pid][2] for pid in _family(table, server_pid)),
        "postgres": sum(postgres) if postgres else None,
        "machine": busy,
    }


def per_request(before: dict | None, after: dict | None, requests: int) -> dict | None:
    """Milliseconds of CPU per request between two samples: the server, PostgreSQL, the rest of
    the machine and the machine in all."""
    if not before or not after or requests <= 0:
        return None

    def ms(key: str) -> float | None:
        if before[key] is None or after[key] is None:
            return None
        return 1000 * max(after[key] - before[key], 0.0) / requests

    server, postgres, machine = ms("server"), ms("postgres"), ms("machine")
    return {
        "server_ms": server,
        "postgres_ms": postgres,
        "rest_ms": max(machine - server - (postgres or 0.0), 0.0),
        "machine_ms": machine,
    }
