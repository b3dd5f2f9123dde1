"""Official documents under visual regression: each PDF page rendered to PNG (poppler's
pdftoppm) and compared with a reference image kept in the repository, with a small pixel
tolerance. `make visual-baseline` regenerates the references on purpose (the test writes them
instead of comparing when UPDATE_VISUAL_BASELINE=1), so a change to how an official document
looks is always a reviewed change of those images."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageChops

DPI = 60  # enough to see layout, fonts and the QR code; small files
#: A pixel counts as different when a channel moved by more than this (anti-aliasing noise)…
CHANNEL_TOLERANCE = 48
#: …and a page fails when more than this share of its pixels differ.
MAX_DIFFERENT = 0.002


def updating() -> bool:
    return os.environ.get("UPDATE_VISUAL_BASELINE") == "1"


def pdf_pages_png(pdf: bytes) -> list[Image.Image]:
    """Every page of the PDF as an RGB image at DPI."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-png", str(source), str(Path(tmp) / "page")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        pages = sorted(Path(tmp).glob("page-*.png"))
        return [Image.open(p).convert("RGB") for p in pages]


def different_share(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels that differ beyond the tolerance (1.0 when the sizes differ)."""
    if a.size != b.size:
        return 1.0
    diff = (
        ImageChops.difference(a, b)
        .convert("L")
        .point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    )
    histogram = diff.histogram()
    return histogram[255] / (a.size[0] * a.size[1])


def check_document(name: str, pdf: bytes, folder: Path) -> list[str]:
    """Compare (or, when updating, write) every page; returns the problems found."""
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    pages = pdf_pages_png(pdf)
    for n, page in enumerate(pages, start=1):
        reference = folder / f"{name}-{n}.png"
        if updating():
            page.save(reference, optimize=True)
            continue
        if not reference.exists():
            problems.append(f"{reference.name}: no reference image (make visual-baseline)")
            continue
        share = different_share(page, Image.open(reference).convert("RGB"))
        if share > MAX_DIFFERENT:
            page.save(folder / f"{name}-{n}.actual.png")
            problems.append(f"{reference.name}: {share:.2%} of the pixels differ")
    extra = sorted(folder.glob(f"{name}-{len(pages) + 1}.png"))
    if extra and not updating():
        problems.append(f"{name}: the reference has more pages than the document")
    return problems
