"""Reading the QR code printed on a permit, as a scanner would (tests only)."""

import subprocess
import tempfile
from pathlib import Path

import zxingcpp
from PIL import Image


def qr_texts(pdf: bytes, page: int, dpi: int = 150) -> list[str]:
    """The texts of every QR code on one page of the PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                str(source),
                str(Path(tmp) / "p"),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        image = Image.open(next(Path(tmp).glob("p*.png")))
        return [r.text for r in zxingcpp.read_barcodes(image)]
