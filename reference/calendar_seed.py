"""The working calendar's rows from chinese-calendar (holidays and 调休 make-up working days as
published by the State Council; the package knows the years up to 2026). Rows that exist are
left as they are: an administrator's correction is never overwritten."""

from chinese_calendar import constants

from reference.models import CalendarDay


def calendar_rows() -> dict:
    """date -> (is_working_day, Chinese name) for every day the package lists."""
    names = {h.value: h.chinese for h in constants.Holiday}
    rows = {d: (False, names.get(v, v)) for d, v in constants.holidays.items()}
    rows.update({d: (True, f"{names.get(v, v)}调休上班") for d, v in constants.workdays.items()})
    return rows


def seed_calendar() -> tuple[int, int]:
    """Create the missing rows; returns (rows in the package, rows created)."""
    rows = calendar_rows()
    present = set(CalendarDay.objects.filter(date__in=list(rows)).values_list("date", flat=True))
    missing = [
        CalendarDay(date=d, is_working_day=working, name=name)
        for d, (working, name) in sorted(rows.items())
        if d not in present
    ]
    CalendarDay.objects.bulk_create(missing, batch_size=500)
    return len(rows), len(missing)
