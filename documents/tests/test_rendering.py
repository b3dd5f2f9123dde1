"""documents.rendering: template → A4 PDF, cached fonts and stylesheets, no network fetches."""

import ast
import http.server
import io
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from documents import rendering

TINY = """<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><p>{{ body }}</p></body></html>"""

REMOTE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{{ base }}/style.css">
<style>body { background: url("{{ base }}/bg.png"); }
@font-face { font-family: Remote; src: url("{{ base }}/font.woff"); }</style>
</head>
<body><p>远程资源</p><img src="{{ base }}/logo.png" alt="logo">
<img src="{{ secure }}/logo.png" alt="logo"></body></html>"""


@pytest.fixture
def tiny_templates(settings):
    """Tiny templates kept in memory; the app folders stay reachable for the stylesheets."""
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"tiny.html": TINY, "remote.html": REMOTE},
                    ),
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_renders_a4_pdf_with_chinese_text(tiny_templates):
    pdf = rendering.render_pdf("tiny.html", {"title": "申请表", "body": "蛋白同化制剂 <b>x</b>"})

    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = _text(pdf)
    assert "申请表" in text
    assert "蛋白同化制剂 <b>x</b>" in text  # escaped by the template engine, not markup
    assert "第 1 页 共 1 页" in text  # footer of the base stylesheet


def test_fonts_and_stylesheets_are_reused_between_renders(tiny_templates):
    rendering.clear_caches()
    rendering.render_pdf("tiny.html", {"title": "一", "body": ""})
    cache = rendering._cache()
    font_config = cache.font_config
    sheet = cache.stylesheets[rendering.BASE_STYLESHEET]

    rendering.render_pdf("tiny.html", {"title": "二", "body": ""})

    assert rendering._cache().font_config is font_config
    assert rendering._cache().stylesheets[rendering.BASE_STYLESHEET] is sheet


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"p { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()
    server.server_close()


def test_http_resources_are_never_fetched(tiny_templates, http_server, caplog):
    base, hits = http_server
    secure = base.replace("http://", "https://")

    pdf = rendering.render_pdf("remote.html", {"base": base, "secure": secure})

    assert pdf.startswith(b"%PDF-")
    assert "远程资源" in _text(pdf)
    assert hits == []  # a fetcher that allowed http would have hit the server
    assert "refused a resource URL" in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/logo.png",
        "ftp://example.com/logo.png",
        "file:///etc/hostname",
        (rendering.ASSETS_DIR / ".." / ".." / "rendering.py").as_uri(),
    ],
)
def test_fetcher_refuses_network_and_files_outside_the_assets(url):
    with pytest.raises(rendering.RefusedURL):
        rendering.LocalOnlyFetcher().fetch(url)


def test_fetcher_serves_data_urls_and_own_assets():
    fetcher = rendering.LocalOnlyFetcher()

    data = fetcher.fetch("data:text/plain;base64,5rWL6K+V")
    own = fetcher.fetch((rendering.ASSETS_DIR / "pdf_base.css").as_uri())

    assert data.read() == "测试".encode()
    assert b"@page" in own.read()
    own.close()


def test_documents_never_import_permits():
    """Architecture: documents/ knows no workflow (permits → documents, never back)."""
    root = Path(rendering.__file__).resolve().parent
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.relative_to(root).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in {"permits", "review", "customs"}:
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_warm_up_fills_the_cache():
    rendering.clear_caches()

    rendering.warm_up()

    assert rendering.BASE_STYLESHEET in rendering._cache().stylesheets


def test_renders_from_several_threads_share_one_cache(tiny_templates):
    rendering.clear_caches()
    results, errors = [], []

    def render(n):
        try:
            results.append(rendering.render_pdf("tiny.html", {"title": f"线程{n}", "body": ""}))
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=render, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert sorted(_text(pdf).split()[0] for pdf in results) == ["线程0", "线程1", "线程2"]
    assert len(rendering._cache().stylesheets) == 1
