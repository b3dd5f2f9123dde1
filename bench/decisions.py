"""Decision latency on PostgreSQL (`make bench`, section "decisions"; issue figures of the
notice task queue). Run as a child of bench.run, or alone:

    DATABASE_URL=postgresql://…/drug_permits_bench python -m bench.decisions [--json-out F]

Everything goes through the services. It measures:
a. one decision alone: 100 approvals in a row (each accepted beforehand, untimed), and 30
   accepts in a row for reference; no worker runs meanwhile, so only the decision is timed;
b. 20 approvals of one department started at once: 20 threads, each with its own connection,
   released together by a threading.Barrier; each call's time from the release;
c. the time from that release until all 20 approval notices are ready, rendered by separate
   `manage.py db_worker` processes (1, then 2 of them; the machine has 2 cores).
Notices are rendered after the commit by those workers (TASKS_BACKEND=database).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
USCC = "91110108DP0000001D"  # Beijing: the applications go to department 110000
DEPARTMENT = "110000"
SEQUENTIAL, ACCEPTS, CONCURRENT = 100, 30, 20
WORKER_COUNTS = (1, 2)


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["TASKS_BACKEND"] = "database"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # server figures: no query log
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_reference", verbosity=0)


def personas():
    from accounts import services
    from reference.models import Department

    enterprise = services.enterprise_upsert(
        uscc=USCC,
        name="北京基准测试医药有限公司",
        address="北京市海淀区",
        name_en="Bench Pharma Co., Ltd.",
        address_en="Haidian, Beijing",
        trade_record_no="B0001",
    )
    password = secrets.token_urlsafe(16)  # nobody signs in
    applicant = services.user_upsert(
        username="bench_decisions_applicant",
        password=password,
        role="enterprise_admin",
        enterprise=enterprise,
        first_name="bench applicant",
    )
    approver = services.user_upsert(
        username="bench_decisions_approver",
        password=password,
        role="approver",
        department=Department.objects.get(code=DEPARTMENT),
        first_name="bench approver",
    )
    return applicant, approver


def accepted(applicant, approver, n: int, timings: list[float] | None = None) -> list:
    """`n` applications made and submitted through the services, then accepted."""
    from review.services import application_accept
    from testing.factories import submitted

    ids = [submitted(applicant).id for _ in range(n)]
    for app_id in ids:
        start = time.perf_counter()
        application_accept(actor=approver, application_id=app_id)
        if timings is not None:
            timings.append(time.perf_counter() - start)
    return ids


def approve_at_once(approver_id: int, ids: list) -> tuple[float, list[float], list[str]]:
    """Approve `ids`, one thread each, released by one barrier: (release time, each call's
    end after the release, errors)."""
    from django.db import connections

    from accounts.models import User
    from review.services import application_approve

    released, ends, errors = [], [], []
    barrier = threading.Barrier(len(ids), action=lambda: released.append(time.perf_counter()))

    def run(app_id) -> None:
        try:
            actor = User.objects.select_related("department").get(pk=approver_id)
            barrier.wait()
            application_approve(actor=actor, application_id=app_id)
            ends.append(time.perf_counter())
        except Exception as exc:  # noqa: BLE001 - reported in the figures
            errors.append(f"{app_id}: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return released[0], [e - released[0] for e in ends], errors


@contextmanager
def workers(n: int):
    """`n` separate `manage.py db_worker` processes for the length of the block."""
    env = {**os.environ, "TASKS_BACKEND": "database"}
    procs = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.05",
                "--no-startup-delay",
                "--worker-id",
                f"bench-{i}",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(n)
    ]
    try:
        yield procs
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)


def wait_ready(ids, kind: str, timeout: float = 300) -> float:
    """Seconds (perf_counter) at which every `kind` notice of `ids` was ready."""
    from permits.models import Notice

    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        pending = Notice.objects.filter(application_id__in=ids, kind=kind).exclude(state="ready")
        if not pending.exists():
            return time.perf_counter()
        time.sleep(0.02)
    raise RuntimeError(f"{kind} notices not ready after {timeout} s")


def drain_backlog() -> None:
    from permits.models import Notice

    with workers(2):
        deadline = time.perf_counter() + 300
        while Notice.objects.filter(state="pending").exists():
            if time.perf_counter() > deadline:
                raise RuntimeError("backlog not drained")
            time.sleep(0.05)


def measure() -> dict:
    from bench.stats import summary_ms, timed
    from documents.rendering import warm_up
    from review.services import application_approve

    applicant, approver = personas()
    warm_up()
    drain_backlog()  # notices of earlier runs

    print(f"a. {SEQUENTIAL} approvals in a row (no worker running)", flush=True)
    accept_times: list[float] = []
    ids = accepted(applicant, approver, ACCEPTS, accept_times)
    ids += accepted(applicant, approver, SEQUENTIAL - ACCEPTS)
    approve = summary_ms(
        [timed(lambda i=i: application_approve(actor=approver, application_id=i)) for i in ids]
    )
    result = {"alone": {"approve": approve, "accept": summary_ms(accept_times)}, "bursts": []}
    drain_backlog()

    for n in WORKER_COUNTS:
        print(f"b./c. {CONCURRENT} approvals at once, {n} worker(s)", flush=True)
        ids = accepted(applicant, approver, CONCURRENT)
        with workers(n):
            wait_ready(ids, "acceptance")  # the workers are idle at the release
            release, walls, errors = approve_at_once(approver.pk, ids)
            ready = wait_ready(ids, "approval") - release
        result["bursts"].append(
            {
                "workers": n,
                "calls": len(walls),
                "errors": errors,
                "walls_ms": sorted(round(w * 1e3) for w in walls),
                "max_ms": max(walls) * 1e3 if walls else None,
                "ready_ms": ready * 1e3,
            }
        )
    return result


#: Measured on commit 2af3072 (notices rendered inside the decision's transaction), same
#: machine kind, same script shape: the figures this work is compared with.
BEFORE = {
    "approve": "p50 389-426 ms, p95 638-641 ms",
    "accept": "p50 213-214 ms, p95 218-225 ms",
    "burst": "last of 20 returned after 10.0-10.9 s (p50 5.6 s); notices ready = last commit",
}


def report_lines(result: dict) -> list[str]:
    """The section of var/bench/report.md."""
    lines = ["Decisions (审批决定) — PostgreSQL; notices made after the commit by task workers"]
    if "error" in result or "skipped" in result:
        return lines + [f"  not measured: {result.get('error') or result.get('skipped')}", ""]
    alone = result["alone"]
    a, c = alone["approve"], alone["accept"]
    lines += [
        f"  load average {result['load_before']:.1f} -> {result['load_after']:.1f}",
        f"  a. one approval alone, {a['n']} in a row: p50 {a['p50']:.1f}, p95 {a['p95']:.1f}, "
        f"max {a['max']:.1f} (target p95 < 50) {'PASS' if a['p95'] < 50 else 'FAIL'}",
        f"     one acceptance alone, {c['n']} in a row: p50 {c['p50']:.1f}, p95 {c['p95']:.1f}",
        f"     before: approval {BEFORE['approve']}; acceptance {BEFORE['accept']}",
    ]
    for burst in result["bursts"]:
        ok = burst["max_ms"] is not None and burst["max_ms"] < 1000 and not burst["errors"]
        lines += [
            f"  b. {burst['calls']} approvals of one department at once ({burst['workers']} "
            f"worker process(es) running): last returned after {burst['max_ms']:.0f} "
            f"(target < 1000) {'PASS' if ok else 'FAIL'}; each: {burst['walls_ms']}",
            f"  c. all {burst['calls']} approval notices ready {burst['ready_ms']:.0f} after the "
            f"release, with {burst['workers']} worker process(es)",
        ]
        lines += [f"     error: {e}" for e in burst["errors"]]
    lines.append(f"     before: {BEFORE['burst']}")
    return lines + [""]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json-out", help="write the figures here as JSON")
    args = parser.parse_args(argv)
    setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("decisions: PostgreSQL only (set DATABASE_URL)", file=sys.stderr)
        return 2
    result = {"load_before": os.getloadavg()[0], **measure(), "load_after": os.getloadavg()[0]}
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.json_out:
        Path(args.json_out).write_text(text, encoding="utf-8")
    else:
        print(text)
    return 1 if any(b["errors"] for b in result["bursts"]) else 0


if __name__ == "__main__":
    sys.exit(main())
