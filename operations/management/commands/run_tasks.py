"""django-tasks-db's `db_worker` with a heartbeat: use this to run task workers, so that a
task left RUNNING by a worker that died is run again (operations.workers)."""

import os
import socket

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from operations.workers import Heartbeat, beat


def default_worker_id() -> str:
    """Unique across the pool and telling where it runs: host, process, a random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


class Command(DbWorkerCommand):
    help = (
        "Run a task worker (django-tasks-db's db_worker) that keeps a heartbeat and hands "
        "back the tasks of workers that died."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=default_worker_id(), reload=False)

    def handle(self, *args, worker_id, **options):
        beat(worker_id)
        heartbeat = Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
