"""Keeping Application.decision_due true to the working calendar: every status change sets it
(permits.workflow.transition); a change to the calendar recomputes it, in a task after the
commit, for every application whose clock runs."""

from __future__ import annotations

from django_tasks import task

from permits.models import Application
from permits.timing.clock import RUNNING, stored_due

BATCH = 2000


def recompute_decision_due() -> int:
    """Recompute the stored due date of every running application; how many changed."""
    changed = 0
    last = None
    while True:
        qs = Application.objects.filter(status__in=RUNNING).order_by("pk")
        if last is not None:
            qs = qs.filter(pk__gt=last)
        batch = list(qs.only("pk", "status", "submitted_at", "decision_due")[:BATCH])
        if not batch:
            return changed
        updates = []
        for app in batch:
            due = stored_due(app)
            if due != app.decision_due:
                app.decision_due = due
                updates.append(app)
        Application.objects.bulk_update(updates, ["decision_due"])
        changed += len(updates)
        last = batch[-1].pk


@task()
def recompute_decision_due_task() -> int:
    return recompute_decision_due()


def on_calendar_changed(sender, **kwargs) -> None:
    """Receiver of reference.calendar.calendar_changed (sent after the commit)."""
    recompute_decision_due_task.enqueue()
