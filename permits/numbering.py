"""Application and permit numbers (our own formats; domain.md, Numbering).

application_no: I/E + YYYYMMDD + 8-digit system-wide sequence, assigned at the first save.
permit_no: department code (6) + year (4) + I/E + 5-digit sequence, no gaps per department,
year and direction: the counter row is incremented in the approval's own transaction, so a
rollback returns the number and concurrent approvals queue on the row lock.
"""

from datetime import date

from django.db import connection

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
