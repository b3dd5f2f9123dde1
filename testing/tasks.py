"""Running the tasks a test's writes enqueue, as a worker would.

A test runs inside one transaction that never commits, so the callbacks a service registers
for the commit (enqueueing the notice's task) would never run. `run_tasks()` (the fixture of
the root conftest.py) captures them and runs them on leaving the block; with the database
backend (the PostgreSQL tests, as in production) it then works off every task that is ready
through django-tasks-db's own worker, one task at a time.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.db import transaction

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def uses_database_backend() -> bool:
    return settings.TASKS["default"]["BACKEND"] == DATABASE_BACKEND


def drain(backend_name: str = "default") -> int:
    """Run every ready task of the database backend through its worker; how many ran."""
    if not uses_database_backend():
        return 0
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name=backend_name,
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().filter(backend_name=backend_name).get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1


@contextmanager
def tasks_run(capture):
    """`capture` is pytest-django's django_capture_on_commit_callbacks."""
    with capture(execute=True) as callbacks:
        yield callbacks
    drain()


@contextmanager
def background_worker(interval: float = 0.05):
    """django-tasks-db's worker running in a thread for the length of the block (browser
    journeys: a decision made in a page has its notice rendered as in production). Nothing
    to run with the in-process backend."""
    if not uses_database_backend():
        yield None
        return
    import threading

    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e",
        excluded_queue_names=[],
    )

    def run():
        try:
            worker.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="tasks-worker", daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.running = False
        thread.join(timeout=30)


def settle(timeout: float = 30) -> None:
    """Run what is ready and wait until no notice is pending any more (a worker thread may be
    finishing one); bounded."""
    import threading

    from permits.models import Notice

    drain()
    deadline = threading.Event()
    timer = threading.Timer(timeout, deadline.set)
    timer.start()
    try:
        while Notice.objects.filter(state="pending").exists():
            if deadline.wait(0.05):
                raise AssertionError("notices still pending")
            drain()
    finally:
        timer.cancel()
