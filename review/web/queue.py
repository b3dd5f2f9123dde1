"""The approver's queues (待受理, 审批中, 补正中, 已办结, 全部) of their department: links to the
five queues with their counts, the filters of 查询 plus 企业 and the order (最新申报 /
最紧急), and a table whose rows carry the statutory clock in words and colour.

Everything works without JavaScript: the filter and the pager are GET forms and links, the
queues and the applications are links. With JavaScript, htmx swaps the `.query` block in place
(as on 查询) and the workspace opens the queues and applications in tabs."""

import math

from django.http import Http404
from django.views.decorators.http import require_GET

from config.pages.rendering import render_page
from permits import selectors as permit_selectors
from permits.models import Direction
from permits.web.query import BADGES, PAGE_SIZES, hidden_fields, page_numbers, paging, querystring
from review import presenters, selectors
from review.web.forms import QueueForm
from review.web.parts import QUEUE_TITLES, QUEUE_URLS, approver_view, clock_view, review_url


def _tabs(user, current: str) -> list[dict]:
    counts = selectors.queue_counts(user)
    cap = permit_selectors.COUNT_CAP
    return [
        {
            "queue": name,
            "title": title,
            "url_name": QUEUE_URLS[name],
            "count": f"{counts[name]:,}" + ("+" if counts[name] >= cap else ""),
            "current": name == current,
        }
        for name, title in QUEUE_TITLES.items()
    ]


def _rows(items) -> list[dict]:
    directions = dict(Direction.choices)
    rows = []
    for app in items:
        data = presenters.review_item_out(app)
        data.update(
            url=review_url(app.id),
            direction_label=directions.get(app.direction, ""),
            badge=BADGES.get(app.status, "grey"),
            drug_names="、".join(dict.fromkeys(data["drug_names"])),
            clock=clock_view(app),
        )
        rows.append(data)
    return rows


def _results(user, queue, form, page, size) -> dict:
    filters, order = form.filters(), form.ordering()
    asked = {"queue": queue, "filters": filters, "order": order, "page_size": size}
    items, count, capped = selectors.queue_page(user, page=page, **asked)
    last = max(1, math.ceil(count / size))
    if not items and count and page > last:  # past the end
        page = last
        items, count, capped = selectors.queue_page(user, page=page, **asked)
    kept = {**filters, "order": order} if order != "newest" else filters

    def qs_for(n):
        return querystring(kept, page=n, page_size=size)

    return {
        "rows": _rows(items),
        "count": count,
        "capped": capped,
        "count_text": f"{count:,}",
        "page": page,
        "last_page": last,
        "pages": [(n, qs_for(n) if n else "") for n in page_numbers(page, last)],
        "prev_qs": qs_for(page - 1) if page > 1 else "",
        "next_qs": qs_for(page + 1) if page < last else "",
        "filter_hidden": hidden_fields(kept),
        "order": order,
    }


@approver_view
@require_GET
def queue(request, queue: str):
    if queue not in QUEUE_TITLES:
        raise Http404
    params = {} if "reset" in request.GET else request.GET
    form = QueueForm(params, queue=queue)
    page, size = paging(params)
    context = {
        "queue": queue,
        "url_name": QUEUE_URLS[queue],
        "department": request.user.department,
        "tabs": _tabs(request.user, queue),
        "form": form,
        "page_sizes": PAGE_SIZES,
        "page_size": size,
        "count_cap": f"{permit_selectors.COUNT_CAP:,}",
    }
    if form.is_valid():
        context.update(_results(request.user, queue, form, page, size))
    else:
        form.mark_errors()
        context["invalid"] = True
    return render_page(request, "review/queue.html", context, title=str(QUEUE_TITLES[queue]))
