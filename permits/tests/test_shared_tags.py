"""Entity tags digest shared truth only: the same tag means the same bytes on any node and
across restarts, and a change of reference data or of the calendar made by any process (or by
SQL) gives new tags and new due dates at the next request."""

from datetime import date, datetime, time

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from config.speed import read_along
from reference import calendar, index, substances
from reference.models import CalendarDay, ReferenceVersion, Unit
from testing import factories as f

pytestmark = pytest.mark.django_db


def _marker() -> int:
    return ReferenceVersion.objects.get(pk=1).version


def _forget_everything_a_process_keeps() -> None:
    """As a worker freshly started by gunicorn (or another node) would be."""
    index.reset()
    calendar.reset()
    substances.reset()
    caches["bodies"].clear()
    caches["pages"].clear()
    read_along._noted.clear()


def test_the_marker_moves_on_every_write_by_any_path(reference_data):
    seen = [_marker()]

    def moved():
        seen.append(_marker())
        assert seen[-1] not in seen[:-1]

    Unit.objects.filter(code=Unit.objects.first().code).update(name_en="changed")  # no signals
    moved()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reference_drug SET name_en = name_en || ' (fixed)'")
    moved()
    CalendarDay.objects.bulk_create([CalendarDay(date=date(2026, 11, 10), name="test")])
    moved()
    CalendarDay.objects.filter(date=date(2026, 11, 10)).delete()
    moved()


def test_the_same_tag_gives_the_same_bytes_in_a_fresh_process(
    anon, applicant_a, approver_bj, token_for
):
    app = f.accepted(applicant_a, approver_bj)
    cases = [
        (token_for(applicant_a), f"/api/v1/applications/{app.id}"),
        (token_for(applicant_a), "/api/v1/applications"),
        (token_for(approver_bj), f"/api/v1/review/applications/{app.id}"),
        (token_for(approver_bj), "/api/v1/review/applications?queue=all"),
    ]
    first = [anon.get(url, **auth) for auth, url in cases]
    _forget_everything_a_process_keeps()
    again = [anon.get(url, **auth) for auth, url in cases]
    for (_auth, url), a, b in zip(cases, first, again, strict=True):
        assert a.status_code == b.status_code == 200, url
        assert a["ETag"] == b["ETag"] and a.content == b.content, url


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def test_a_calendar_edit_by_another_process_shows_at_once(
    anon, applicant_a, approver_bj, token_for
):
    """The holiday is written by SQL (as another process or a fix would: no signal reaches
    this process); the tag read with the next request sees the new marker, and the process
    rebuilds its calendar before answering."""
    auth = token_for(approver_bj)
    with time_machine.travel(_at(date(2026, 11, 2)), tick=False):  # Monday
        app = f.submitted(applicant_a)
        url = f"/api/v1/review/applications/{app.id}"
        before = anon.get(url, **auth)
        due = before.json()["clock"]["decision_due"]
        CalendarDay.objects.filter(date=date(2026, 11, 10)).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO reference_calendarday (date, is_working_day, name) "
                "VALUES (%s, %s, %s)",
                [date(2026, 11, 10), False, "临时休息"],
            )
        after = anon.get(url, **auth, HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200 and after["ETag"] != before["ETag"]
        moved = after.json()["clock"]["decision_due"]
        assert date.fromisoformat(moved) > date.fromisoformat(due)
