"""Allocating a notice in the decision's transaction (architecture.md, rule 6).

The caller of the transition calls notice_issue(change) in the same transaction: the number
(gapless per department, kind and year), the snapshot of everything the document shows and
state `pending` commit or roll back with the status change. Only after the commit is the task
that renders, signs and stores the PDF enqueued, so a decision never waits for its document
and a rolled-back decision leaves neither a row nor a file.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from permits.models import Notice, NoticeKind
from permits.notices.content import notice_snapshot
from permits.notices.numbers import notice_number
from permits.notices.tasks import enqueue_render
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
    transaction.on_commit(partial(enqueue_render, notice.id))
    return notice
