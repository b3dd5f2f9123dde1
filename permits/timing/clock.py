"""The statutory clock of an application (行政许可法 第32条, 第42条; domain.md, Time rules).

Receipt is the date of the last 申报 and counting starts on the next working day; corrections
are asked for within 5 working days, the decision is due within 15. While 补正材料 is pending
the clock is paused; a resubmission (after a correction, or after a withdrawal) is a new
receipt and the count starts again from zero. At a decision, or a withdrawal, it stops.
Working days follow the PRC calendar with its 调休 make-up days (reference.calendar); where a
year in the range has no calendar rows yet, weekdays alone count and the clock is provisional.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.utils import timezone

from permits.workflow.states import Status
from reference.calendar import calendar

CORRECTION_DAYS = 5
DECISION_DAYS = 15
DUE_SOON_DAYS = 2
#: Statuses in which the department's clock runs.
RUNNING = frozenset({Status.SUBMITTED, Status.ACCEPTED})


@dataclass(frozen=True)
class Clock:
    received_on: date
    working_days_elapsed: int
    correction_due: date
    decision_due: date
    paused: bool
    overdue: bool
    provisional: bool
    running: bool
    days_left: int  # working days until the decision is due (negative: overdue)

    @property
    def overdue_by(self) -> int:
        return max(0, -self.days_left)

    @property
    def due_soon(self) -> bool:
        return self.running and 0 <= self.days_left <= DUE_SOON_DAYS

    @property
    def level(self) -> str:
        """How urgent, for words and colour: overdue, soon, ok, paused or stopped."""
        if self.paused:
            return "paused"
        if self.overdue:
            return "overdue"
        if not self.running:
            return "stopped"
        return "soon" if self.due_soon else "ok"

    def as_api(self) -> dict:
        """The `clock` of api.md."""
        return {name: getattr(self, name) for name in API_FIELDS}


#: The clock's fields that api.md's `clock` shows (the others serve the pages).
API_FIELDS = tuple(f.name for f in fields(Clock) if f.name not in ("running", "days_left"))


def _local(dt) -> date | None:
    return timezone.localtime(dt).date() if dt else None


def decision_due_on(received: date) -> date:
    return calendar().add_working_days(received, DECISION_DAYS)


def clock_for(app, today: date | None = None) -> Clock | None:
    """The clock of an application; None before its first 申报."""
    received = _local(app.submitted_at)
    if received is None or app.status == Status.DRAFT:
        return None
    cal = calendar()
    today = today or timezone.localdate()
    running = app.status in RUNNING
    paused = app.status == Status.CORRECTION_REQUIRED
    end = today if running else (_local(app.clock_stopped_at) or today)
    end = max(end, received)
    elapsed = cal.working_days_between(received, end)
    decision_due = cal.add_working_days(received, DECISION_DAYS)
    correction_due = cal.add_working_days(received, CORRECTION_DAYS)
    return Clock(
        received_on=received,
        working_days_elapsed=elapsed,
        correction_due=correction_due,
        decision_due=decision_due,
        paused=paused,
        overdue=elapsed > DECISION_DAYS,
        provisional=not cal.all_known(received, max(decision_due, end)),
        running=running,
        days_left=DECISION_DAYS - elapsed,
    )


def stored_due(app) -> date | None:
    """What Application.decision_due holds: the due date while the clock runs, else None
    (queues sort the most urgent first by it)."""
    if app.status not in RUNNING or app.submitted_at is None:
        return None
    return decision_due_on(_local(app.submitted_at))
