"""What any text, date or number coming from outside must be before it goes further: one rule
per kind, used by the API's schemas and by the pages' forms alike.

- Text: no NUL (PostgreSQL cannot store it) and no lone UTF-16 surrogates (JSON can carry
  `\\ud800`, but it is no character and cannot be encoded to UTF-8).
- Dates: 2000-01-01 to 2100-12-31; nothing in this system is dated outside, and far dates
  overflow date arithmetic.
- Whole numbers: within a signed 64-bit integer (the databases' largest).
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DATE_MIN, DATE_MAX = date(2000, 1, 1), date(2100, 12, 31)
INT_MIN, INT_MAX = -(2**63), 2**63 - 1
_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")


# No list is this long: a page that starts further on is empty without asking the database
# (whose OFFSET is a 64-bit integer).
MAX_OFFSET = 10**12


def text_problem(value: str) -> str | None:
    found = _BAD_TEXT.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return _("不能包含空字符（NUL）。")
    return _("含有无效的字符（不成对的UTF-16代理项）。")


def date_problem(value: date) -> str | None:
    if DATE_MIN <= value <= DATE_MAX:
        return None
    return _("日期须在 %(min)s 至 %(max)s 之间。") % {"min": DATE_MIN, "max": DATE_MAX}


def int_problem(value: int) -> str | None:
    if INT_MIN <= value <= INT_MAX:
        return None
    return _("数值超出范围。")


def validate_date_range(value: date) -> None:
    """The date rule as a Django form validator."""
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, code="date_range")
