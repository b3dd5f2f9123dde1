"""Scale data for the benchmarks (quality.md, Performance budgets): `generate_load_data`.

Writes realistic applications — every status in plausible proportions, both directions, 1–4
goods, attachment metadata for everything that was ever submitted, a status history that
follows the workflow table — spread over thousands of enterprises (with a Zipf-like skew, so
that a few large traders hold thousands of applications each) and every department, created
over the last three years in working hours.

Bulk paths only: the rows are built as plain tuples and written in one transaction per batch,
with one prepared INSERT run by `executemany` per table on SQLite and `COPY … FROM STDIN` on
PostgreSQL. No model instance is built per row (only the few thousand enterprises and users go
through `bulk_create`). A forked child process builds the rows while this one writes them
(two cores: Python work there, database work here). Durability is relaxed per batch (SQLite
`synchronous = OFF`, PostgreSQL `synchronous_commit = off`: a crash loses the last batches,
never consistency) and, for a PostgreSQL superuser, the per-row foreign-key triggers are
skipped (`SET LOCAL session_replication_role = replica`): the rows are consistent by
construction. Application ids are UUIDv7 (time-ordered), so the indexes on them grow at
their right edge. Numbers come from the same `permits_counter` rows as real ones,
reserved per batch in the batch's own transaction: application numbers from
`application_no`, permit numbers from `permit:<department>:<year>:<direction>` (in approval
order), so numbers never collide with real ones and a second run adds more data.

Generated rows are recognisable, and `clear()` removes exactly them: enterprises named
`负载测试…` whose USCC organisation code starts with `LT`, users `loadtest-…`, stored file
names under `loadtest/` (metadata only: no file is written).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.utils import timezone

from bench.loaddata.clearing import clear
from bench.loaddata.columns import (
    ATTACHMENT_COLUMNS,
    GOODS_COLUMNS,
    HISTORY_COLUMNS,
    app_columns,
    column_index,
)
from bench.loaddata.population import ensure_approvers, ensure_enterprises, load_catalogue
from bench.loaddata.rows import Batch, Generator
from bench.loaddata.vocabulary import NAME_PREFIX, ORG_PREFIX, USERNAME_PREFIX
from bench.loaddata.writers import Table, reserve, writer_for_connection
from permits.models import Application, Attachment, Counter, Goods, StatusChange

__all__ = [
    "NAME_PREFIX",
    "ORG_PREFIX",
    "USERNAME_PREFIX",
    "Totals",
    "clear",
    "default_enterprises",
    "generate",
    "writer_for_connection",
]


@dataclass
class Totals:
    applications: int = 0
    goods: int = 0
    attachments: int = 0
    history: int = 0
    enterprises: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


TABLES = {
    "app": (Application, None),
    "goods": (Goods, GOODS_COLUMNS),
    "attachment": (Attachment, ATTACHMENT_COLUMNS),
    "history": (StatusChange, HISTORY_COLUMNS),
}


def store(batch: Batch, writer, tables: dict[str, Table], timings: dict[str, float]) -> None:
    """Number and write one batch (in the caller's transaction)."""
    stamp, ix_stamp = writer.stamp(), column_index()["stamp"]
    for row in batch.apps:
        row[ix_stamp] = stamp
    seq = reserve("application_no", len(batch.apps))
    ix_no, ix_permit = column_index()["application_no"], column_index()["permit_no"]
    for k, row in enumerate(batch.apps):
        row[ix_no] = f"{row[ix_no]}{seq + k:08d}"
    # permit numbers in approval order, from each counter's reserved range
    for key, entries in batch.permits.items():
        entries.sort(key=lambda e: e[0])
        first_seq = reserve(key, len(entries))
        _p, dept, year, direction = key.split(":")
        letter = "I" if direction == "import" else "E"
        for j, (_t, row) in enumerate(entries):
            row[ix_permit] = f"{dept}{year}{letter}{first_seq + j:05d}"
    for name, rows in (
        ("app", batch.apps),
        ("goods", batch.goods),
        ("attachment", batch.attachments),
        ("history", batch.history),
    ):
        t0 = time.perf_counter()
        writer.write(tables[name], rows)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0


def default_enterprises(applications: int) -> int:
    return max(50, applications // 200)


def _build_all(gen: Generator, applications: int, size: int, out) -> None:
    """In the child process: build every batch and hand it over (pickled by the queue)."""
    try:
        for first in range(0, applications, size):
            out.put(gen.build(first, min(size, applications - first)))
        out.put(None)
    except BaseException as exc:  # reported to the parent, which raises it
        out.put(RuntimeError(f"building rows failed: {exc!r}"))


@contextlib.contextmanager
def _batches(gen: Generator, applications: int, size: int, parallel: bool):
    """The batches in order. With `parallel`, a forked child builds them (Python work) while
    this process writes (the database work): two cores instead of one. Threads would not
    help: the GIL is held for every row bound."""
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        yield (
            gen.build(first, min(size, applications - first))
            for first in range(0, applications, size)
        )
        return
    connections.close_all()  # the child never uses them; the parent reconnects
    ctx = multiprocessing.get_context("fork")
    handoff = ctx.Queue(maxsize=3)
    child = ctx.Process(target=_build_all, args=(gen, applications, size, handoff), daemon=True)
    child.start()

    def received():
        while (item := handoff.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item

    try:
        yield received()
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def generate(
    *,
    applications: int,
    enterprises: int | None = None,
    seed: int = 1,
    batch: int = 5000,
    parallel: bool | None = None,
    log: Callable[[str], None] = print,
) -> Totals:
    """Write `applications` more applications (with goods, attachments, history); see the
    module docstring. Returns the row counts and the time taken. `parallel` (default: when
    there are more than two batches) builds rows in a forked child process."""
    started = time.perf_counter()
    if parallel is None:
        parallel = applications > 2 * batch
    if connection.in_atomic_block:
        parallel = False  # the child must not close a connection inside a transaction
    enterprises = enterprises or default_enterprises(applications)
    totals = Totals()
    writer = writer_for_connection()
    catalogue = load_catalogue()
    with transaction.atomic():
        ents = ensure_enterprises(enterprises, catalogue.departments, log)
        approvers = ensure_approvers(catalogue.departments)
    totals.enterprises = len(ents)
    log(
        f"  {len(ents):,} enterprises over {len({e.province for e in ents})} departments "
        f"({time.perf_counter() - started:.1f} s)"
    )
    used = Counter.objects.filter(key="application_no").values_list("value", flat=True).first()
    gen = Generator(
        seed=seed,
        catalogue=catalogue,
        ents=ents,
        approvers=approvers,
        dt_suffix=writer.dt_suffix,
        total=applications,
        now=int(timezone.now().timestamp()),
        used=used or 0,
    )
    tables = {
        name: Table(model, columns or app_columns()) for name, (model, columns) in TABLES.items()
    }
    timings: dict[str, float] = {}
    statuses: dict[str, int] = {}
    done = 0
    with _batches(gen, applications, batch, parallel) as batches:
        writer.setup()
        for built in batches:
            with transaction.atomic():
                writer.begin_batch()
                store(built, writer, tables, timings)
            done += len(built.apps)
            totals.goods += len(built.goods)
            totals.attachments += len(built.attachments)
            totals.history += len(built.history)
            for status, n in built.statuses.items():
                statuses[status] = statuses.get(status, 0) + n
            elapsed = time.perf_counter() - started
            log(
                f"  {done:>10,} / {applications:,} applications  {elapsed:6.1f} s  "
                f"({done / elapsed:,.0f}/s)"
            )
    totals.applications = done
    totals.statuses = statuses
    writer.finish(log)
    totals.seconds = time.perf_counter() - started
    totals.timings = timings
    return totals
