"""Every byte of the file accounted for, the way a PDF is laid out, before anything parses it.

A PDF is a sequence of indirect objects (`N G obj … endobj`, a stream's data skipped by its
length), cross-reference tables (`xref` and its rows of digits), trailers (`trailer << … >>`),
`startxref N` lines and `%%EOF` markers, with whitespace between. Anything else is refused:

- bytes outside that structure (a file appended in the middle, text between two objects, a
  control byte outside a string): `STRAY`;
- a comment (`%` outside strings and streams up to the end of its line) other than a short
  line of text: `COMMENT`. Text means printable characters, tabs and bytes of 0x80 and up (the
  binary-marker line after the header, a UTF-8 file name), no `<` or `>` and no control byte,
  at most `COMMENT_LINE` bytes a line and `COMMENT_BUDGET` bytes in all besides the header and
  the `%%EOF` markers. Producers write such lines (Ghostscript's `%%Invocation:`, ReportLab's
  digest note in its trailer); a ZIP cannot be written in them (its records need control
  bytes) and neither can markup.

Strings are skipped as strings — `( … )` with nested parentheses and backslash escapes, hex
`< … >` — so a `%` inside one is no comment. The walk is linear: compiled patterns consume
whole runs of tokens, and a stream's data is jumped over by its `/Length` (or, when that is
indirect or wrong, to the next `endstream`), never looked at byte by byte in Python.
"""

import re
from dataclasses import dataclass

from documents.pdfguard.reasons import COMMENT, STRAY

COMMENT_LINE = 512
COMMENT_BUDGET = 4096

_WS = rb"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00-\x20\x7f%()/<>\[\]{}]"  # a name's or keyword's characters (0x80+ too)
_END = rb"(?!" + _REGULAR + rb")"  # a token ends here
_KEYWORD = rb"(?:endobj|endstream|stream|obj|xref|trailer|startxref)" + _END
_HEX = rb"<[0-9A-Fa-f" + _WS + rb"]*+>"
_FLAT_STRING = rb"\((?:[^()\\]++|\\.)*+\)"  # not nested (nested ones: _Walk.string)
# Any run of tokens that holds no keyword, no comment and no nested string.
_TOKENS = (
    rb"(?:[" + _WS + rb"]++|/" + _REGULAR + rb"*+|(?!" + _KEYWORD + rb")" + _REGULAR + rb"++"
    rb"|[\[\]{}]|<<|>>|" + _HEX + rb"|" + _FLAT_STRING + rb")*+"
)
_HEAD = rb"\d++[" + _WS + rb"]++\d++[" + _WS + rb"]++obj" + _END

TOKENS = re.compile(_TOKENS, re.S)
# Whole objects without streams, nested strings or comments, as many as follow each other.
OBJECTS = re.compile(
    rb"(?:[" + _WS + rb"]*+" + _HEAD + _TOKENS + rb"endobj" + _END + rb")*+[" + _WS + rb"]*+",
    re.S,
)
# A stream object up to its data, and from the end of its data to `endobj`.
STREAM_OPEN = re.compile(_HEAD + _TOKENS + rb"stream[ \t]*+(?:\r\n|\n|\r)", re.S)
STREAM_CLOSE = re.compile(rb"[" + _WS + rb"]*+endstream" + _END + _TOKENS + rb"endobj" + _END, re.S)
HEAD = re.compile(_HEAD)
KEYWORD = re.compile(rb"(endobj|endstream|stream|obj|xref|trailer|startxref)" + _END)
STREAM_EOL = re.compile(rb"[ \t]*+(?:\r\n|\n|\r)")
_REFERENCE = rb"[" + _WS + rb"]++\d++[" + _WS + rb"]++R"
LENGTH = re.compile(  # a direct length (not `/Length 5 0 R`) of a size a file can have
    rb"/Length" + _END + rb"[" + _WS + rb"]*+(\d{1,12})(?!\d)(?!" + _REFERENCE + rb")"
)
ENDSTREAM = re.compile(rb"[" + _WS + rb"]*+endstream" + _END)
STRING_CHUNK = re.compile(rb"(?:[^()\\]++|\\.)*+", re.S)
XREF_TABLE = re.compile(
    rb"xref[" + _WS + rb"]++(?:\d++[ \t]++\d++[" + _WS + rb"]++"
    rb"(?:\d++[ \t]++\d++[ \t]++[fn][" + _WS + rb"]*+)*+)*+"
)
TRAILER = re.compile(rb"trailer[" + _WS + rb"]*+(?=<<)")
STARTXREF = re.compile(rb"startxref[" + _WS + rb"]++\d++" + _END)
TEXT_COMMENT = re.compile(
    rb"%%[\t\x20-\x3b\x3d\x3f-\x7e\x80-\xff]{0,%d}+(?:\r\n|\n|\r|\Z)" % COMMENT_LINE
)
EOF_MARK = re.compile(rb"%%EOF(?![^" + _WS + rb"])")  # whitespace or NUL padding may follow


@dataclass(frozen=True)
class Finding:
    """Why the layout was refused: the reason, where, and what was found there."""

    reason: str
    offset: int
    found: str


class _Refused(Exception):
    def __init__(self, reason: str, offset: int, found: str):
        super().__init__(reason)
        self.finding = Finding(reason, offset, found)


def _show(data: bytes, at: int) -> str:
    """A short, printable view of the bytes at `at` (for the log line)."""
    return repr(data[at : at + 24])[2:-1]


class _Walk:
    def __init__(self, data: bytes):
        self.data = data
        self.budget = COMMENT_BUDGET

    def refuse(self, reason: str, at: int):
        raise _Refused(reason, at, _show(self.data, at))

    def comment(self, at: int) -> int:
        """A `%` at `at`: a short line of text (within the budget), or refused."""
        data = self.data
        found = EOF_MARK.match(data, at)
        if found:
            return found.end()
        found = TEXT_COMMENT.match(data, at)
        if not found:
            self.refuse(COMMENT, at)
        self.budget -= found.end() - at
        if self.budget < 0:
            self.refuse(COMMENT, at)
        return found.end()

    def string(self, at: int) -> int:
        """A literal string at `at` (its opening parenthesis), nested ones balanced."""
        data, depth, pos = self.data, 0, at
        while True:
            char = data[pos : pos + 1]
            if char == b"(":
                depth += 1
            elif char == b")":
                depth -= 1
            else:  # the end of the file, or a backslash with nothing after it
                self.refuse(STRAY, at)
            pos += 1
            if depth == 0:
                return pos
            pos = STRING_CHUNK.match(data, pos).end()

    def stream(self, head: int, keyword: int) -> int:
        """Past a stream's data and its `endstream`; `keyword` is where `stream` stands."""
        data = self.data
        eol = STREAM_EOL.match(data, keyword + len(b"stream"))
        if not eol:
            self.refuse(STRAY, keyword)
        start = eol.end()
        length = LENGTH.search(data, head, keyword)
        if length:
            end = ENDSTREAM.match(data, start + int(length.group(1)))
            if end:
                return end.end()
        found = data.find(b"endstream", start)
        if found < 0:
            self.refuse(STRAY, keyword)
        return found + len(b"endstream")

    def tokens(self, pos: int, *, head: int | None) -> tuple[int, bytes]:
        """Tokens from `pos` up to the next structural keyword, which is returned with where
        it stands. Inside an object (`head` is where it starts) a stream's data is skipped."""
        data = self.data
        while True:
            pos = TOKENS.match(data, pos).end()
            char = data[pos : pos + 1]
            if char == b"(":
                pos = self.string(pos)
            elif char == b"%":
                pos = self.comment(pos)
            elif (keyword := KEYWORD.match(data, pos)) is None:
                self.refuse(STRAY, pos)
            elif keyword.group(1) == b"stream" and head is not None:
                pos = self.stream(head, pos)
            else:
                return pos, keyword.group(1)

    def indirect_object(self, at: int) -> int:
        data = self.data
        opened = STREAM_OPEN.match(data, at)
        if opened:  # the common stream: a direct length, then `endstream` and `endobj`
            length = LENGTH.search(data, at, opened.end())
            if length:
                closed = STREAM_CLOSE.match(data, opened.end() + int(length.group(1)))
                if closed:
                    return closed.end()
        head = HEAD.match(data, at)
        if not head:
            self.refuse(STRAY, at)
        pos, keyword = self.tokens(head.end(), head=at)
        if keyword != b"endobj":
            self.refuse(STRAY, pos)
        return pos + len(b"endobj")

    def trailer(self, at: int) -> int:
        """`trailer << … >>`: its dictionary runs up to `startxref`."""
        start = TRAILER.match(self.data, at)
        if not start:
            self.refuse(STRAY, at)
        pos, keyword = self.tokens(start.end(), head=None)
        if keyword != b"startxref":
            self.refuse(STRAY, pos)
        return pos

    def run(self) -> None:
        data, size = self.data, len(self.data)
        if not data.startswith(b"%PDF-"):
            self.refuse(STRAY, 0)
        header = TEXT_COMMENT.match(data)  # the header line itself costs no budget
        if not header:
            self.refuse(COMMENT, 0)
        pos = header.end()
        while True:
            pos = OBJECTS.match(data, pos).end()
            if pos >= size:
                return
            char = data[pos]
            if 0x30 <= char <= 0x39:
                pos = self.indirect_object(pos)
            elif char == 0x25:  # %
                pos = self.comment(pos)
            elif found := XREF_TABLE.match(data, pos):
                pos = found.end()
            elif data.startswith(b"trailer", pos):
                pos = self.trailer(pos)
            elif found := STARTXREF.match(data, pos):
                pos = found.end()
            else:
                self.refuse(STRAY, pos)


def layout_finding(data: bytes) -> Finding | None:
    """The first byte that belongs to no part of a PDF's layout (or to a comment that is not a
    short line of text), or None when every byte is accounted for."""
    try:
        _Walk(data).run()
    except _Refused as refused:
        return refused.finding
    return None
