"""Concurrent writers on PostgreSQL, the production database (SQLite lets one writer in at a
time by design, so these races cannot happen there: they run under `make test-pg`). Each test
really races: threads released together by a barrier, or one connection holding the row lock
while another must wait for it (testing.concurrency)."""

import pytest
from django.db import connection, transaction

from core.errors import NotAllowed
from permits import services
from permits.models import Application, StatusChange
from permits.numbering import new_application_no, new_permit_no
from review import services as review
from testing import factories as f
from testing.concurrency import in_thread, race, row_locked

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-lock races need PostgreSQL (make test-pg)"
    ),
]


def test_twenty_parallel_submits_make_one_submission(applicant_a):
    app = f.draft(applicant_a)

    def submit(_i):
        try:
            services.application_submit(actor=applicant_a, application_id=app.id)
            return "ok"
        except NotAllowed:
            return "409"

    results = race(20, submit)
    assert results.count("ok") == 1 and results.count("409") == 19
    assert StatusChange.objects.filter(application=app, action="submit").count() == 1
    assert Application.objects.get(pk=app.pk).status == "submitted"


def _outcome(fn):
    try:
        fn()
        return "ok"
    except NotAllowed:
        return "409"


def test_a_submission_waits_for_a_writer_holding_the_row_and_then_sees_its_status(applicant_a):
    """The transition reads the status under the row lock: a 申报 that arrives while another
    transaction holds the row (and submits it) waits for it and then judges the status that
    transaction committed; without the lock it would judge a stale one and submit twice."""
    app = f.draft(applicant_a)

    def submitted(row):
        Application.objects.filter(pk=row.pk).update(status="submitted")

    with row_locked(Application, app.pk, change=submitted) as holder:
        submit = in_thread(
            _outcome,
            lambda: services.application_submit(actor=applicant_a, application_id=app.id),
        )
        holder.wait_for_a_waiter()
        holder.release()
        assert submit.result(timeout=30) == "409"
    assert not StatusChange.objects.filter(application=app, action="submit").exists()


def test_an_edit_waits_for_another_save_holding_the_row_and_then_is_stale(applicant_a):
    """暂存 checks the version under the row lock: a save that overtakes it is never lost."""
    app = f.draft(applicant_a)

    def saved(row):
        Application.objects.filter(pk=row.pk).update(remarks="另一次保存", version=row.version + 1)

    with row_locked(Application, app.pk, change=saved) as holder:
        edit = in_thread(
            _outcome,
            lambda: services.application_update(
                actor=applicant_a, application_id=app.id, data={}, version=app.version
            ),
        )
        holder.wait_for_a_waiter()
        holder.release()
        assert edit.result(timeout=30) == "409"  # the version moved on meanwhile
    assert Application.objects.get(pk=app.pk).remarks == "另一次保存"


def test_a_decision_cannot_slip_between_the_check_and_the_write(applicant_a, approver_bj):
    app = f.submitted(applicant_a)

    def withdrawn(row):
        Application.objects.filter(pk=row.pk).update(status="withdrawn")

    with row_locked(Application, app.pk, change=withdrawn) as holder:
        accept = in_thread(
            _outcome, lambda: review.application_accept(actor=approver_bj, application_id=app.id)
        )
        holder.wait_for_a_waiter()
        holder.release()
        assert accept.result(timeout=30) == "409"
    app.refresh_from_db()
    assert app.status == "withdrawn"
    assert not StatusChange.objects.filter(application=app, action="accept").exists()


def test_hundred_parallel_permit_numbers_are_distinct_and_gapless():
    """25 connections released together take 4 numbers each (100 in all; the server allows
    100 connections, the test's own included)."""

    def allocate(_i):
        numbers = []
        for _ in range(4):
            with transaction.atomic():
                numbers.append(new_permit_no("440000", "import", 2026))
        return numbers

    numbers = [n for batch in race(25, allocate) for n in batch]
    assert sorted(numbers) == [f"4400002026I{i:05d}" for i in range(1, 101)]


def test_parallel_first_saves_get_unique_application_numbers():
    from datetime import date

    def allocate(_i):
        with transaction.atomic():
            return new_application_no("export", date(2026, 11, 27))

    numbers = race(40, allocate)
    assert len(set(numbers)) == 40
