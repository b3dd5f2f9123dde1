"""Races that really race (PostgreSQL): every thread has its own connection, opened before a
barrier, and all of them start the contended work at the same instant; or one connection
holds a row lock while another must wait for it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connection, connections, transaction


def race(n: int, fn, *, timeout: float = 60) -> list:
    """Run fn(i) for i in range(n) in n threads released together; their results in order."""
    barrier = threading.Barrier(n)

    def run(i):
        try:
            connection.ensure_connection()  # connecting is not part of the race
            barrier.wait(timeout=timeout)
            return fn(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


class RowHolder:
    """Another connection in the middle of its transaction: it has locked a row (and maybe
    changed it) and commits when told to."""

    def __init__(self, model, pk, change=None):
        self.model, self.pk, self.change = model, pk, change
        self.locked, self._release, self.done = (threading.Event() for _ in range(3))
        self.errors: list[BaseException] = []
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self):
        try:
            with transaction.atomic():
                row = self.model.objects.select_for_update().get(pk=self.pk)
                if self.change is not None:
                    self.change(row)
                self.locked.set()
                self._release.wait(timeout=60)
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            self.errors.append(exc)
            self.locked.set()
        finally:
            connections.close_all()
            self.done.set()

    def wait_for_a_waiter(self, timeout: float = 10) -> None:
        """Return once another backend of this database waits for a lock (it reached the
        locked row); polled from a third connection, bounded."""
        deadline = threading.Event()
        timer = threading.Timer(timeout, deadline.set)
        timer.start()
        try:
            while not deadline.is_set():
                with connections["default"].cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                    if cursor.fetchone()[0]:
                        return
                deadline.wait(0.01)
            raise AssertionError("nobody waited for the locked row")
        finally:
            timer.cancel()

    def release(self) -> None:
        self._release.set()
        self.done.wait(timeout=30)


@contextmanager
def row_locked(model, pk, change=None):
    """Hold the row lock of model(pk) from another connection until the block ends (or
    holder.release()), after applying `change(row)` in that transaction."""
    holder = RowHolder(model, pk, change)
    holder.thread.start()
    holder.locked.wait(timeout=30)
    if holder.errors:
        raise holder.errors[0]
    try:
        yield holder
    finally:
        holder.release()


def in_thread(fn, *args, **kwargs):
    """Start fn in a thread with its own connection; returns a future."""
    pool = ThreadPoolExecutor(max_workers=1)

    def run():
        try:
            return fn(*args, **kwargs)
        finally:
            connections.close_all()

    future = pool.submit(run)
    pool.shutdown(wait=False)
    return future


@contextmanager
def lock_timeout(ms: int):
    """Give up waiting for a lock after `ms` milliseconds in this transaction (PostgreSQL)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{int(ms)}ms'")
        yield
