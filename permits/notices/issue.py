"""Allocating a notice in the decision's transaction (architecture.md, rule 6).

The caller of the transition calls notice_issue(change) in the same transaction: the number
(gapless per department, kind and year), the snapshot of everything the document shows and
state `pending` commit or roll back with the status change, and so does the task that renders,
signs and stores the PDF (core.tasks: with the database backend its row is part of the same
transaction), which a worker runs after the commit: a decision never waits for its document,
a rolled-back decision leaves neither a row nor a file, and a process that dies right after
the commit leaves no notice without its task.
"""

from django.utils import timezone

from core.tasks import enqueue_with_write
from permits.models import Notice, NoticeKind
from permits.notices.content import notice_snapshot
from permits.notices.numbers import notice_number
from permits.notices.tasks import render_notice
from permits.workflow.states import Action

KIND_BY_ACTION: dict[str, NoticeKind] = {
    Action.ACCEPT: NoticeKind.ACCEPTANCE,
    Action.NOT_ACCEPT: NoticeKind.NON_ACCEPTANCE,
    Action.REQUEST_CORRECTION: NoticeKind.CORRECTION,
    Action.APPROVE: NoticeKind.APPROVAL,
    Action.REJECT: NoticeKind.REJECTION,
    Action.VOID: NoticeKind.VOIDING,
}


def notice_issue(change) -> Notice | None:
    """The notice of a status change (None for changes that carry none), allocated in the
    caller's transaction with the application row still locked."""
    kind = KIND_BY_ACTION.get(change.record.action)
    if kind is None:
        return None
    app, record = change.application, change.record
    number = notice_number(app.approval_department_id, kind, timezone.localdate(record.at).year)
    notice = Notice.objects.create(
        application=app,
        status_change=record,
        kind=kind,
        number=number,
        issued_at=record.at,
        snapshot=notice_snapshot(app, record, kind=kind, number=number),
    )
    enqueue_with_write(render_notice, str(notice.id))
    return notice
