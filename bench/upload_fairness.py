"""One user's upload loops against everyone else's latency, with and without the bounds on
upload checks at once (documents.upload_slots), in one run on one gunicorn node of 2 sync
workers on loopback.

`python -m bench.upload_fairness [SECONDS]`: enterprise A's declarant runs 4 loops posting a
hostile PDF (a page tree that makes the parser work ~1 s before it is refused) to the API,
while enterprise B's declarant reads its 查询 through the API and anonymous /healthz is asked,
one request after another. Printed: the other user's p50/p95/max per phase, the hammering
user's answers by status, and the load average. Bounded: SECONDS per phase (default 20)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from testing.servers import REPO, gunicorn_node

PREPARE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_reference", verbosity=0)
call_command("seed_demo", verbosity=0)
from accounts.models import User
from accounts.tokens import api_token_create
from testing import factories
hammer, other = User.objects.get(username="ent_a_admin"), User.objects.get(username="ent_b_admin")
draft = factories.make_application(hammer)
print(json.dumps({
    "hammer": api_token_create(user=hammer, name="bench").raw,
    "other": api_token_create(user=other, name="bench").raw,
    "draft": str(draft.id),
}))
"""
UNBOUNDED = {
    "UPLOAD_CHECKS_PER_USER": "0",
    "UPLOAD_CHECKS_PER_ADDRESS": "0",
    "UPLOAD_CHECKS_PER_NODE": "0",
}


def _multipart(data: bytes) -> tuple[bytes, str]:
    boundary = "benchboundary7MA4YWxkTrZu0gW"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _call(request) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - loopback
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def _phase(base: str, prep: dict, seconds: float, pdf: bytes) -> dict:
    body, content_type = _multipart(pdf)
    upload_url = f"{base}/api/v1/applications/{prep['draft']}/attachments/application_form"
    stop = time.monotonic() + seconds
    hammered: dict[int, int] = {}
    lock = threading.Lock()

    def hammer():
        while time.monotonic() < stop:
            request = urllib.request.Request(upload_url, data=body, method="POST")  # noqa: S310
            request.add_header("Authorization", f"Bearer {prep['hammer']}")
            request.add_header("Content-Type", content_type)
            status, _took = _call(request)
            with lock:
                hammered[status] = hammered.get(status, 0) + 1

    latencies: list[float] = []

    def other():
        urls = [(f"{base}/api/v1/applications", prep["other"]), (f"{base}/healthz", None)]
        i = 0
        while time.monotonic() < stop:
            url, token = urls[i % 2]
            request = urllib.request.Request(url)  # noqa: S310 - loopback
            if token:
                request.add_header("Authorization", f"Bearer {token}")
            latencies.append(_call(request)[1])
            i += 1

    threads = [threading.Thread(target=hammer) for _ in range(4)] + [threading.Thread(target=other)]
    load_before = os.getloadavg()[0]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "max_ms": 1000 * latencies[-1],
        "hammer": dict(sorted(hammered.items())),
        "load": (round(load_before, 2), round(os.getloadavg()[0], 2)),
    }


def main(seconds: float = 20) -> list[tuple[str, dict]]:
    folder = Path(tempfile.mkdtemp(prefix="upload-fairness-"))
    env = {
        "VAR_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
    }
    prepared = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", PREPARE],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        check=True,
        timeout=300,
    )
    prep = json.loads(prepared.stdout.decode().strip().splitlines()[-1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from testing.hostile_pdfs import kids_repeated

    pdf = kids_repeated()
    results = []
    for name, extra in (("no bounds", UNBOUNDED), ("bounds (defaults)", {})):
        phase_dir = folder / name.split()[0]
        phase_dir.mkdir()
        with gunicorn_node(phase_dir, workers=2, **env, **extra) as (base, _master):
            results.append((name, _phase(base, prep, seconds, pdf)))
    return results


def report(results) -> str:
    lines = [
        "| phase | other user's requests | p50 ms | p95 ms | max ms | hammer answers | load |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results:
        lines.append(
            f"| {name} | {r['requests']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
            f"{r['max_ms']:.0f} | {r['hammer']} | {r['load'][0]} → {r['load'][1]} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(main(float(sys.argv[1]) if len(sys.argv) > 1 else 20)))
