"""Documents benchmark (quality.md: the application form PDF median under 250 ms warm).

Run by bench.run in a subprocess: `python -m bench.documents --json-out FILE` on the database
of DATABASE_URL (the bench SQLite database, which holds generated applications). Renders the
application form of a generated application with four goods: two warm-up renders, then
--repeat timed ones.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.query import setup_django


def measure(repeat: int) -> dict:
    from django.db.models import Count

    from bench.stats import summary_ms, timed
    from permits.models import Application

    app = (
        Application.objects.annotate(n=Count("goods"))
        .filter(n=4, status="approved")
        .order_by("-created_at")
        .first()
    )
    if app is None:
        return {"skipped": "no application with 4 goods (generate load data first)"}
    app = Application.objects.prefetch_related("goods").get(pk=app.pk)
    from permits.printing import application_form_pdf

    size = len(application_form_pdf(app))
    application_form_pdf(app)
    samples = [timed(lambda: application_form_pdf(app)) for _ in range(repeat)]
    return {
        "rows": [
            {
                "document": "application form (申请表), 4 goods",
                "bytes": size,
                "budget_median_ms": 250,
                **summary_ms(samples),
            }
        ],
        "application_no": app.application_no,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json-out", required=True)
    args = parser.parse_args(argv)
    setup_django()
    try:
        result = measure(args.repeat)
    except ImportError as exc:  # the printing module is not there yet
        result = {"skipped": f"cannot import the renderer: {exc}"}
    with open(args.json_out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
