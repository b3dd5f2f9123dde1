"""HTML → PDF for every document type (architecture rule 6: one template + one function per
document type). Knows no workflow: callers pass a template name and a ready context.

Speed: WeasyPrint's FontConfiguration and the parsed stylesheets are built once per thread and
reused, so a warm render only lays out the page and subsets the fonts (the application form
takes ~100 ms warm). WeasyPrint objects are not shared between threads, hence one cache per
thread rather than one per process.

Safety: nothing is ever fetched from the network. Resources may come from `data:` URLs or from
files under this app's `templates/documents/` folder; any other URL (http, https, ftp, other
files) is refused and logged, and the document renders without it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template.loader import get_template, render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

__all__ = ["ASSETS_DIR", "BASE_STYLESHEET", "LocalOnlyFetcher", "clear_caches", "render_pdf"]

logger = logging.getLogger(__name__)

#: Templates, stylesheets and any images of the documents; relative URLs resolve here.
ASSETS_DIR = (Path(__file__).resolve().parent / "templates" / "documents").resolve()
BASE_URL = ASSETS_DIR.as_uri() + "/"
#: Page size (A4), fonts, tables and the footer shared by every document type.
BASE_STYLESHEET = "documents/pdf_base.css"


class RefusedURL(ValueError):
    """A resource outside data: URLs and the documents' own folder."""


class LocalOnlyFetcher(URLFetcher):
    """Fetch `data:` URLs and files under ASSETS_DIR; refuse everything else (no network)."""

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_relative_to(ASSETS_DIR) and path.is_file():
                return super().fetch(url, headers)
        logger.warning("PDF rendering refused a resource URL: %.200s", url)
        raise RefusedURL(f"refused resource URL: {url[:200]}")


_FETCHER = LocalOnlyFetcher()
_local = threading.local()


class _Cache:
    """One FontConfiguration and the stylesheets parsed against it (per thread)."""

    def __init__(self) -> None:
        self.font_config = FontConfiguration()
        self.stylesheets: dict[str, CSS] = {}

    def stylesheet(self, name: str) -> CSS:
        css = self.stylesheets.get(name)
        if css is None:
            # Found like a template (app folders, project folder), read as plain CSS.
            path = get_template(name).origin.name
            css = CSS(
                filename=path, base_url=BASE_URL, url_fetcher=_FETCHER,
                font_config=self.font_config,
            )
            self.stylesheets[name] = css
        return css


def _cache() -> _Cache:
    cache = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = _Cache()
    return cache


def clear_caches() -> None:
    """Forget this thread's fonts and stylesheets (after editing a stylesheet in a shell)."""
    _local.cache = None


def render_pdf(
    template_name: str,
    context: dict,
    *,
    stylesheets: Sequence[str] = (BASE_STYLESHEET,),
) -> bytes:
    """Render a Django template to HTML and lay it out as an A4 PDF.

    `stylesheets` are template names of CSS files, parsed once per thread; styles that change
    with the data belong in the template itself. Relative URLs in the template resolve against
    ASSETS_DIR.
    """
    html = render_to_string(template_name, context)
    cache = _cache()
    sheets = [cache.stylesheet(name) for name in stylesheets]
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_FETCHER)
    return document.write_pdf(stylesheets=sheets, font_config=cache.font_config)
