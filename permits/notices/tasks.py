"""The task that turns a pending notice into its signed PDF, after the decision's commit.

Idempotent: a notice is claimed with a short lease before it is rendered, its file has one
name (its number), and only the claim that rendered it may mark it ready; a re-run after a
crash writes the same file again and yields one file and one number. Nothing here holds a
database lock while rendering or signing.

A failure is recorded on the row (attempts, last error, next try). Where the task backend can
defer, the task is enqueued again after 1, 5, 30 and 30 minutes; after the fifth failed try,
or where the backend cannot defer (the in-process backend of `make run`), the notice is
marked failed. `manage.py reissue_notices` re-runs failed notices and those left pending by a
worker that died. A task run that a dead worker left behind is handed back to the queue
(operations.workers); started again, it may take over its own lease at once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from documents.qr import qr_svg_data_uri
from documents.rendering import BASE_STYLESHEET, render_pdf
from documents.signing import sign_pdf
from documents.storage import store_bytes_at
from permits.models import Notice, NoticeKind, NoticeState

logger = logging.getLogger(__name__)

TEMPLATE = "documents/notice.html"
STYLESHEETS = (BASE_STYLESHEET, "documents/notice.css")
SIGNATURE_FIELD = "Signature1"
MAX_ATTEMPTS = 5
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
LEASE = timedelta(minutes=5)


def retry_delay(attempt: int) -> timedelta:
    """The wait after failed try number `attempt` (1-based)."""
    return RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]


def file_name(notice: Notice) -> str:
    """One name per notice: a re-run replaces the file rather than adding one."""
    issued = timezone.localtime(notice.issued_at)
    return f"notices/{issued:%Y/%m}/{notice.number}.pdf"


def render_notice_pdf(snapshot: dict) -> bytes:
    """The signed PDF of a notice, from its snapshot alone."""
    context = dict(snapshot)
    if context.get("permit"):
        permit = dict(context["permit"])
        url = permit.get("verification_url") or ""
        permit["qr"] = qr_svg_data_uri(url) if url else ""
        context["permit"] = permit
    pdf = render_pdf(TEMPLATE, context, stylesheets=STYLESHEETS)
    return sign_pdf(
        pdf,
        reason=f"{NoticeKind(context['kind']).label} {context['number']}",
        location=context["department"],
        field_name=SIGNATURE_FIELD,
    )


def _claim(notice_id, run_id: str = "") -> Notice | None:
    """Take the notice for this run (None when it is ready or another run holds it)."""
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    if run_id:
        free |= Q(claimed_by=run_id)
    claimed = (
        Notice.objects.filter(pk=notice_id, state__in=(NoticeState.PENDING, NoticeState.FAILED))
        .filter(free)
        .update(claimed_until=now + LEASE, claimed_by=run_id, attempts=F("attempts") + 1)
    )
    return Notice.objects.get(pk=notice_id) if claimed else None


def render_now(notice_id, *, retry: bool = True, run_id: str = "") -> str:
    """Render, sign and store one notice and mark it ready; returns what happened:
    "ready", "skipped" (ready already, or held by another run), "retry" or "failed".
    `run_id` names the task run (its result's id), so that a run started again after its
    worker died takes its own lease back."""
    notice = _claim(notice_id, run_id)
    if notice is None:
        return "skipped"
    attempt = notice.attempts
    mine = Notice.objects.filter(pk=notice.pk, attempts=attempt).exclude(state=NoticeState.READY)
    try:
        stored = store_bytes_at(file_name(notice), render_notice_pdf(notice.snapshot))
    except Exception as exc:
        logger.exception("notice %s: try %s failed", notice.number, attempt)
        can_defer = retry and default_task_backend.supports_defer and attempt < MAX_ATTEMPTS
        next_try = timezone.now() + retry_delay(attempt) if can_defer else None
        mine.update(
            state=NoticeState.PENDING if can_defer else NoticeState.FAILED,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_try_at=next_try,
            claimed_until=None,
        )
        if can_defer:
            render_notice.using(run_after=next_try).enqueue(str(notice.pk))
            return "retry"
        return "failed"
    mine.update(
        state=NoticeState.READY,
        storage_name=stored.name,
        size=stored.size,
        sha256=stored.sha256,
        ready_at=timezone.now(),
        claimed_until=None,
        last_error="",
        next_try_at=None,
    )
    return "ready"


@task(takes_context=True)
def render_notice(context, notice_id: str) -> str:
    """The task: one notice (its id as a string, for the task backend's JSON)."""
    return render_now(notice_id, run_id=str(context.task_result.id))


def enqueue_render(notice_id) -> None:
    """Enqueue the rendering of a notice (called on commit of the decision)."""
    render_notice.enqueue(str(notice_id))
