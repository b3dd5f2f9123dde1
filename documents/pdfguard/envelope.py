"""What surrounds the PDF: the header must open the file and nothing may hide after the end.

A file that starts with something else (an HTML page, a ZIP, an executable) and carries a PDF
further on is a polyglot: viewers and browsers disagree about what it is. So is a PDF with
another file appended after its last `%%EOF`. Whitespace and NUL padding there (up to 1 KB) is
what some scanners and e-licence systems leave, and is harmless.
"""

HEADER = b"%PDF-"
EOF_MARK = b"%%EOF"
LOOK_FOR_HEADER = 1024  # how far into the file "is this a PDF at all" is asked
TRAILING_ALLOWED = 1024  # bytes of whitespace/NUL tolerated after the last %%EOF
PADDING = b" \t\r\n\f\x00"

EMPTY, NOT_PDF, PREFIX, TRUNCATED, TRAILING = "empty", "not_pdf", "prefix", "truncated", "trailing"


def envelope_problem(data: bytes) -> str | None:
    """The first problem of the file's envelope, or None when header and end are clean."""
    if not data:
        return EMPTY
    if HEADER not in data[:LOOK_FOR_HEADER]:
        return NOT_PDF
    if not data.startswith(HEADER):
        return PREFIX
    end = data.rfind(EOF_MARK)
    if end < 0:
        return TRUNCATED
    tail = data[end + len(EOF_MARK) :]
    if len(tail) > TRAILING_ALLOWED or tail.strip(PADDING):
        return TRAILING
    return None
