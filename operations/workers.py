"""Task workers that others can tell are alive, and the runs of dead ones handed back.

django-tasks-db marks a task RUNNING when a worker claims it and nothing else ever looks at
it again: a worker killed mid-task leaves it RUNNING for good. Each worker started by
`manage.py run_tasks` therefore writes a heartbeat into the shared cache (the database cache,
or Redis: seen by every node) every few seconds; every worker also looks, now and then, for
RUNNING tasks whose worker has no heartbeat any more and puts them back to READY, so that the
next free worker runs them again. A task must bear being run twice (notices do: see
permits.notices.tasks); the heartbeat's lapse only tells that the first run died.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.core.cache import cache
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = 5  # seconds
HEARTBEAT_TTL = 20  # a worker silent for this long is taken for dead
RECOVER_EVERY = 10


def heartbeat_key(worker_id: str) -> str:
    return f"tasks:worker:{worker_id}"


def beat(worker_id: str) -> None:
    cache.set(heartbeat_key(worker_id), timezone.now().isoformat(), HEARTBEAT_TTL)


def is_alive(worker_id: str) -> bool:
    return bool(worker_id) and cache.get(heartbeat_key(worker_id)) is not None


def requeue_abandoned(now=None) -> list[str]:
    """Put back to READY the RUNNING tasks whose worker stopped beating; their ids."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(seconds=HEARTBEAT_TTL)
    ).values_list("id", "worker_ids")
    dead = [pk for pk, workers in running if not is_alive(workers[-1] if workers else "")]
    if not dead:
        return []
    DBTaskResult.objects.filter(pk__in=dead, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )
    for pk in dead:
        logger.warning("task %s: its worker died; handed back to the queue", pk)
    return [str(pk) for pk in dead]


class Heartbeat(threading.Thread):
    """Beats for `worker_id` and hands back dead workers' tasks until stopped."""

    def __init__(self, worker_id: str):
        super().__init__(name="tasks-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        since_recovery = RECOVER_EVERY
        try:
            while not self.stopped.is_set():
                close_old_connections()
                try:
                    beat(self.worker_id)
                    if since_recovery >= RECOVER_EVERY:
                        requeue_abandoned()
                        since_recovery = 0
                except Exception:  # the database may be away a moment; try again later
                    logger.exception("heartbeat of %s failed", self.worker_id)
                since_recovery += HEARTBEAT_EVERY
                self.stopped.wait(HEARTBEAT_EVERY)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        cache.delete(heartbeat_key(self.worker_id))
