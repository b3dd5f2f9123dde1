"""The Jinja2 environment of the fragments drawn many times per page (a 查询 page's rows):
Jinja2 compiles a template to Python, where Django's engine walks nodes for every variable.

Their words are marked `{{ _("…") }}`, a form both engines' message extraction reads, so
`makemessages` finds them as it finds the rest; they are translated by Django's catalogues.
Dates go through `date`, Django's own filter, in the current time zone as Django's engine
shows them."""

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext
from jinja2 import Environment


def _date(value, fmt: str = "") -> str:
    return date_filter(template_localtime(value), fmt) if value else ""


def environment(**options) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)  # noqa: S701 - autoescape set by Django
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.globals["url"] = reverse
    env.filters["date"] = _date
    return env
