"""`make bench`: the benchmarks of quality.md as one report of figures and ratios.

    python -m bench.run [--applications N] [--repeat R]
                        [--only query,lookup,documents,decisions]
                        [--skip-postgres] [--no-explain]

Sections:
- Query (查询): on SQLite and on PostgreSQL, an enterprise's page 1 and page 50, unfiltered and
  with each single filter; p50/p95 of the API (in-process), the ORM path and the raw SQL of the
  same statements, measured side by side; budget: API p95 <= 2x SQL p95 and < 15 ms.
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
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/drug_permits_bench"
QUERY_P95_MS = 15.0
QUERY_RATIO = 2.0
LOAD_BUDGET_S = 300
LOAD_BUDGET_N = 1_000_000


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


def run_query(url: str, label: str, applications: int, repeat: int, explain: bool) -> dict:
    extra = ["--applications", str(applications), "--repeat", str(repeat)]
    if explain:
        extra += ["--explain", str(VAR_DIR / "bench" / f"explain-{label.lower()}.txt")]
    before = load_average()
    result = _child_json("bench.query", extra, url, f"[{label}] ")
    result["load"] = f"{before} -> {load_average()}"
    return result


def ensure_postgres(url: str) -> str | None:
    """None when the database is there (created if missing), else why not."""
    code, output = _run(["-m", "bench.ensure_database"], _env(url), "[PostgreSQL] ")
    return None if code == 0 else (output.strip().splitlines() or ["failed"])[-1]


def run_lookup(url: str) -> dict:
    code, output = _run(["manage.py", "bench_lookup"], _env(url), "[lookup] ")
    return {"code": code, "output": output}


# ---------------------------------------------------------------------------- report


def _verdict(api_p95: float, sql_p95: float) -> str:
    problems = []
    if api_p95 >= QUERY_P95_MS:
        problems.append(f">={QUERY_P95_MS:.0f}ms")
    if api_p95 > QUERY_RATIO * sql_p95:
        problems.append(f">{QUERY_RATIO:.0f}x")
    return "PASS" if not problems else "FAIL " + ",".join(problems)


def query_section(label: str, result: dict) -> list[str]:
    lines = [f"Query (查询) — {label}"]
    if "error" in result or "skipped" in result:
        return lines + [f"  not measured: {result.get('error') or result.get('skipped')}", ""]
    data, ent = result["data"], result["enterprise"]
    lines.append(f"  database: {result['database']}; load average {result.get('load')}")
    lines.append(
        f"  {data['total']:,} applications; enterprise {ent['name']} with "
        f"{ent['applications']:,}; page size 20; {result['repeat']} timed runs per path"
    )
    if data.get("generated"):
        rate = data["generated"] / data["seconds"]
        projected = LOAD_BUDGET_N / rate
        mark = "PASS" if projected < LOAD_BUDGET_S else "FAIL"
        measured = (
            "measured"
            if data["generated"] >= LOAD_BUDGET_N
            else "projected linearly, optimistic: the rate falls as tables grow"
        )
        lines.append(
            f"  generate_load_data: {data['generated']:,} applications in {data['seconds']:.1f} s "
            f"({rate:,.0f}/s); 1,000,000 {measured}: {projected:.0f} s "
            f"(budget {LOAD_BUDGET_S} s) {mark}"
        )
    floor = result["floor"]
    lines.append(
        f"  API floor (authenticated GET /api/v1/reference/units, no application touched): "
        f"p50 {floor['p50']:.2f} ms, p95 {floor['p95']:.2f} ms"
    )
    header = (
        f"  {'case':<34}{'page':>5}{'count':>8}{'rows':>5}{'stm':>4}"
        f"{'sql p50':>9}{'sql p95':>9}{'orm p95':>9}{'api p50':>9}{'api p95':>9}"
        f"{'api/sql':>8}  budget"
    )
    lines += [header, "  " + "-" * (len(header) - 2)]
    passed = 0
    for r in result["rows"]:
        sql, orm, api = r["sql"], r["orm"], r["api"]
        verdict = _verdict(api["p95"], sql["p95"])
        passed += verdict == "PASS"
        count = f"{r['count']:,}" if r["count"] < 10_000 else "10000+"
        lines.append(
            f"  {r['case'][:33]:<34}{r['page']:>5}{count:>8}{r['items']:>5}{r['statements']:>4}"
            f"{sql['p50']:>9.2f}{sql['p95']:>9.2f}{orm['p95']:>9.2f}{api['p50']:>9.2f}"
            f"{api['p95']:>9.2f}{api['p95'] / sql['p95']:>7.1f}x  {verdict}"
        )
    lines.append(
        f"  {passed} of {len(result['rows'])} cases within budget "
        f"(api p95 < {QUERY_P95_MS:.0f} ms and <= {QUERY_RATIO:.0f}x sql p95)"
    )
    lines.append(
        "  sql: the statements the selector ran, re-executed (cursor.execute + fetchall); "
        "orm: selector + presenter; api: GET /api/v1/applications in-process; "
        "stm: statements per request"
    )
    return lines + [""]


def lookup_section(result: dict) -> list[str]:
    lines = ["Reference look-up (参数选择) — manage.py bench_lookup (budget: endpoint p95 < 3 ms)"]
    if result is None:
        return lines + ["  not measured", ""]
    body = [ln for ln in result["output"].splitlines() if ln.strip()]
    lines += [f"  {ln}" for ln in body]
    if result["code"]:
        lines.append(f"  (exit {result['code']})")
    return lines + [""]


def documents_section(result: dict) -> list[str]:
    lines = ["Documents (文书) — warm renders"]
    if result is None or "rows" not in result:
        reason = (result or {}).get("skipped") or (result or {}).get("error") or "not measured"
        return lines + [f"  not measured: {reason}", ""]
    lines.append(f"  {'document':<38}{'bytes':>9}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}  budget")
    for r in result["rows"]:
        mark = "PASS" if r["p50"] < r["budget_median_ms"] else "FAIL"
        lines.append(
            f"  {r['document']:<38}{r['bytes']:>9,}{r['n']:>4}{r['p50']:>9.1f}{r['p95']:>9.1f}"
            f"  median < {r['budget_median_ms']} ms {mark}"
        )
    return lines + [""]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="make bench: figures and ratios (quality.md)")
    parser.add_argument(
        "--applications",
        type=int,
        default=int(os.environ.get("BENCH_APPLICATIONS", "200000")),
        help="applications per bench database (env BENCH_APPLICATIONS; budget figure: 1000000)",
    )
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "40")))
    parser.add_argument("--only", default="query,lookup,documents,decisions")
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
        f"{platform.python_version()}); figures in milliseconds unless stated",
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

    report = "\n".join(sections)
    print("\n" + report)
    path = VAR_DIR / "bench" / "report.md"
    path.write_text(f"# Benchmark report\n\n```text\n{report}\n```\n", encoding="utf-8")
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
