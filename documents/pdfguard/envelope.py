"""What surrounds the PDF: the header must open the file, nothing may hide after the end, and
no ZIP archive may be readable from its last bytes.

A file that starts with something else (an HTML page, a ZIP, an executable) and carries a PDF
further on is a polyglot: viewers and browsers disagree about what it is. So is a PDF with
another file appended after its last `%%EOF`. Whitespace and NUL padding there (up to 1 KB) is
what some scanners and e-licence systems leave, and is harmless.

A ZIP is read from its end: archive tools look for its end-of-central-directory record in the
last 64 KB and follow it to the central directory. A PDF that holds both (in a stream's data,
say, where no byte-level rule can look) opens in such a tool as an archive, whatever the PDF
around it says. The record is refused when its central directory is really there: a chance
match of its four-byte signature in compressed data is not.
"""

import struct

HEADER = b"%PDF-"
EOF_MARK = b"%%EOF"
LOOK_FOR_HEADER = 1024  # how far into the file "is this a PDF at all" is asked
TRAILING_ALLOWED = 1024  # bytes of whitespace/NUL tolerated after the last %%EOF
PADDING = b" \t\r\n\f\x00"

EMPTY, NOT_PDF, PREFIX, TRUNCATED, TRAILING = "empty", "not_pdf", "prefix", "truncated", "trailing"
ZIP_INSIDE = "zip_inside"

ZIP_END = b"PK\x05\x06"  # end of central directory
ZIP_CENTRAL = b"PK\x01\x02"  # a central directory entry
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP_END_RECORD = struct.Struct("<4s4H2LH")  # signature, disks, entries, size, offset, comment
ZIP_SEARCHED = ZIP_END_RECORD.size + 0xFFFF  # the record and the longest archive comment


def _zip_readable(data: bytes) -> bool:
    """Whether an archive tool would find a ZIP's central directory from the file's end."""
    low = max(len(data) - ZIP_SEARCHED, 0)
    at = data.rfind(ZIP_END, low)
    while at >= 0:
        if at + ZIP_END_RECORD.size <= len(data):
            *_, size, offset, _comment = ZIP_END_RECORD.unpack_from(data, at)
            behind = at - size  # where the directory is when the archive does not start at 0
            if data[offset : offset + 4] == ZIP_CENTRAL:
                return True
            if behind >= 0 and data[behind : behind + 4] == ZIP_CENTRAL:
                return True
            if offset == 0xFFFFFFFF and at >= 20 and data[at - 20 : at - 16] == ZIP64_LOCATOR:
                return True
        at = data.rfind(ZIP_END, low, at)
    return False


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
    if _zip_readable(data):
        return ZIP_INSIDE
    return None
