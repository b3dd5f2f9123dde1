"""The approver's queue from statements built once (review.selectors.queue_page) gives what
the queryset gives (queue_query + page_of) for every queue, order and filter, and the API
writes the same bytes as a checked answer."""

import pytest
from django.test import RequestFactory

from core.renderers import render_json
from permits.selectors import page_of
from review import presenters, selectors
from review.api import QueueOut
from testing import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_time")]


@pytest.fixture
def department(applicant_a, approver_bj, customs):
    f.written_off(applicant_a, approver_bj, customs)
    f.correction_required(applicant_a, approver_bj)
    f.accepted(applicant_a, approver_bj)
    f.rejected(applicant_a, approver_bj)
    for _ in range(3):
        f.submitted(applicant_a)
    f.draft(applicant_a)  # never in a queue


def _both(user, queue, filters, order, page, size):
    qs = selectors.queue_query(user, queue=queue, filters=filters, order=order)
    old = page_of(qs, page=page, page_size=size)
    new = selectors.queue_page(
        user, queue=queue, filters=filters, order=order, page=page, page_size=size
    )
    return (
        ([presenters.review_item_out(a) for a in old[0]], *old[1:]),
        ([presenters.review_item_out(a) for a in new[0]], *new[1:]),
    )


def test_every_queue_order_and_filter_answers_as_the_queryset(
    department, approver_bj, approver_sh, enterprise_a
):
    filters = [
        {},
        {"enterprise": enterprise_a.uscc[:6]},
        {"enterprise": enterprise_a.name[1:3]},
        {"enterprise": "no such"},
        {"status": "submitted", "direction": "import"},
        {"written_off": True},
    ]
    for user in (approver_bj, approver_sh):
        for queue in selectors.QUEUES:
            for order in selectors.ORDERS:
                for given in filters:
                    for page, size in ((1, 20), (2, 2)):
                        old, new = _both(user, queue, given, order, page, size)
                        assert new == old, (user, queue, order, given, page)
    rows = _both(approver_bj, "all", {}, "newest", 1, 20)[1][0]
    assert len(rows) == 7 and any(r["write_off"] for r in rows)


def test_the_api_writes_the_bytes_of_a_checked_answer(department, anon, approver_bj, token_for):
    response = anon.get("/api/v1/review/applications?queue=all", **token_for(approver_bj))
    assert response.status_code == 200
    rows, count, _capped = selectors.queue_page(
        approver_bj, queue="all", filters={}, order="newest", page=1, page_size=20
    )
    checked = {
        "items": [presenters.review_item_out(r) for r in rows],
        "count": count,
        "page": 1,
        "page_size": 20,
        "counts": selectors.queue_counts(approver_bj),
    }
    expected = render_json(RequestFactory().get("/"), QueueOut, checked)
    assert response.content == expected
    assert any(item["clock"] for item in response.json()["items"])
