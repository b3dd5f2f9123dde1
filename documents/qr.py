"""QR codes for printed documents (the permit's verification link), as data: URIs that the
PDF renderer embeds without fetching anything."""

import segno


def qr_svg_data_uri(text: str, *, dark: str = "#000") -> str:
    """An SVG QR code of `text` (error correction M: survives a stamp or a fold), with the
    standard quiet zone; size it in the document's CSS."""
    code = segno.make(text, error="m", micro=False)
    return code.svg_data_uri(scale=1, border=4, dark=dark, light="#fff", nl=False)
