"""Re-run the notices whose PDF is missing: those that failed, and those still pending long
after their decision or their last scheduled try (a worker killed mid-task)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from permits.models import Notice, NoticeState
from permits.notices.tasks import enqueue_render, render_now

STALE_AFTER = timedelta(minutes=10)


def notices_to_reissue(now=None):
    """Failed notices, and pending ones whose decision (or last scheduled retry) is more
    than ten minutes old."""
    now = now or timezone.now()
    stale = Q(state=NoticeState.PENDING, last_seen__lt=now - STALE_AFTER)
    return (
        Notice.objects.defer("snapshot")
        .annotate(last_seen=Coalesce("next_try_at", "issued_at"))
        .filter(Q(state=NoticeState.FAILED) | stale)
        .order_by("issued_at", "id")
    )


class Command(BaseCommand):
    help = (
        "Render again the notices that failed and those still pending ten minutes after "
        "their decision or last scheduled try. By default here and now; --enqueue hands them "
        "to the task workers instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="enqueue tasks instead")
        parser.add_argument("--dry-run", action="store_true", help="list them only")

    def handle(self, *args, enqueue, dry_run, **options):
        found = list(notices_to_reissue())
        for notice in found:
            if dry_run:
                outcome = "would reissue"
            elif enqueue:
                enqueue_render(notice.pk)
                outcome = "enqueued"
            else:
                outcome = render_now(notice.pk, retry=False)
            self.stdout.write(f"{notice.number} {notice.state} -> {outcome}")
        self.stdout.write(f"{len(found)} notice(s)")
