from datetime import date

import pytest

from core.errors import ValidationFailed
from permits.rules.validity import add_months, decide_dates, latest_valid_until


@pytest.mark.parametrize(
    ("direction", "issued", "until"),
    [
        ("import", date(2026, 3, 10), date(2027, 3, 9)),
        ("import", date(2028, 2, 29), date(2029, 2, 27)),
        ("export", date(2026, 3, 10), date(2026, 6, 9)),
        ("export", date(2026, 11, 27), date(2026, 12, 31)),  # never past 31 December
        ("export", date(2026, 10, 1), date(2026, 12, 31)),
        ("export", date(2026, 9, 30), date(2026, 12, 29)),
        ("export", date(2026, 1, 1), date(2026, 3, 31)),
    ],
)
def test_latest_valid_until(direction, issued, until):
    assert latest_valid_until(direction, issued) == until


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_dates_filled_by_rule():
    assert decide_dates(direction="import", today=date(2026, 5, 1), submitted_on=None) == (
        date(2026, 5, 1),
        date(2027, 4, 30),
    )


def test_approver_may_shorten_but_not_lengthen():
    issue, until = decide_dates(
        direction="export",
        today=date(2026, 5, 1),
        submitted_on=date(2026, 4, 1),
        valid_until=date(2026, 6, 1),
    )
    assert until == date(2026, 6, 1)
    with pytest.raises(ValidationFailed) as err:
        decide_dates(
            direction="export",
            today=date(2026, 5, 1),
            submitted_on=None,
            valid_until=date(2026, 8, 1),
        )
    assert err.value.errors[0].field == "valid_until"


@pytest.mark.parametrize(
    ("issue", "field"), [(date(2026, 5, 2), "issue_date"), (date(2026, 3, 1), "issue_date")]
)
def test_issue_date_bounds(issue, field):
    with pytest.raises(ValidationFailed) as err:
        decide_dates(
            direction="import",
            today=date(2026, 5, 1),
            submitted_on=date(2026, 4, 1),
            issue_date=issue,
        )
    assert err.value.errors[0].field == field
