"""Validity of a permit from its issue date (办法: import 1 year; export at most 3 months and
never past 31 December of the issue year). The approver may shorten, never lengthen."""

import calendar
from datetime import date, timedelta

from django.utils.translation import gettext as _

from core.errors import ErrorCollector


def add_months(day: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31 Jan + 1 month → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_valid_until(direction: str, issue_date: date) -> date:
    """The longest validity the rules allow."""
    if direction == "import":
        return add_months(issue_date, 12) - timedelta(days=1)
    return min(add_months(issue_date, 3) - timedelta(days=1), date(issue_date.year, 12, 31))


def decide_dates(
    *,
    direction: str,
    today: date,
    submitted_on: date | None,
    issue_date: date | None = None,
    valid_until: date | None = None,
) -> tuple[date, date]:
    """Check the approver's dates (or fill them by rule); raises ValidationFailed."""
    errors = ErrorCollector()
    issue = issue_date or today
    if issue > today:
        errors.add("issue_date", _("发证日期不能晚于今天。"))
    if submitted_on and issue < submitted_on:
        errors.add("issue_date", _("发证日期不能早于申报日期。"))
    latest = latest_valid_until(direction, issue)
    until = valid_until or latest
    if until > latest:
        errors.add(
            "valid_until",
            _("有效期最长至 %(latest)s（只能缩短，不能延长）。") % {"latest": latest.isoformat()},
        )
    if until < issue:
        errors.add("valid_until", _("有效期不能早于发证日期。"))
    errors.raise_if_any(_("发证日期或有效期有误。"))
    return issue, until
