"""Readiness checks: may this node take traffic? Each returns None when fine, else what is
wrong (a short English text for operators). `/readyz` runs them all and names the failing
ones; `/healthz` runs none (the process answers, that is all it says)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

_migrations_done = False


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"unreachable: {type(exc).__name__}"
    return None


def check_storage() -> str | None:
    """Write, read back and delete a small file through the storage API (any backend)."""
    name = f"health/{uuid.uuid4().hex}.txt"
    payload = b"ready"
    try:
        saved = default_storage.save(name, ContentFile(payload))
        try:
            with default_storage.open(saved, "rb") as handle:
                if handle.read() != payload:
                    return "read back differs"
        finally:
            default_storage.delete(saved)
    except OSError as exc:
        return f"not writable: {type(exc).__name__}"
    return None


def check_migrations() -> str | None:
    """Every migration of the code applied (remembered once true: a process's code does not
    change under it)."""
    global _migrations_done
    if _migrations_done:
        return None
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return f"cannot read: {type(exc).__name__}"
    if plan:
        return f"{len(plan)} unapplied"
    _migrations_done = True
    return None


def check_tasks() -> str | None:
    """The tasks due now and not yet started stay under READY_TASK_BACKLOG (the workers keep
    up); nothing to check when tasks run in-process."""
    if settings.TASKS_BACKEND != "database":
        return None
    from django_tasks_db.models import DBTaskResult

    limit = settings.READY_TASK_BACKLOG
    try:
        due = DBTaskResult.objects.ready().values("id")[: limit + 1].count()
    except DatabaseError as exc:
        return f"cannot read: {type(exc).__name__}"
    return f"{limit}+ tasks waiting" if due > limit else None


def notices_pending_too_long() -> int:
    """Notices still pending NOTICE_PENDING_SECONDS after their decision and not waiting for a
    planned retry: their rendering is late or was lost (`manage.py reissue_notices`)."""
    from django.db.models import Q
    from django.utils import timezone

    from permits.models import Notice, NoticeState

    since = timezone.now() - timedelta(seconds=settings.NOTICE_PENDING_SECONDS)
    return (
        Notice.objects.filter(state=NoticeState.PENDING, issued_at__lt=since)
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lt=since))
        .count()
    )


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "storage": check_storage,
    "migrations": check_migrations,
    "tasks": check_tasks,
}


def readiness() -> dict[str, str]:
    """Every check's outcome ("ok" or what is wrong); a check after a failed database one
    that needs the database still runs and reports its own failure."""
    results = {}
    for name, check in CHECKS.items():
        try:
            problem = check()
        except Exception as exc:  # a check must never take the endpoint down
            problem = f"error: {type(exc).__name__}"
        results[name] = problem or "ok"
    return results
