"""Query (查询) benchmark on the database of DATABASE_URL (quality.md: an enterprise's first
and 50th page, unfiltered and with each single filter: p95 server time within 2x the raw SQL of
the same query measured in the same run, and under 15 ms).

Run by bench.run in a subprocess per database: `python -m bench.query --applications N
--json-out FILE`. It migrates the database, loads reference data, tops the applications up to N
with the load generator, picks the enterprise with the most applications and, for each case
and page, times side by side (interleaved, so noise hits all three alike):

- api: GET /api/v1/applications through the Django test client with a bearer token,
  in-process (middleware, auth, ninja, selector, presenter, JSON);
- orm: the same selector and presenter calls without HTTP;
- sql: the exact statements the selector ran (captured with an execute wrapper on one run,
  SQL text and parameters), re-executed with cursor.execute + fetchall.

With --explain FILE the query plans of those statements are written too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The list as built from the database each time (what this bench compares with its SQL),
    # not as kept for a repeated request (permits.tags.list_tags: the throughput bench has both).
    os.environ["BODY_CACHE_ENTRIES"] = os.environ["PAGE_CACHE_ENTRIES"] = "0"
    import django

    django.setup()
    from django.conf import settings

    # Server figures: no query log, no debug cursor (CaptureQueries-style capture below turns
    # it on only while capturing).
    settings.DEBUG = False


def ensure_data(applications: int, log) -> dict:
    """Migrate, seed reference data, top the applications up to `applications`."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from bench import loaddata
    from permits.models import Application
    from reference.models import Department

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", verbosity=0, interactive=False)
    if pending and Application.objects.exists():
        # a migration may have rewritten rows (a backfill): refresh the visibility map and
        # the planner's statistics, as autovacuum would later
        log(f"applied {len(pending)} migration(s) to existing data: vacuum/analyze")
        loaddata.writer_for_connection().finish(log)
    if not Department.objects.exists():
        call_command("seed_reference", verbosity=0)
    existing = Application.objects.count()
    info = {"existing": existing, "generated": 0, "seconds": None}
    if existing < applications:
        missing = applications - existing
        log(f"generating {missing:,} applications (have {existing:,}, want {applications:,})")
        totals = loaddata.generate(
            applications=missing,
            enterprises=loaddata.default_enterprises(applications),
            log=log,
        )
        info.update(generated=totals.applications, seconds=totals.seconds)
    info["total"] = Application.objects.count()
    return info


def pick_enterprise():
    """The enterprise with the most applications (the hardest realistic case), and its
    administrator."""
    from django.db import connection

    from accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT enterprise_id, COUNT(*) FROM permits_application "
            "GROUP BY enterprise_id ORDER BY 2 DESC LIMIT 1"
        )
        enterprise_id, count = cursor.fetchone()
    user = (
        User.objects.select_related("enterprise", "department")
        .filter(enterprise_id=enterprise_id, is_active=True)
        .order_by("id")
        .first()
    )
    return user, count


def cases_for(user) -> list[tuple[str, dict]]:
    """One case per filter, with values taken from this enterprise's own data so that they
    match a realistic share of its applications."""
    from django.utils import timezone

    from permits.models import Application

    mine = Application.objects.filter(enterprise_id=user.enterprise_id)
    newest = timezone.localtime(
        mine.order_by("-created_at").values_list("created_at", flat=True).first()
    )
    year_ago = (newest - timedelta(days=365)).date()
    quarter_start = year_ago.replace(day=1)
    quarter_end = (quarter_start + timedelta(days=92)).replace(day=1) - timedelta(days=1)
    half_year = (newest - timedelta(days=182)).date().replace(day=1)
    month_end = (half_year + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    permits = mine.filter(permit_no__isnull=False).order_by("-created_at")
    permit_no = (
        permits[200:201].values_list("permit_no", flat=True).first()
        or permits.values_list("permit_no", flat=True).first()
        or "X"
    )
    department = user.enterprise.province_code
    # The last digits are what people remember: any part of the number, from 4 characters.
    remembered = (
        mine.order_by("-created_at").values_list("application_no", flat=True)[300:301].first()
        or "I0000000000000000"
    )[-5:]
    return [
        ("unfiltered", {}),
        ("direction=export", {"direction": "export"}),
        ("status=approved", {"status": "approved"}),
        (f"application_no={'I'}{year_ago:%Y%m}", {"application_no": f"I{year_ago:%Y%m}"}),
        (f"application_no=…{remembered}", {"application_no": remembered}),
        (f"permit_no={permit_no}", {"permit_no": permit_no}),
        ("drug_name=胰岛素", {"drug_name": "胰岛素"}),
        ("written_off=true", {"written_off": "true"}),
        (f"approval_department={department}", {"approval_department": department}),
        (
            f"created {quarter_start:%Y-%m-%d}..{quarter_end:%m-%d}",
            {"created_from": quarter_start.isoformat(), "created_to": quarter_end.isoformat()},
        ),
        (
            f"submitted {half_year:%Y-%m-%d}..{month_end:%m-%d}",
            {"submitted_from": half_year.isoformat(), "submitted_to": month_end.isoformat()},
        ),
    ]


def selector_page(user, filters: dict, page: int, page_size: int = 20):
    """What GET /applications does between parsing and JSON (permits/api.py)."""
    from permits import presenters
    from permits.query_page import query_page

    items, count, capped = query_page(user, filters, page=page, page_size=page_size)
    return [presenters.summary_out(a) for a in items], count, capped


def capture_statements(call) -> list[tuple[str, object]]:
    from django.db import connection

    statements = []

    def wrapper(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        call()
    return statements


def run_statements(statements) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def explain(statements) -> str:
    from django.db import connection

    out = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join(r[0] for r in cursor.fetchall())
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = "\n".join(f"{r[0]:>3} {r[1]:>3} {r[3]}" for r in cursor.fetchall())
            out.append(f"{_interpolated(sql, params)}\n{plan}\n")
    return "\n".join(out)


def _interpolated(sql: str, params) -> str:
    try:
        return sql % tuple(repr(p) for p in params or ())
    except (TypeError, ValueError):
        return f"{sql}  -- params {params!r}"


def measure(applications: int, repeat: int, explain_path: str | None, log) -> dict:
    from django.db import connection
    from django.test import Client

    from accounts.tokens import api_token_create
    from bench.stats import summary_ms, timed

    data = ensure_data(applications, log)
    user, enterprise_count = pick_enterprise()
    issued = api_token_create(user=user, name="bench")
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}
    explained = []
    rows = []
    try:

        def api(params):
            response = client.get("/api/v1/applications", params, **headers)
            if response.status_code != 200:
                raise RuntimeError(f"{params}: HTTP {response.status_code} {response.content!r}")
            return response

        # The floor: an authenticated API call that touches no application (the look-up of
        # one reference kind, served from the in-process index).
        floor = []
        for _ in range(3):  # warm: the look-up index is built on first use
            client.get("/api/v1/reference/units", {"q": "支"}, **headers)
        for _ in range(repeat):
            floor.append(
                timed(lambda: client.get("/api/v1/reference/units", {"q": "支"}, **headers))
            )
        for label, filters in cases_for(user):
            for page in (1, 50):
                params = {**filters, "page": page, "page_size": 20}
                for _ in range(3):  # warm: caches, plans, code paths
                    api(params)
                    selector_page(user, filters, page)
                statements = capture_statements(lambda f=filters, p=page: selector_page(user, f, p))
                body = api(params).json()
                if explain_path:
                    explained.append(f"### {label} page {page}\n{explain(statements)}")
                samples = {"api": [], "orm": [], "sql": []}
                calls = {
                    "api": lambda p=params: api(p),
                    "orm": lambda f=filters, p=page: selector_page(user, f, p),
                    "sql": lambda s=statements: run_statements(s),
                }
                order = ["api", "orm", "sql"]
                for i in range(repeat):
                    for name in order[i % 3 :] + order[: i % 3]:
                        samples[name].append(timed(calls[name]))
                rows.append(
                    {
                        "case": label,
                        "page": page,
                        "items": len(body["items"]),
                        "count": body["count"],
                        "statements": len(statements),
                        **{name: summary_ms(values) for name, values in samples.items()},
                    }
                )
                r = rows[-1]
                log(
                    f"  {label:<38} p{page:<3} api {r['api']['p95']:7.2f}  "
                    f"orm {r['orm']['p95']:7.2f}  sql {r['sql']['p95']:7.2f} ms (p95)"
                )
    finally:
        issued.token.delete()
    if explain_path:
        with open(explain_path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(explained))
    return {
        "vendor": connection.vendor,
        "database": _describe_db(),
        "data": data,
        "enterprise": {"name": user.enterprise.name, "applications": enterprise_count},
        "floor": summary_ms(floor),
        "rows": rows,
        "repeat": repeat,
    }


def _describe_db() -> str:
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(s["NAME"])
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return (
        f"postgresql://{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}/{s['NAME']} "
        f"(PostgreSQL {version})"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--json-out", required=True)
    parser.add_argument("--explain", default=None, help="write the query plans to this file")
    args = parser.parse_args(argv)
    setup_django()

    def log(text: str) -> None:
        print(text, flush=True)

    started = time.perf_counter()
    result = measure(args.applications, args.repeat, args.explain, log)
    result["seconds"] = time.perf_counter() - started
    with open(args.json_out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
