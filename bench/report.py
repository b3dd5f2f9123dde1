"""The text sections of the benchmark report (bench.run): figures, ratios and verdicts."""

from __future__ import annotations

QUERY_P95_MS = 15.0
QUERY_RATIO = 2.0
LOAD_BUDGET_S = 300
LOAD_BUDGET_N = 1_000_000


def _verdict(api_p95: float, sql_p95: float) -> str:
    problems = []
    if api_p95 >= QUERY_P95_MS:
        problems.append(f">={QUERY_P95_MS:.0f}ms")
    if api_p95 > QUERY_RATIO * sql_p95:
        problems.append(f">{QUERY_RATIO:.0f}x")
    return "PASS" if not problems else "FAIL " + ",".join(problems)


def query_section(label: str, result: dict, title: str = "Query (查询)") -> list[str]:
    lines = [f"{title} — {label}"]
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


def throughput_section(result: dict) -> list[str]:
    """Req/s under gunicorn beside the bare Django view of the same run (quality.md)."""
    lines = ["Throughput (gunicorn, PostgreSQL, wrk) — ratio to a bare Django JSON view"]
    if result is None or "cases" not in result:
        reason = (result or {}).get("skipped") or (result or {}).get("error") or "not measured"
        return lines + [f"  not measured: {reason}", ""]
    lines.append(
        f"  {result['workers']} sync workers each, {result['connections']} connections, "
        f"{result['duration']} s per case; enterprise {result['enterprise']} "
        f"({result['enterprise_applications']:,} applications); load {result.get('load', '?')}"
    )
    before = result.get("before", {}).get("cases", {})
    bare_before = before.get(result["cases"][0]["name"]) if result["cases"] else None
    lines.append(
        f"  {'case':<26}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'>=400':>9}{'bare':>7}{'ratio':>8}"
        f"{'before':>9}{'ratio':>8}  target"
    )
    for r in result["cases"]:
        target = r.get("target")
        verdict = ""
        if target is not None:
            verdict = f">= {target:.2f} {'PASS' if r['ratio'] >= target else 'FAIL'}"
        p50 = f"{r['p50_ms']:.1f}" if r.get("p50_ms") is not None else "-"
        p99 = f"{r['p99_ms']:.1f}" if r.get("p99_ms") is not None else "-"
        was = before.get(r["name"])
        was_rps = f"{was:.0f}" if was else "-"
        was_ratio = f"{was / bare_before:.2f}" if was and bare_before else "-"
        bare = f"{r['bare_rps']:.0f}" if r.get("bare_rps") else "-"
        lines.append(
            f"  {r['name']:<26}{r['rps']:>9.0f}{p50:>9}{p99:>9}{r['non_2xx']:>9}{bare:>7}"
            f"{r['ratio']:>8.2f}{was_rps:>9}{was_ratio:>8}  {verdict}"
        )
    lines.append(
        "  >=400: wrk's count of answers >= 400 (it does not count 3xx: the If-None-Match"
        f" case answers {result.get('etag_answer', '?')})"
    )
    spread = result["cases"][0].get("bare_range") if result["cases"] else None
    if spread:
        lines.append(
            "  bare: the bare view's req/s measured just before and after the case, the"
            f" reference of its ratio (from {spread[0]:.0f} to {spread[1]:.0f} over the run)"
        )
    if before:
        lines.append(
            f"  before: req/s and ratio at {result['before'].get('commit', '?')} "
            f"({result['before'].get('measured', '')}; bench/throughput_before.json)"
        )
    return lines + [""] + cpu_lines(result["cases"])


def _ms(value) -> str:
    return f"{value:.2f}" if value is not None else "-"


def cpu_lines(cases: list[dict]) -> list[str]:
    """Where each case's time goes: ms of CPU per request during its run (bench.cpu)."""
    measured = [r for r in cases if r.get("cpu")]
    if not measured:
        return []
    bare = cases[0].get("cpu") or {}
    lines = [
        "CPU per request under that load (ms; from /proc, during each case's run)",
        f"  {'case':<26}{'server':>9}{'PostgreSQL':>12}{'rest':>8}{'machine':>9}{'x bare':>8}",
    ]
    for r in measured:
        c = r["cpu"]
        times = c["machine_ms"] / bare["machine_ms"] if bare.get("machine_ms") else None
        lines.append(
            f"  {r['name']:<26}{_ms(c['server_ms']):>9}{_ms(c['postgres_ms']):>12}"
            f"{_ms(c['rest_ms']):>8}{_ms(c['machine_ms']):>9}"
            f"{f'{times:.1f}' if times else '-':>8}"
        )
    lines += [
        "  server: the gunicorn master and workers that answered; PostgreSQL: its processes"
        " (- when on another host); rest: wrk, the kernel's loopback work and anything else;",
        "  x bare: the machine's CPU per request over the bare view's (1 / x is the ratio the"
        " case would reach if the machine were the only limit)",
        "",
    ]
    return lines
