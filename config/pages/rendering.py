"""How workspace pages are rendered: one tab's fragment for htmx, the whole shell otherwise.

The workspace opens every page in a tab. Its JavaScript fetches a page with the header
`HX-Request: true` and gets only the page fragment; a plain request (no JavaScript, a reload,
a bookmarked link) gets the complete shell with that page as its single open tab. Both come
from the same view and the same template, so the server decides what a page shows.

Conventions for page templates (see static/js/app.js):
- a page template is a fragment: its own <h1>{{ page_title }}</h1> and content, no shell;
- a link that opens a workspace page carries `data-tab` (and `data-tab-title` when its text
  is not the title); a page already open in a tab is shown instead of opened twice;
- htmx attributes inside a page work (the tab is processed after it loads);
- ids must be unique across tabs: prefix form ids per page (e.g. auto_id="import-%s"), since
  the import and export forms can be open side by side.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers

from config.pages.shell import SHELL_TEMPLATE, shell_page

FRAGMENT_TEMPLATE = "partials/_page.html"
# A page template that extends `page_base` renders only its `content` block inside render_page.
BLOCKS_ONLY_BASE = "partials/_blocks_only.html"


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def page_body(request: HttpRequest, template: str, context: dict | None, *, title) -> str:
    """The page fragment: `template` with `context`, its title, and only its own blocks."""
    page_context = {**(context or {}), "page_title": title, "page_base": BLOCKS_ONLY_BASE}
    return render_to_string(template, page_context, request=request)


def render_page(
    request: HttpRequest,
    template: str,
    context: dict | None = None,
    *,
    title: str,
    status: int = 200,
    shell_context: dict | None = None,
    body: str | None = None,
) -> HttpResponse:
    """Render `template` (a page fragment) as a workspace page titled `title`.

    htmx requests get the fragment (wrapped in `.page` carrying the tab title); other requests
    get the shell with the fragment as the open tab, plus `shell_context` (e.g. a dialog that
    belongs to the shell rather than to the page). `body`, where given, is the fragment
    already rendered (a page kept under a digest of what it shows).
    """
    if body is None:
        body = page_body(request, template, context, title=title)
    page = {"url": request.get_full_path(), "title": title, "body": body}
    if is_htmx(request):
        response = render(request, FRAGMENT_TEMPLATE, {"page": page}, status=status)
    elif any((shell_context or {}).values()) or not request.user.is_authenticated:
        shell = {**(shell_context or {}), "tabs": [page], "page_title": title}
        response = render(request, SHELL_TEMPLATE, shell, status=status)
    else:
        response = HttpResponse(shell_page(request, title=title, body=body), status=status)
    # The same URL answers with a fragment or a full page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
