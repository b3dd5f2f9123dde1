"""Tasks that a write asks for are enqueued with the write.

With the database backend (production) the task's row is written in the caller's
transaction, an outbox: it commits with the write or not at all, so a process that dies right
after the commit leaves the task queued for any worker, never lost. The in-process backend
(`make run`) runs a task inside enqueue(): there the task waits for the commit, so it never
sees (or renders) a write that rolls back. Outside a transaction both enqueue at once."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django_tasks_db import DatabaseBackend


def enqueue_with_write(task, *args, **kwargs) -> None:
    """Enqueue `task(*args, **kwargs)` as part of the caller's transaction."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, *args, **kwargs))
