"""Template context shared by every page: the workspace menu and the shell's user line."""

from django.utils.functional import SimpleLazyObject

from accounts.messages import unread_count
from config.menu import menu_for
from config.rendering import is_htmx
from config.shell import organisation

# Base of a page template rendered with plain render() (see templates/page.html).
PAGE_BASE_FULL = "page.html"
PAGE_BASE_FRAGMENT = "partials/_blocks_page.html"


def workspace(request):
    base = PAGE_BASE_FRAGMENT if is_htmx(request) else PAGE_BASE_FULL
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"page_base": base}
    return {
        "page_base": base,
        "menu": menu_for(user),
        "shell_org": SimpleLazyObject(lambda: organisation(user)),
        # evaluated only where the shell's top bar is drawn (whole pages, not htmx fragments)
        "shell_unread": SimpleLazyObject(lambda: unread_count(user)),
    }
