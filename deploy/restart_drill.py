"""The restart drill (make restart-drill): a bounded load of mixed reads and draft saves goes
through nginx on loopback while (1) every node is reloaded in turn, gracefully (gunicorn HUP,
task workers TERM then started again): no request may fail; then (2) one node is killed with
SIGKILL, its gunicorn and its task worker, while decisions have their notices rendered: only
requests in flight on it may fail, and the task its worker was running must be run again.
Afterwards the database is checked for half-written applications. Prints the counts; exits 1
when the graceful phase failed a request or a check failed.

Run under deploy/env.sh's environment (the Makefile does); starts serve-prod if nothing
serves PROD_PORT yet and then stops it again at the end.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from drill_client import Api, gunicorn_workers, node_pid, wait_ready  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("PROD_PORT", "8080"))
PROD_DIR = Path(os.environ.get("PROD_DIR", REPO / "var" / "prod" / str(PORT)))
NODES = int(os.environ.get("PROD_NODES", "2"))
WORKERS = int(os.environ.get("GUNICORN_WORKERS", "2"))
GRACEFUL_SECONDS = int(os.environ.get("DRILL_SECONDS", "60"))
KILL_SECONDS = int(os.environ.get("DRILL_KILL_SECONDS", "40"))
DECISIONS = int(os.environ.get("DRILL_DECISIONS", "8"))
PY = str(REPO / ".venv" / "bin" / "python")


def manage(*args: str) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout


def start_wrk(seconds: int, token: str, app_id: str) -> subprocess.Popen:
    env = {**os.environ, "DRILL_TOKEN": token, "DRILL_APP": app_id}
    command = ["wrk", "-t2", "-c6", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(REPO / "deploy" / "drill.lua"), f"http://127.0.0.1:{PORT}"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def wrk_counts(process: subprocess.Popen) -> dict:
    out, _ = process.communicate(timeout=600)
    lines = [ln for ln in out.splitlines() if ln.startswith("DRILL ")]
    if not lines:
        raise SystemExit(f"wrk gave no counts:\n{out}")
    line = lines[0]
    counts = json.loads(line[len("DRILL ") :])
    bad_status = sum(n for s, n in counts["statuses"].items() if not s.startswith("2"))
    socket = sum(counts[k] for k in ("connect", "read", "write", "timeout"))
    counts["failed"] = bad_status + socket
    return counts


def describe(counts: dict) -> str:
    return (
        f"{counts['requests']} requests, {counts['failed']} failed "
        f"(statuses {counts['statuses']}; socket errors connect {counts['connect']}, "
        f"read {counts['read']}, write {counts['write']}, timeout {counts['timeout']}; "
        f"p50 {counts['p50_ms']} ms, p99 {counts['p99_ms']} ms)"
    )


def reload_node(n: int) -> None:
    """gunicorn: USR2 starts a new master beside the old one on the same socket; once its
    workers have loaded the app, TERM stops the old master, which finishes its requests.
    Then the task workers: TERM (the running task finishes), started again."""
    pid_file = PROD_DIR / f"node{n}" / "gunicorn.pid"
    ready = PROD_DIR / f"node{n}" / "ready"
    old = node_pid(PROD_DIR, n, "gunicorn")
    os.kill(old, signal.SIGUSR2)
    new = _wait(
        lambda: _new_master(pid_file.with_name("gunicorn.pid.2"), old), f"node{n}: no new master"
    )
    workers = _wait(
        lambda: (
            (w := gunicorn_workers(new))
            and len(w) >= WORKERS
            and all((ready / str(p)).exists() for p in w)
            and w
        ),
        f"node{n}: the new workers did not load",
    )
    os.kill(old, signal.SIGTERM)
    _wait(lambda: not _alive(old), f"node{n}: the old master did not stop")
    _wait(lambda: _new_master(pid_file, old) == new, f"node{n}: the new master did not take over")
    wait_ready(PORT + n)
    for task_pid_file in sorted((PROD_DIR / f"node{n}").glob("tasks*.pid")):
        pid = int(task_pid_file.read_text())
        os.kill(pid, signal.SIGTERM)
        _wait(lambda pid=pid: not _alive(pid), f"node{n}: task worker {pid} did not stop")
    subprocess.run([str(REPO / "deploy" / "node.sh"), "start-tasks", str(n)], check=True)
    print(f"  node{n} reloaded: master {old} -> {new}, workers {sorted(workers)}", flush=True)


def _new_master(pid_file: Path, old: int) -> int | None:
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return None
    return pid if pid != old and _alive(pid) else None


def _wait(probe, failure: str, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit(failure)


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and _not_zombie(pid)


def _not_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] != "Z"
    except OSError:
        return False


def kill_node(n: int) -> list[str]:
    """SIGKILL node n's gunicorn (master and workers) and its task workers, at a moment one of
    its task workers runs a task when that can be caught; the ids of the tasks it ran."""
    from django_tasks_db.models import DBTaskResult

    task_pids = {str(int(p.read_text())) for p in (PROD_DIR / f"node{n}").glob("tasks*.pid")}

    def running_here() -> list[str]:
        rows = DBTaskResult.objects.filter(status="RUNNING").values_list("id", "worker_ids")
        return [str(pk) for pk, ids in rows if ids and ids[-1].split(":")[1] in task_pids]

    deadline = time.monotonic() + 10
    caught = running_here()
    while not caught and time.monotonic() < deadline:
        time.sleep(0.02)
        caught = running_here()
    # process groups: a master started by USR2 is in its predecessor's group
    os.killpg(os.getpgid(node_pid(PROD_DIR, n, "gunicorn")), signal.SIGKILL)
    for pid in task_pids:
        os.killpg(os.getpgid(int(pid)), signal.SIGKILL)
    return caught


def wait_tasks_done(task_ids: list[str], app_ids: list[str], seconds: int = 90) -> dict:
    from django_tasks_db.models import DBTaskResult

    from permits.models import Notice

    deadline = time.monotonic() + seconds
    while True:
        finished = DBTaskResult.objects.filter(pk__in=task_ids, status="SUCCESSFUL").count()
        pending = Notice.objects.filter(application_id__in=app_ids).exclude(state="ready").count()
        if (finished == len(task_ids) and not pending) or time.monotonic() > deadline:
            return {"finished": finished, "notices_not_ready": pending}
        time.sleep(0.5)


def half_written() -> dict:
    """Applications whose history does not end in their status, or that have none; stored
    documents whose file is missing or differs from its row's SHA-256."""
    from django.core.files.storage import default_storage
    from django.db.models import F, OuterRef, Subquery

    from permits.models import Application, Attachment, Notice, StatusChange

    last = StatusChange.objects.filter(application=OuterRef("pk")).order_by("-at", "-id")
    apps = Application.objects.annotate(last=Subquery(last.values("to_status")[:1]))
    broken_files = 0
    rows = list(Attachment.objects.values_list("storage_name", "sha256"))
    rows += list(Notice.objects.filter(state="ready").values_list("storage_name", "sha256"))
    for name, sha in rows:
        try:
            with default_storage.open(name, "rb") as handle:
                broken_files += hashlib.sha256(handle.read()).hexdigest() != sha
        except OSError:
            broken_files += 1
    return {
        "applications": apps.count(),
        "without_history": apps.filter(last__isnull=True).count(),
        "status_not_in_history": apps.exclude(last__isnull=True).exclude(last=F("status")).count(),
        "documents": len(rows),
        "documents_missing_or_altered": broken_files,
    }


def main() -> int:
    import django

    django.setup()
    started_here = not Api(PORT).serving()
    if started_here:
        subprocess.run([str(REPO / "deploy" / "serve-prod.sh")], check=True)
    try:
        return drill()
    finally:
        if started_here:
            subprocess.run([str(REPO / "deploy" / "stop-prod.sh")], check=False)


def drill() -> int:
    applicant = Api(PORT, manage("create_api_token", "ent_a_admin", "--days", "1").split()[-1])
    approver = Api(PORT, manage("create_api_token", "approver_bj", "--days", "1").split()[-1])
    read_app = applicant.create_draft()
    submitted = [applicant.submitted_application() for _ in range(DECISIONS)]
    print(f"prepared: {DECISIONS} submitted applications for the decisions", flush=True)

    print(f"phase 1: {GRACEFUL_SECONDS} s of load, every node reloaded in turn", flush=True)
    load = start_wrk(GRACEFUL_SECONDS, applicant.token, read_app)
    time.sleep(min(8, GRACEFUL_SECONDS / 4))
    for n in range(1, NODES + 1):
        reload_node(n)
        time.sleep(3)
    graceful = wrk_counts(load)

    print(f"phase 2: {KILL_SECONDS} s of load, node1 killed (SIGKILL) mid-task", flush=True)
    load = start_wrk(KILL_SECONDS, applicant.token, read_app)
    time.sleep(3)
    for app_id in submitted:
        approver.post(f"/api/v1/review/applications/{app_id}/accept", expect=200)
    orphaned = kill_node(1)
    killed_at = time.monotonic()
    killed = wrk_counts(load)
    tasks = wait_tasks_done(orphaned, submitted)
    recovered_after = round(time.monotonic() - killed_at)
    subprocess.run([str(REPO / "deploy" / "node.sh"), "start", "1"], check=True)
    wait_ready(PORT + 1)
    checks = half_written()

    print(f"\nrestart drill, through nginx on 127.0.0.1:{PORT}, {NODES} nodes")
    print(f"  graceful reload of every node: {describe(graceful)}")
    print(f"  kill -9 of node1:              {describe(killed)}")
    print(
        f"  tasks running on the killed worker: {len(orphaned)}; run again and finished: "
        f"{tasks['finished']} (within {recovered_after} s of the kill); notices of the "
        f"{DECISIONS} decisions not ready: {tasks['notices_not_ready']}"
    )
    print(
        f"  applications: {checks['applications']}, without history: "
        f"{checks['without_history']}, status not matching its history: "
        f"{checks['status_not_in_history']}; documents: {checks['documents']}, missing or "
        f"altered: {checks['documents_missing_or_altered']}"
    )
    ok = (
        graceful["failed"] == 0
        and tasks["finished"] == len(orphaned)
        and not tasks["notices_not_ready"]
        and not checks["without_history"]
        and not checks["status_not_in_history"]
        and not checks["documents_missing_or_altered"]
    )
    print("  result:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    os.chdir(REPO)
    sys.exit(main())
