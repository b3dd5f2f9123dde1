"""The Jinja2 environment of the fragments drawn many times per page (a 查询 page's rows):
Jinja2 compiles a template to Python, where Django's engine walks nodes for every variable.

Their words are marked `{{ _("…") }}`, a form both engines' message extraction reads, so
`makemessages` finds them as it finds the rest; they are translated by Django's catalogues.
Dates go through `date`, Django's own filter, in the current time zone as Django's engine
shows them."""

from functools import lru_cache

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

# Format characters of Django's `date` filter written without its machinery (a page shows
# dozens of dates): each gives what Django's DateFormat gives for it.
_FAST = {
    "Y": lambda v: f"{v.year:04d}",
    "m": lambda v: f"{v.month:02d}",
    "d": lambda v: f"{v.day:02d}",
    "H": lambda v: f"{v.hour:02d}",
    "i": lambda v: f"{v.minute:02d}",
    "s": lambda v: f"{v.second:02d}",
}
_SEPARATORS = frozenset(" -:/.")


@lru_cache(maxsize=64)
def _fast_parts(fmt: str) -> tuple | None:
    """The format as parts (a function of the value, or literal text), or None where it
    uses anything beyond _FAST and separators (Django's filter then formats it)."""
    if not fmt or any(c not in _FAST and c not in _SEPARATORS for c in fmt):
        return None
    return tuple(_FAST.get(c, c) for c in fmt)


def _date(value, fmt: str = "") -> str:
    if not value:
        return ""
    value = template_localtime(value)
    parts = _fast_parts(fmt)
    if parts is None:
        return date_filter(value, fmt)
    return "".join(p if isinstance(p, str) else p(value) for p in parts)


def environment(**options) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)  # noqa: S701 - autoescape set by Django
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.globals["url"] = reverse
    env.filters["date"] = _date
    return env
