"""Template pieces every page uses, available without {% load %} (TEMPLATES builtins).

{% alert "error" title=... id=... role=... tabindex="-1" class="..." %}...{% endalert %}
renders the one notice/alert block of the UI (templates/partials/_alert.html): its colour by
level (error, warn, ok, info), the matching icon, an optional title, and the body given
between the tags. Errors are announced at once (role="alert"), the rest politely.
"""

from functools import lru_cache

from django import template
from django.template.base import token_kwargs
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

ICONS = {"error": "alert", "warn": "alert", "ok": "check", "info": "info"}
ROLES = {"error": "alert", "warn": "note", "ok": "status", "info": "status"}


class AlertNode(template.Node):
    def __init__(self, level, kwargs, nodelist):
        self.level, self.kwargs, self.nodelist = level, kwargs, nodelist

    def render(self, context):
        level = str(self.level.resolve(context) or "info")
        options = {key: value.resolve(context) for key, value in self.kwargs.items()}
        body = self.nodelist.render(context).strip()
        return render_to_string(
            "partials/_alert.html",
            {
                "level": level,
                "icon": options.pop("icon", None) or ICONS.get(level, "info"),
                "role": options.pop("role", None) or ROLES.get(level, "status"),
                "title": options.pop("title", ""),
                "id": options.pop("id", ""),
                "tabindex": options.pop("tabindex", ""),
                "extra_class": options.pop("class", ""),
                "body": mark_safe(body),  # noqa: S308 - rendered by the template engine
                "simple": "<" not in body,
            },
        )


@register.tag("alert")
def do_alert(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% alert %} needs a level: error, warn, ok, info")
    level = parser.compile_filter(bits[0])
    kwargs = token_kwargs(bits[1:], parser)
    nodelist = parser.parse(("endalert",))
    parser.delete_first_token()
    return AlertNode(level, kwargs, nodelist)


ICON_TEMPLATE = "partials/_icon.html"


@lru_cache(maxsize=256)
def _icon_markup(name: str, css_class: str) -> str:
    return render_to_string(ICON_TEMPLATE, {"name": name, "class": css_class})


@register.simple_tag
def icon(name, css_class=""):
    """`{% icon "search" %}`: the SVG of partials/_icon.html, rendered once per name and class
    (an icon depends on nothing else; a page shows dozens)."""
    return mark_safe(_icon_markup(str(name), str(css_class or "")))  # noqa: S308 - our template
