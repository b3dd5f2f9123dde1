"""Template context shared by every page: the workspace menu and the shell's user line."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from accounts.messages import unread_count
from config.pages.menu import menu_for
from config.pages.rendering import is_htmx

# Base of a page template rendered with plain render() (see templates/page.html).
PAGE_BASE_FULL = "page.html"
PAGE_BASE_FRAGMENT = "partials/_blocks_page.html"


def _organisation(user) -> str:
    """The enterprise or department shown next to the user's name in the top bar."""
    english = (get_language() or "").startswith("en")
    org = user.enterprise if user.enterprise_id else user.department if user.department_id else None
    if org is None:
        return ""
    return (org.name_en if english and org.name_en else org.name) or ""


def workspace(request):
    base = PAGE_BASE_FRAGMENT if is_htmx(request) else PAGE_BASE_FULL
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"page_base": base}
    return {
        "page_base": base,
        "menu": menu_for(user),
        "shell_org": SimpleLazyObject(lambda: _organisation(user)),
        # evaluated only where the shell's top bar is drawn (whole pages, not htmx fragments)
        "shell_unread": SimpleLazyObject(lambda: unread_count(user)),
    }
