"""The approver's queue benchmark on the database of DATABASE_URL (issue budget: as 查询 —
p95 under 15 ms and within 2x the raw SQL of the same statements — for each queue, order and
filter, pages 1 and 50, at the bench's scale). Run by bench.run in a subprocess per database:
`python -m bench.queue --applications N --json-out FILE`.

The department with the most applications is taken, and one of its approvers; each case is
timed three ways side by side as in bench.query: GET /api/v1/review/applications in-process,
the selector and presenter without HTTP, and the raw statements re-executed.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.query import (
    _describe_db,
    capture_statements,
    ensure_data,
    explain,
    run_statements,
    setup_django,
)


def pick_department():
    from django.db import connection

    from accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT approval_department_id, COUNT(*) FROM permits_application "
            "WHERE status <> 'draft' GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
        )
        code, count = cursor.fetchone()
    user = (
        User.objects.select_related("department")
        .filter(role="approver", department__code=code, is_active=True)
        .order_by("id")
        .first()
    )
    return user, count


def cases_for(user) -> list[tuple[str, dict]]:
    from permits.models import Application

    mine = Application.objects.filter(approval_department_id=user.department.code)
    sample = mine.exclude(status="draft").order_by("-submitted_at")[500:501].first() or mine.first()
    name_part = sample.applicant_name[-8:-4] if len(sample.applicant_name) > 8 else "医药"
    permit = mine.filter(permit_no__isnull=False).values_list("permit_no", flat=True).first()
    month = sample.submitted_at.strftime("%Y%m") if sample.submitted_at else "2026"
    return [
        ("all, newest", {}),
        ("all, most urgent", {"order": "due"}),
        ("pending, newest", {"queue": "pending"}),
        ("pending, most urgent", {"queue": "pending", "order": "due"}),
        ("in_review, most urgent", {"queue": "in_review", "order": "due"}),
        ("correcting", {"queue": "correcting"}),
        ("done", {"queue": "done"}),
        ("direction=export", {"direction": "export"}),
        ("status=approved", {"status": "approved"}),
        (f"application_no=E{month}", {"application_no": f"E{month}"}),
        (f"permit_no={permit}", {"permit_no": permit or "X"}),
        ("drug_name=胰岛素", {"drug_name": "胰岛素"}),
        (f"enterprise={name_part}", {"enterprise": name_part}),
        (f"enterprise={sample.applicant_uscc[:10]}", {"enterprise": sample.applicant_uscc[:10]}),
    ]


def selector_page(user, params: dict, page: int, page_size: int = 20):
    """What GET /review/applications does between parsing and JSON (review/api.py)."""
    from review import presenters, selectors

    values = dict(params)
    queue, order = values.pop("queue", "all"), values.pop("order", "newest")
    items, count, _capped = selectors.queue_page(
        user, queue=queue, filters=values, order=order, page=page, page_size=page_size
    )
    return [presenters.review_item_out(a) for a in items], selectors.queue_counts(user)


def measure(applications: int, repeat: int, explain_path: str | None, log) -> dict:
    from django.test import Client

    from accounts.tokens import api_token_create
    from bench.stats import summary_ms, timed

    data = ensure_data(applications, log)
    user, department_count = pick_department()
    issued = api_token_create(user=user, name="bench")
    client, headers = Client(), {"HTTP_AUTHORIZATION": f"Bearer {issued.raw}"}
    rows, explained = [], []

    def api(params):
        response = client.get("/api/v1/review/applications", params, **headers)
        if response.status_code != 200:
            raise RuntimeError(f"{params}: HTTP {response.status_code} {response.content!r}")
        return response

    try:
        for _ in range(3):  # the floor: an authenticated call that touches no application
            client.get("/api/v1/reference/units", {"q": "支"}, **headers)
        floor = [
            timed(lambda: client.get("/api/v1/reference/units", {"q": "支"}, **headers))
            for _ in range(repeat)
        ]
        for label, params in cases_for(user):
            for page in (1, 50):
                query = {**params, "page": page, "page_size": 20}
                for _ in range(3):
                    api(query)
                    selector_page(user, params, page)
                statements = capture_statements(lambda p=params, n=page: selector_page(user, p, n))
                body = api(query).json()
                if explain_path:
                    explained.append(f"### {label} page {page}\n{explain(statements)}")
                samples = {"api": [], "orm": [], "sql": []}
                calls = {
                    "api": lambda q=query: api(q),
                    "orm": lambda p=params, n=page: selector_page(user, p, n),
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
                    f"  {label:<34} p{page:<3} api {r['api']['p95']:7.2f}  "
                    f"sql {r['sql']['p95']:7.2f} ms (p95)"
                )
    finally:
        issued.token.delete()
    if explain_path:
        with open(explain_path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(explained))
    return {
        "database": _describe_db(),
        "data": data,
        "enterprise": {
            "name": f"department {user.department.code}",
            "applications": department_count,
        },
        "floor": summary_ms(floor),
        "rows": rows,
        "repeat": repeat,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--json-out", required=True)
    parser.add_argument("--explain", default=None)
    args = parser.parse_args(argv)
    setup_django()
    result = measure(args.applications, args.repeat, args.explain, lambda m: print(m, flush=True))
    with open(args.json_out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
