"""Reading the PDFs the system makes, in tests."""

import io

from pypdf import PdfReader

from documents.storage import open_stored


def stored_bytes(name: str) -> bytes:
    with open_stored(name) as handle:
        return handle.read()


def squash(text: str) -> str:
    return "".join(text.split())


def pdf_text(pdf: bytes) -> str:
    """All text of the PDF without whitespace (lines wrap anywhere in Chinese text)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join(squash(page.extract_text()) for page in pages)
