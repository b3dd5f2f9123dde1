"""Throughput under gunicorn on PostgreSQL, side by side with a bare Django JSON view served
the same way in the same run (quality.md: reads >= 0.40, 查询 >= 0.35, draft saves >= 0.25 of
the bare view).

    python -m bench.throughput [--applications N] [--duration S] [--connections C]
                               [--workers W] [--json-out FILE]

On the database of DATABASE_URL (PostgreSQL; topped up to N applications by the load
generator): the largest enterprise's user gets an API token and a session (with the CSRF
cookie a browser holds from its first page); two gunicorn servers start on loopback (the
product and bench/bare, W sync workers each, DEBUG=0); wrk puts C connections on each case
for S seconds after a short warm-up, and the bare view again for a few seconds after each
case. Figures: req/s, p50 and p99 latency, non-2xx answers, and the ratio to the bare view
as measured on either side of the case (the machine's speed drifts during a run: a ratio to
the bare view of minutes before would carry that drift).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import cpu
from bench.throughput_cases import cases, put_script

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
GUNICORN = Path(sys.executable).with_name("gunicorn")
WARM_UP_SECONDS = 2
#: The bare view measured between the cases (a ratio's reference beside each case).
BARE_SECONDS = 4
# case → the share of the bare view it should reach (quality.md), by kind
TARGETS = {"read": 0.40, "query": 0.35, "save": 0.25}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(applications: int) -> dict:
    """Data, users, a token, a session and the URLs of every case (in this process)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from accounts.tokens import api_token_create
    from bench import loaddata
    from bench.query import ensure_data, pick_enterprise
    from bench.queue import pick_department
    from permits import services
    from permits.fields import GOODS_FIELDS
    from permits.models import Application
    from testing.factories import GOODS, IMPORT_HEADER

    ensure_data(applications, log=lambda m: print(f"[throughput] {m}", flush=True))
    user, count = pick_enterprise()
    approver = pick_department()[0]
    detail = (
        Application.objects.filter(enterprise_id=user.enterprise_id, goods__isnull=False)
        .order_by("-created_at")
        .values_list("id", flat=True)
        .first()
    )
    # Draft saves go round-robin over drafts of their own: one row lock each, like many
    # declarants saving at once (a single draft would only measure its lock).
    drafts = []
    for _ in range(32):
        app = services.application_create(actor=user, data=dict(IMPORT_HEADER))
        item = services.goods_add(actor=user, application_id=app.id, data=dict(GOODS))
        drafts.append(f"/api/v1/applications/{app.id}/goods/{item.id}")
    # The tables as a live database's autovacuum leaves them (visibility map set, statistics
    # current): counts are index-only scans there, not a visit to every row's heap page.
    loaddata.writer_for_connection().finish(lambda m: print(f"[throughput] {m}", flush=True))
    body = {name: str(GOODS.get(name, "")) for name in GOODS_FIELDS if name in GOODS}
    token = api_token_create(user=user, name="bench").raw
    client = Client()
    client.force_login(user)
    # A browser keeps the CSRF cookie its first page set and sends it back with every request:
    # without it each page would make a new secret and set the cookie again.
    page = client.get("/permits/query/", secure=True)  # as behind the TLS proxy, any DEBUG
    if "csrftoken" not in client.cookies:
        raise RuntimeError(f"the page set no CSRF cookie (HTTP {page.status_code})")
    return {
        "enterprise": user.enterprise.name,
        "enterprise_applications": count,
        "token": token,
        "approver_token": api_token_create(user=approver, name="bench").raw,
        "session": client.cookies["sessionid"].value,
        "secret_key": settings.SECRET_KEY,  # the session is signed with it
        "csrf_cookie": client.cookies["csrftoken"].value,
        "detail": str(detail),
        "drafts": drafts,
        "draft_body": json.dumps(body),  # ASCII (\u escapes): Lua strings know no \u
    }


def start(app: str, port: int, workers: int, env: dict, log: Path) -> subprocess.Popen:
    cmd = [str(GUNICORN), app, "-w", str(workers), "-b", f"127.0.0.1:{port}", "-k", "sync"]
    with log.open("ab") as out:  # a file, never a pipe nobody reads (it would fill and block)
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, loopback only
            cmd, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=15)  # noqa: S310
            return proc
        except urllib.error.HTTPError:
            return proc  # it answers (404 where there is no such page): up
        except OSError as exc:
            if proc.poll() is not None:
                why = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{app} did not start: {why}") from exc
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"{app} did not answer on port {port} within 60 s")


_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNIT[unit]


def parse_wrk(out: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))", out, re.M))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": rps,
        "p50_ms": _ms(latency["50"]) if "50" in latency else None,
        "p99_ms": _ms(latency["99"]) if "99" in latency else None,
        "requests": total,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def run_wrk(url: str, *, seconds: int, connections: int, headers: dict, script: str = "") -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True)  # noqa: S603
    return parse_wrk(out.stdout)


def measure(prep: dict, *, seconds: int, connections: int, workers: int) -> list[dict]:
    product_port, bare_port, cold_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": prep["secret_key"],  # DEBUG=0 needs one: the prepared session's
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{product_port}",
        "LOG_LEVEL": "ERROR",
        "TASKS_BACKEND": "database",
    }
    subprocess.run(  # noqa: S603 - with DEBUG=0 pages link the hashed static files' manifest
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    logs = VAR_DIR / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    servers = [
        start("config.wsgi:application", product_port, workers, env, logs / "gunicorn.log"),
        start("bench.bare.wsgi:application", bare_port, workers, env, logs / "gunicorn-bare.log"),
        start(
            "config.wsgi:application",
            cold_port,
            workers,
            {
                **env,
                "BODY_CACHE_ENTRIES": "0",
                "PAGE_CACHE_ENTRIES": "0",
                "PUBLIC_BASE_URL": f"http://127.0.0.1:{cold_port}",
            },
            logs / "gunicorn-built.log",
        ),
    ]
    results, bare_runs = [], []
    try:
        # The detail's tag as the server computes it (its PUBLIC_BASE_URL is part of it).
        tagged = urllib.request.Request(
            f"http://127.0.0.1:{product_port}/api/v1/applications/{prep['detail']}",
            headers={"Authorization": f"Bearer {prep['token']}"},
        )
        with urllib.request.urlopen(tagged, timeout=30) as answer:  # noqa: S310 - loopback
            prep["etag"] = answer.headers.get("ETag", "")
        tagged.add_header("If-None-Match", prep["etag"])
        try:
            urllib.request.urlopen(tagged, timeout=30)  # noqa: S310 - loopback
            prep["etag_answer"] = 200
        except urllib.error.HTTPError as answer:  # urllib raises on 304
            prep["etag_answer"] = answer.code
        with tempfile.TemporaryDirectory() as tmp:
            for case in cases(prep):
                which = 1 if case.get("bare") else 2 if case.get("cold") else 0
                server, port = servers[which], (product_port, bare_port, cold_port)[which]
                url = f"http://127.0.0.1:{port}{case['path']}"
                headers, script = {}, ""
                auth = case.get("auth")
                if auth == "token":
                    headers["Authorization"] = f"Bearer {prep['token']}"
                elif auth == "approver":
                    headers["Authorization"] = f"Bearer {prep['approver_token']}"
                elif auth == "session":
                    headers["Cookie"] = (
                        f"sessionid={prep['session']}; csrftoken={prep['csrf_cookie']}"
                    )
                if case.get("etag"):
                    headers["If-None-Match"] = case["etag"]
                if case.get("put"):
                    script = str(Path(tmp) / "put.lua")
                    Path(script).write_text(put_script(prep, prep["token"]))
                kw = {"connections": connections, "headers": headers, "script": script}
                run_wrk(url, seconds=WARM_UP_SECONDS, **kw)
                before = cpu.sample(server.pid)
                figures = run_wrk(url, seconds=seconds, **kw)
                figures["cpu"] = cpu.per_request(
                    before, cpu.sample(server.pid), figures["requests"]
                )
                results.append({**case, **figures})
                print(f"[throughput] {case['name']}: {figures['rps']:.0f} req/s", flush=True)
                # The bare view again after every case: each case's ratio is to the bare view
                # measured on either side of it, as the machine's speed drifts during a run.
                bare_url = f"http://127.0.0.1:{bare_port}/bare"
                bare_kw = {"connections": connections, "headers": {}}
                bare_runs.append(run_wrk(bare_url, seconds=BARE_SECONDS, **bare_kw)["rps"])
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            proc.wait(timeout=30)
    return with_ratios(results, bare_runs)


def with_ratios(results: list[dict], bare_runs: list[float]) -> list[dict]:
    """Each case's ratio to the bare view measured just before and just after it (the first
    case is the bare view itself; `bare_runs[i]` is the bare view measured after case i)."""
    for i, r in enumerate(results):
        if i == 0:
            r["bare_rps"] = r["rps"]
        else:
            r["bare_rps"] = (bare_runs[i - 1] + bare_runs[i]) / 2
        r["ratio"] = r["rps"] / (r["bare_rps"] or 1.0)
        r["target"] = TARGETS.get(r["kind"])
    runs = [results[0]["rps"], *bare_runs] if results else bare_runs
    if results:
        results[0]["bare_range"] = (min(runs), max(runs))
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json-out")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (make setup installs Debian's wrk)", file=sys.stderr)
        return 2
    prep = prepare(args.applications)
    results = measure(
        prep, seconds=args.duration, connections=args.connections, workers=args.workers
    )
    report = {
        "enterprise": prep["enterprise"],
        "enterprise_applications": prep["enterprise_applications"],
        "duration": args.duration,
        "connections": args.connections,
        "workers": args.workers,
        "etag_answer": prep.get("etag_answer"),
        "cases": [{k: v for k, v in r.items() if k not in ("path", "auth")} for r in results],
    }
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
