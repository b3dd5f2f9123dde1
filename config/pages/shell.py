"""The workspace shell around a page (templates/workspace.html), rendered once for everything
it shows and kept in the process's "pages" cache.

The shell shows the same things on every page a user opens: the top bar (name, organisation,
unread messages, language), the menu, the dialogs. Rendering it costs more than many pages'
own content, so it is rendered once per key naming everything it shows (the language, the
user and their name, organisation and unread count, the menu, the address) and the page is
put into it. What differs on every request or every page goes in as a stand-in and is filled
in each time: the CSRF token (a new mask each time, as Django's own rendering gives), the
page's title and the page itself. The stand-ins are random per process, so no page content
can spell one.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language

from accounts.web.top_bar import top_bar
from config.pages.menu import menu_for
from config.speed.csrf_tokens import csrf_token

SHELL_TEMPLATE = "workspace.html"
FRAME_SECONDS = 600

_MARK = secrets.token_hex(12)
CSRF = f"csrf{_MARK}"
TITLE = f"title{_MARK}"
BODY = f"body{_MARK}"


def _shown(request, org: str, unread: int) -> tuple:
    """Everything the shell shows apart from the stand-ins."""
    user = request.user
    menu = tuple((item.key, item.url_name, item.icon) for item in menu_for(user))
    return (
        get_language(),
        user.pk,
        user.display_name,
        org,
        unread,
        menu,
        request.get_full_path(),
    )


def _frame(request, *, org: str, unread: int) -> list[str]:
    """The shell with stand-ins, split around the page: [before, after]."""
    seen = _shown(request, org, unread)
    key = "shell:" + hashlib.sha256(repr(seen).encode()).hexdigest()
    bodies = caches["pages"]
    parts = bodies.get(key)
    if parts is None:
        page = {"url": request.get_full_path(), "title": TITLE, "body": BODY}
        html = render_to_string(
            SHELL_TEMPLATE,
            {
                "tabs": [page],
                "page_title": TITLE,
                "csrf_token": CSRF,
                "shell_org": org,
                "shell_unread": unread,
            },
            request=request,
        )
        parts = html.split(BODY)
        if len(parts) != 2:  # the shell shows the page exactly once
            raise ValueError(f"{SHELL_TEMPLATE} must show the page once, not {len(parts) - 1}")
        bodies.set(key, parts, FRAME_SECONDS)
    return parts


def shell_page(request, *, title: str, body: str) -> str:
    """The whole page: the shell of `request`'s user around `body` (the page fragment)."""
    english = (get_language() or "").startswith("en")
    unread, org = top_bar(request.user, english=english)
    parts = _frame(request, org=org, unread=unread)
    token, shown_title = csrf_token(request), escape(str(title))
    before, after = (p.replace(CSRF, token).replace(TITLE, shown_title) for p in parts)
    return before + str(body) + after
