"""Concurrent writers on PostgreSQL, the production database (SQLite serialises writers by
design, so these races cannot happen there and these tests run under `make test-pg`)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction

from config.errors import NotAllowed
from permits import services
from permits.models import Application, StatusChange
from permits.numbering import new_application_no, new_permit_no
from testing import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-lock races need PostgreSQL (make test-pg)"
    ),
]


def _in_threads(n, fn):
    def run(i):
        try:
            return fn(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def test_twenty_parallel_submits_make_one_submission(applicant_a):
    app = f.make_application(applicant_a)
    f.add_goods(applicant_a, app)
    f.fill_attachments(applicant_a, app)

    def submit(_i):
        try:
            services.application_submit(actor=applicant_a, application_id=app.id)
            return "ok"
        except NotAllowed:
            return "409"

    results = _in_threads(20, submit)
    assert results.count("ok") == 1 and results.count("409") == 19
    assert StatusChange.objects.filter(application=app, action="submit").count() == 1
    assert Application.objects.get(pk=app.pk).status == "submitted"


def test_hundred_parallel_permit_numbers_are_distinct_and_gapless():
    def allocate(_i):
        with transaction.atomic():
            return new_permit_no("440000", "import", 2026)

    numbers = _in_threads(100, allocate)
    assert sorted(numbers) == [f"4400002026I{i:05d}" for i in range(1, 101)]


def test_parallel_first_saves_get_unique_application_numbers():
    from datetime import date

    def allocate(_i):
        with transaction.atomic():
            return new_application_no("export", date(2026, 11, 27))

    numbers = _in_threads(50, allocate)
    assert len(set(numbers)) == 50
