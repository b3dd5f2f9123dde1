"""Working days on the PRC calendar (with its 调休 make-up days), for the statutory clock.

The exceptions to "Monday to Friday" live in the CalendarDay table (seeded from
chinese-calendar, editable in the admin). Each process keeps them in memory and reloads when
the reference tables' change marker moves (the same marker as the look-up index: every
CalendarDay save or delete moves it), so counting days never queries per call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.dispatch import Signal

from reference import index

#: Sent after the commit of any change to the working calendar (admin edits, seeding): what
#: keeps dates computed from it (the statutory clock's due dates) recomputes them.
calendar_changed = Signal()

_lock = threading.Lock()
_state: tuple[int, Calendar] | None = None


@dataclass(frozen=True)
class Calendar:
    exceptions: dict[date, bool]  # date -> is a working day
    years: frozenset[int]  # years with any row: known
    # Answers already computed (a calendar never changes: a new version is a new Calendar);
    # a queue page asks the same few dates for many rows.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def is_working_day(self, day: date) -> bool:
        found = self.exceptions.get(day)
        return found if found is not None else day.weekday() < 5

    def is_known(self, year: int) -> bool:
        return year in self.years

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (counting starts the next working day)."""
        key = ("add", start, count)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._add(start, count)
        return found

    def _add(self, start: date, count: int) -> date:
        day, left = start, count
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        key = ("between", start, end)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._between(start, end)
        return found

    def _between(self, start: date, end: date) -> int:
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def all_known(self, first: date, last: date) -> bool:
        return all(self.is_known(y) for y in range(first.year, last.year + 1))


def _load() -> Calendar:
    from reference.models import CalendarDay

    rows = list(CalendarDay.objects.values_list("date", "is_working_day"))
    return Calendar(exceptions=dict(rows), years=frozenset(d.year for d, _w in rows))


def calendar() -> Calendar:
    """This process's calendar, reloaded when the reference data changed."""
    global _state
    version = index.current_version()
    with _lock:
        if _state is None or _state[0] != version:
            _state = (version, _load())
        return _state[1]


def reset() -> None:
    global _state
    with _lock:
        _state = None


def announce_calendar_change() -> None:
    """Tell the listeners of calendar_changed, once the change is committed."""
    transaction.on_commit(lambda: calendar_changed.send(sender=Calendar))
