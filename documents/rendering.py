"""HTML → PDF for every document type (architecture rule 6: one template + one function per
document type). Knows no workflow: callers pass a template name and a ready context.

Speed: WeasyPrint's FontConfiguration and the parsed stylesheets are built once per thread and
reused, so a warm render only lays out the page and embeds the fonts. What remains is mostly
per font face: WeasyPrint subsets each face it embeds from its 20 MB Noto CJK collection
(~40 ms a face), so a document should use few faces (the application form uses two).

The cache is per process and guarded by a lock: WeasyPrint's font objects (Pango, fontconfig)
must not be used by two threads at once, and a per-thread cache would be rebuilt on every
request by servers that start a thread per request (runserver). Layout holds the GIL most of
the time anyway, so serialising renders in a threaded worker costs little.

Safety: nothing is ever fetched from the network. Resources may come from `data:` URLs or from
files under this app's `templates/documents/` folder; any other URL (http, https, ftp, other
files) is refused and logged, and the document renders without it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from django.template.loader import get_template, render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from documents.storage import read_stored, store_once

__all__ = [
    "ASSETS_DIR",
    "BASE_STYLESHEET",
    "LocalOnlyFetcher",
    "RefusedURL",
    "clear_caches",
    "render_pdf",
    "render_pdf_once",
    "warm_up",
]

logger = logging.getLogger(__name__)

#: Templates, stylesheets and any images of the documents; relative URLs resolve here.
ASSETS_DIR = (Path(__file__).resolve().parent / "templates" / "documents").resolve()
BASE_URL = ASSETS_DIR.as_uri() + "/"
#: Page size (A4), fonts, tables and the footer shared by every document type.
BASE_STYLESHEET = "documents/pdf_base.css"
PRINTS_FOLDER = "prints"  # laid-out prints kept by content digest (render_pdf_once)


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


_lock = threading.RLock()
_state: _Cache | None = None


class _Cache:
    """One FontConfiguration, the stylesheets parsed against it and a fetcher (which keeps
    request state between calls). Used under _lock only."""

    def __init__(self) -> None:
        self.font_config = FontConfiguration()
        self.fetcher = LocalOnlyFetcher()
        self.stylesheets: dict[str, CSS] = {}

    def stylesheet(self, name: str) -> CSS:
        css = self.stylesheets.get(name)
        if css is None:
            # Found like a template (app folders, project folder), read as plain CSS.
            path = get_template(name).origin.name
            css = CSS(
                filename=path,
                base_url=BASE_URL,
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            )
            self.stylesheets[name] = css
        return css


def _cache() -> _Cache:
    global _state
    if _state is None:
        _state = _Cache()
    return _state


def clear_caches() -> None:
    """Forget the fonts and stylesheets (e.g. after editing a stylesheet in a shell)."""
    global _state
    with _lock:
        _state = None


def render_pdf(
    template_name: str,
    context: dict,
    *,
    stylesheets: Sequence[str] = (BASE_STYLESHEET,),
) -> bytes:
    """Render a Django template to HTML and lay it out as an A4 PDF.

    `stylesheets` are template names of CSS files, parsed once per process; styles that change
    with the data belong in the template itself. Relative URLs in the template resolve against
    ASSETS_DIR.
    """
    return _layout(render_to_string(template_name, context), stylesheets)


def render_pdf_once(
    template_name: str,
    context: dict,
    *,
    stylesheets: Sequence[str] = (BASE_STYLESHEET,),
    folder: str = PRINTS_FOLDER,
) -> bytes:
    """render_pdf, laid out once per content: the PDF is kept in storage under a digest of
    the HTML, the stylesheets and the renderer's version, so the same form printed again (on
    any node) is read back instead of laid out (~250-700 ms). Stored files are never
    rewritten; `manage.py sweep_orphans` removes old ones."""
    html = render_to_string(template_name, context)
    digest = hashlib.sha256(html.encode())
    for name in stylesheets:
        digest.update(_stylesheet_digest(name))
    digest.update(weasyprint.__version__.encode())
    key = digest.hexdigest()
    name = f"{folder}/{key[:2]}/{key}.pdf"
    cached = read_stored(name)
    if cached is not None:
        return cached
    pdf = _layout(html, stylesheets)
    store_once(name, pdf)
    return pdf


_sheet_digests: dict[str, bytes] = {}


def _stylesheet_digest(name: str) -> bytes:
    found = _sheet_digests.get(name)
    if found is None:
        path = get_template(name).origin.name
        found = _sheet_digests[name] = hashlib.sha256(Path(path).read_bytes()).digest()
    return found


def _layout(html: str, stylesheets: Sequence[str]) -> bytes:
    with _lock:
        cache = _cache()
        sheets = [cache.stylesheet(name) for name in stylesheets]
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=cache.fetcher)
        return document.write_pdf(stylesheets=sheets, font_config=cache.font_config)


def warm_up() -> None:
    """Pay the first-render costs (fontconfig, Pango, the Noto CJK faces, the base stylesheet)
    now rather than on a user's request: call once per worker process, after the fork."""
    with _lock:
        _warm_up(_cache())


def _warm_up(cache: _Cache) -> None:
    HTML(
        string="<p>申请表 <b style=\"font-family: 'Noto Serif CJK SC'\">申请单号</b> 0</p>",
        base_url=BASE_URL,
        url_fetcher=cache.fetcher,
    ).write_pdf(stylesheets=[cache.stylesheet(BASE_STYLESHEET)], font_config=cache.font_config)
