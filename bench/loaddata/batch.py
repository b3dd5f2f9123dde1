"""What the generator builds per batch, and its weighted picker."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bench.loaddata.vocabulary import DAY


@dataclass
class Batch:
    """The rows of one batch, built without touching the database; application numbers hold
    only their prefix (I/E + date) until the counter range is reserved."""

    apps: list[list] = field(default_factory=list)
    goods: list[tuple] = field(default_factory=list)
    attachments: list[tuple] = field(default_factory=list)
    history: list[tuple] = field(default_factory=list)
    permits: dict[str, list] = field(default_factory=dict)  # counter key -> [(ts, app row)]
    statuses: dict[str, int] = field(default_factory=dict)


class Picker:
    """Weighted choice by bisection over cumulative weights (random.choices rebuilds them on
    every call)."""

    def __init__(self, weighted: dict | list[tuple]):
        items = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
        self.values = [v for v, _w in items]
        self.cum = list(itertools.accumulate(w for _v, w in items))
        self.total = self.cum[-1]

    def __call__(self, rnd: Callable[[], float]):
        return self.values[bisect.bisect(self.cum, rnd() * self.total)]


class Clock:
    """Times are integer seconds since the epoch, UTC; this turns them into the database's
    text and local dates, remembering the days it has seen."""

    def __init__(self, *, dt_suffix: str, tz):
        self.dt_suffix, self.tz = dt_suffix, tz
        self._days: dict[int, str] = {}
        self._local_dates: dict[int, date] = {}

    def dt(self, ts: int | None) -> str | None:
        """A UTC timestamp as the database takes it (SQLite: naive UTC text, as Django
        stores it; PostgreSQL: with the +00 offset)."""
        if ts is None:
            return None
        d, s = divmod(ts, DAY)
        day = self._days.get(d)
        if day is None:
            day = self._days[d] = datetime.fromtimestamp(d * DAY, UTC).strftime("%Y-%m-%d")
        return f"{day} {s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}{self.dt_suffix}"

    def local_date(self, ts: int) -> date:
        hour = ts // 3600
        d = self._local_dates.get(hour)
        if d is None:
            d = self._local_dates[hour] = datetime.fromtimestamp(hour * 3600, self.tz).date()
        return d
