"""Application and permit numbers (our own formats; domain.md, Numbering).

application_no: I/E + YYYYMMDD + 8-digit system-wide sequence, assigned at the first save.
permit_no: department code (6) + year (4) + I/E + 5-digit sequence, no gaps per department,
year and direction: the counter row is incremented in the approval's own transaction, so a
rollback returns the number and concurrent approvals queue on the row lock.
"""

import re
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

PREFIX = {"import": "I", "export": "E"}


def next_value(key: str) -> int:
    """Increment and return the counter `key` in one statement (PostgreSQL and SQLite ≥ 3.35
    both support INSERT … ON CONFLICT … RETURNING); the row stays locked until commit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO permits_counter (key, value) VALUES (%s, 1) "
            "ON CONFLICT (key) DO UPDATE SET value = permits_counter.value + 1 "
            "RETURNING value",
            [key],
        )
        return cursor.fetchone()[0]


def new_application_no(direction: str, today: date) -> str:
    seq = next_value("application_no")
    return f"{PREFIX[direction]}{today:%Y%m%d}{seq:08d}"


def new_permit_no(department_code: str, direction: str, year: int) -> str:
    seq = next_value(f"permit:{department_code}:{year}:{direction}")
    return f"{department_code}{year:04d}{PREFIX[direction]}{seq:05d}"


_DATED_PREFIX = re.compile(r"^[IE](\d{4})(\d{2})?(\d{2})?")


def created_range(prefix: str) -> tuple[datetime, datetime] | None:
    """The creation times of the applications whose number starts with `prefix`, when the
    prefix names a year, month or day (I/E + YYYY[MM[DD]]): the number carries the local date
    of its first save. One day wider on each side, since the number is taken just before the
    row is saved (midnight may fall in between). None when the prefix names no date."""
    match = _DATED_PREFIX.match(prefix)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        first = date(year, month or 1, day or 1)
    except ValueError:
        return None
    if day:
        last = first
    elif month:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    else:
        last = date(year, 12, 31)
    start = timezone.make_aware(datetime.combine(first - timedelta(days=1), time.min))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=2), time.min))
    return start, end
