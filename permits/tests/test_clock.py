"""The statutory clock with frozen time: working days on the PRC calendar with its 调休 days, a
correction in the middle, a new receipt, a year without calendar rows, overdue and due soon,
and a calendar edit moving the stored due date."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from permits import services
from permits.models import Application
from permits.timing.clock import clock_for
from reference.models import CalendarDay
from testing import factories as f

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def fresh(app) -> Application:
    return Application.objects.get(pk=app.pk)


def test_national_day_week_and_its_saturday_make_up_day(applicant_a):
    with time_machine.travel(at(date(2026, 9, 29)), tick=False):  # a Tuesday
        app = f.submitted(applicant_a)
    clock = clock_for(fresh(app), today=date(2026, 10, 10))
    # 9-30 counts; 10-1 … 10-7 are holidays; 10-8, 10-9 and Saturday 10-10 (调休) count
    assert clock.working_days_elapsed == 4
    assert clock.correction_due == date(2026, 10, 12)
    assert clock.decision_due == date(2026, 10, 26)
    assert fresh(app).decision_due == date(2026, 10, 26)  # stored for the queue's order
    assert not clock.provisional and not clock.paused and clock.running


def test_a_correction_pauses_it_and_the_resubmission_starts_again(applicant_a, approver_bj):
    with time_machine.travel(at(date(2026, 11, 2)), tick=False):  # Monday
        app = f.submitted(applicant_a)
    with time_machine.travel(at(date(2026, 11, 5)), tick=False):  # Thursday: 3 days in
        from review import services as review

        review.application_request_correction(
            actor=approver_bj, application_id=app.id, opinion="请补正"
        )
    paused = clock_for(fresh(app), today=date(2026, 11, 19))
    assert paused.paused and paused.working_days_elapsed == 3 and paused.level == "paused"
    assert fresh(app).decision_due is None  # not in the "most urgent" order meanwhile
    with time_machine.travel(at(date(2026, 11, 20)), tick=False):  # Friday
        services.application_submit(actor=applicant_a, application_id=app.id)
    again = clock_for(fresh(app), today=date(2026, 11, 20))
    assert again.received_on == date(2026, 11, 20) and again.working_days_elapsed == 0
    assert again.decision_due == date(2026, 12, 11) and not again.paused


def test_a_year_without_calendar_rows_counts_weekdays_and_says_so(applicant_a):
    with time_machine.travel(at(date(2026, 12, 18)), tick=False):  # Friday
        app = f.submitted(applicant_a)
    clock = clock_for(fresh(app), today=date(2026, 12, 18))
    assert clock.provisional  # the due date lies in 2027, which has no rows yet
    assert clock.decision_due == date(2027, 1, 8)  # weekdays only from 2027-01-01 on


def test_overdue_and_due_soon_in_working_days(applicant_a, approver_bj):
    with time_machine.travel(at(date(2026, 11, 2)), tick=False):
        app = f.accepted(applicant_a, approver_bj)
    due = clock_for(fresh(app), today=date(2026, 11, 19))  # 13 working days in
    assert due.days_left == 2 and due.due_soon and due.level == "soon"
    late = clock_for(fresh(app), today=date(2026, 11, 24))  # 16
    assert late.overdue and late.level == "overdue"


def test_a_decision_stops_it(applicant_a, approver_bj):
    with time_machine.travel(at(date(2026, 11, 2)), tick=False):
        app = f.accepted(applicant_a, approver_bj)
    with time_machine.travel(at(date(2026, 11, 4)), tick=False):
        from review import services as review

        review.application_reject(actor=approver_bj, application_id=app.id, reason="不符合")
    clock = clock_for(fresh(app), today=date(2026, 11, 30))
    assert not clock.running and clock.working_days_elapsed == 2 and clock.level == "stopped"
    assert fresh(app).decision_due is None


def test_no_clock_before_the_first_submission(applicant_a):
    assert clock_for(f.draft(applicant_a)) is None


def test_a_calendar_edit_moves_the_stored_due_date(applicant_a, run_tasks):
    with time_machine.travel(at(date(2026, 11, 30)), tick=False):
        app = f.submitted(applicant_a)
    assert fresh(app).decision_due == date(2026, 12, 21)
    with run_tasks():  # an extra holiday inside the window, as an administrator would add
        CalendarDay.objects.create(date=date(2026, 12, 10), is_working_day=False, name="测试")
    assert fresh(app).decision_due == date(2026, 12, 22)
