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

from core.errors import FieldError, ValidationFailed

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


def text_problems(values) -> dict[str, str]:
    """{name: problem} for every text of a mapping or a posted form (each value of a name
    given more than once) that the text rule refuses."""
    pairs = (
        ((name, v) for name, many in values.lists() for v in many)
        if hasattr(values, "lists")
        else values.items()
    )
    found = {}
    for name, value in pairs:
        problem = text_problem(value) if isinstance(value, str) else None
        if problem and name not in found:
            found[name] = problem
    return found


def refuse_bad_texts(values) -> None:
    """A posted form's texts under the text rule, as the API's schemas apply it: raises
    ValidationFailed (422) naming each field the rule refuses."""
    found = text_problems(values)
    if found:
        detail = _("提交的内容含有无效的字符，请按提示修改。")
        raise ValidationFailed(detail, [FieldError(n, p) for n, p in found.items()])


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
