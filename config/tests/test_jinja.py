"""The Jinja2 environment's `date` filter gives what Django's gives, in the current time zone."""

from datetime import UTC, datetime

import pytest
from django.template.defaultfilters import date as django_date
from django.utils.timezone import template_localtime

from config.pages.jinja import _date

MOMENTS = [
    datetime(2026, 12, 31, 16, 0, 59, tzinfo=UTC),  # the next day in Beijing
    datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC),
    datetime(999, 3, 4, 5, 6, 7, tzinfo=UTC),  # a year of three digits
    datetime(2026, 6, 9, 23, 59, 1),  # noqa: DTZ001 - naive: shown as it is
]


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("fmt", ["Y-m-d", "Y-m-d H:i", "Y/m/d H:i:s", "d.m.Y", "N j, Y", ""])
def test_date_is_djangos(moment, fmt):
    assert _date(moment, fmt) == django_date(template_localtime(moment), fmt)


def test_no_date_shows_nothing():
    assert _date(None, "Y-m-d") == "" and _date("", "Y-m-d") == ""
