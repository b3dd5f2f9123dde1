"""`make bench`: the benchmarks of quality.md as one report of figures and ratios.

    python -m bench.run [--applications N] [--repeat R]
                        [--only query,queue,lookup,documents,decisions]
                        [--skip-postgres] [--no-explain]

Sections:
- Query (查询): on SQLite and on PostgreSQL, an enterprise's page 1 and page 50, unfiltered and
  with each single filter; p50/p95 of the API (in-process), the ORM path and the raw SQL of the
  same statements, measured side by side; budget: API p95 <= 2x SQL p95 and < 15 ms.
- Approver queue (审批队列): the largest department's queues, orders and filters, pages 1 and
  50, timed the same way (bench/queue.py; the same budget).
- Reference look-up: `manage.py bench_lookup` (budget p95 < 3 ms).
- Documents: the application form PDF, warm (budget median < 250 ms).
- Decisions (PostgreSQL): one approval alone (p95 < 50 ms), 20 at once (all back within 1 s),
  and the time until their notices are ready with 1 and 2 task worker processes
  (bench/decisions.py).

The report goes to stdout and to var/bench/report.md, the query plans of every measured
statement to var/bench/explain-sqlite.txt and explain-postgresql.txt. Settings (environment):
- BENCH_APPLICATIONS: applications in each bench database (default 200,000 for a quick run;
  the budget figure of quality.md is at 1,000,000: BENCH_APPLICATIONS=1000000). A database
  that holds fewer is topped up with the load generator (generate_load_data), once.
- BENCH_SQLITE_URL: default sqlite:///var/bench/bench.sqlite3 (never the demo database).
- BENCH_PG_URL, else DATABASE_URL when it is PostgreSQL, else
  postgresql://postgres@127.0.0.1:5432/drug_permits_bench (created when missing).
- BENCH_REPEAT: timed runs per case and path (default 40).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from functools import partial
from pathlib import Path

from bench.report import documents_section, lookup_section, query_section, throughput_section

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/drug_permits_bench"
#: Throughput figures of an earlier commit, printed beside the new ones (bench/report.py).
BEFORE = BASE_DIR / "bench" / "throughput_before.json"


def sqlite_url() -> str:
    return os.environ.get("BENCH_SQLITE_URL") or f"sqlite:///{VAR_DIR / 'bench' / 'bench.sqlite3'}"


def postgres_url() -> str:
    if os.environ.get("BENCH_PG_URL"):
        return os.environ["BENCH_PG_URL"]
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_PG_URL


def _env(database_url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BASE_DIR), env.get("PYTHONPATH")]))
    return env


def commit() -> str:
    """The checked-out commit (and whether the tree has changes), for the report."""
    try:
        head = subprocess.run(  # noqa: S603 - git in this checkout
            [shutil.which("git") or "git", "describe", "--always", "--dirty"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
        return head.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load_average() -> str:
    """The machine's 1-minute load average now (others' work skews every figure)."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "n/a"


def _run(args: list[str], env: dict, prefix: str) -> tuple[int, str]:
    """Run a child, echo its output as it comes (prefixed), return (code, output)."""
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and modules
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    lines = []
    for line in proc.stdout:
        lines.append(line)
        print(f"{prefix}{line}", end="", flush=True)
    return proc.wait(), "".join(lines)


def _child_json(module: str, extra: list[str], url: str, prefix: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = fh.name
    try:
        code, output = _run(["-m", module, *extra, "--json-out", out], _env(url), prefix)
        if code != 0:
            return {"error": f"exit {code}: {output.strip().splitlines()[-1:]}"}
        return json.loads(Path(out).read_text(encoding="utf-8"))
    finally:
        Path(out).unlink(missing_ok=True)


def run_query(
    url: str, label: str, applications: int, repeat: int, explain: bool, module: str = "query"
) -> dict:
    extra = ["--applications", str(applications), "--repeat", str(repeat)]
    if explain:
        extra += ["--explain", str(VAR_DIR / "bench" / f"explain-{module}-{label.lower()}.txt")]
    before = load_average()
    result = _child_json(f"bench.{module}", extra, url, f"[{module} {label}] ")
    result["load"] = f"{before} -> {load_average()}"
    return result


def ensure_postgres(url: str) -> str | None:
    """None when the database is there (created if missing), else why not."""
    code, output = _run(["-m", "bench.ensure_database"], _env(url), "[PostgreSQL] ")
    return None if code == 0 else (output.strip().splitlines() or ["failed"])[-1]


def run_lookup(url: str) -> dict:
    code, output = _run(["manage.py", "bench_lookup"], _env(url), "[lookup] ")
    return {"code": code, "output": output}


def queue_sections(args) -> list[str]:
    """The approver's queue on both databases, in the 查询 report's format."""
    title = "Approver queue (审批队列)"
    run = partial(
        run_query,
        applications=args.applications,
        repeat=args.repeat,
        explain=args.explain,
        module="queue",
    )
    lines = query_section("SQLite", run(sqlite_url(), "SQLite"), title)
    if args.skip_postgres:
        return lines + query_section("PostgreSQL", {"skipped": "--skip-postgres"}, title)
    pg = postgres_url()
    problem = ensure_postgres(pg)
    result = {"skipped": problem} if problem else run(pg, "PostgreSQL")
    return lines + query_section("PostgreSQL", result, title)


def throughput_sections(args) -> list[str]:
    """Req/s under gunicorn on PostgreSQL beside the bare Django view (bench/throughput.py)."""
    if args.skip_postgres:
        return throughput_section({"skipped": "--skip-postgres"})
    pg = postgres_url()
    problem = ensure_postgres(pg)
    if problem:
        return throughput_section({"skipped": problem})
    before = load_average()
    extra = ["--applications", str(min(args.applications, 20_000) if args.applications else 0)]
    result = _child_json("bench.throughput", extra, pg, "[throughput] ")
    if isinstance(result, dict) and BEFORE.exists():
        result["before"] = json.loads(BEFORE.read_text())
    result["load"] = f"{before} -> {load_average()}"
    return throughput_section(result)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="make bench: figures and ratios (quality.md)")
    parser.add_argument(
        "--applications",
        type=int,
        default=int(os.environ.get("BENCH_APPLICATIONS", "200000")),
        help="applications per bench database (env BENCH_APPLICATIONS; budget figure: 1000000)",
    )
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "40")))
    parser.add_argument("--only", default="query,queue,lookup,documents,decisions,throughput")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument(
        "--no-explain",
        dest="explain",
        action="store_false",
        help="skip writing the query plans to var/bench/explain-*.txt",
    )
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    (VAR_DIR / "bench").mkdir(parents=True, exist_ok=True)

    started = datetime.now().astimezone()
    sections: list[str] = [
        f"drug-permits benchmark report — {started:%Y-%m-%d %H:%M %z}",
        f"machine: {platform.node()} ({os.cpu_count()} CPUs, {platform.python_implementation()} "
        f"{platform.python_version()}); commit {commit()}; figures in milliseconds unless stated",
        "",
    ]
    if "query" in only:
        lite = sqlite_url()
        sections += query_section(
            "SQLite", run_query(lite, "SQLite", args.applications, args.repeat, args.explain)
        )
        if args.skip_postgres:
            sections += query_section("PostgreSQL", {"skipped": "--skip-postgres"})
        else:
            pg = postgres_url()
            problem = ensure_postgres(pg)
            result = (
                {"skipped": problem}
                if problem
                else run_query(pg, "PostgreSQL", args.applications, args.repeat, args.explain)
            )
            sections += query_section("PostgreSQL", result)
    if "queue" in only:
        sections += queue_sections(args)
    if "lookup" in only:
        sections += lookup_section(run_lookup(sqlite_url()))
    if "documents" in only:
        sections += documents_section(
            _child_json("bench.documents", [], sqlite_url(), "[documents] ")
        )

    if "decisions" in only:
        from bench.decisions import report_lines

        if args.skip_postgres:
            sections += report_lines({"skipped": "--skip-postgres"})
        else:
            pg = postgres_url()
            problem = ensure_postgres(pg)
            result = (
                {"skipped": problem}
                if problem
                else _child_json("bench.decisions", [], pg, "[decisions] ")
            )
            sections += report_lines(result)

    if "throughput" in only:
        sections += throughput_sections(args)

    report = "\n".join(sections)
    print("\n" + report)
    path = VAR_DIR / "bench" / "report.md"
    path.write_text(f"# Benchmark report\n\n```text\n{report}\n```\n", encoding="utf-8")
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
