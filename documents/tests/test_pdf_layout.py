"""documents.pdfguard.layout: every byte of an upload belongs to an object, a cross-reference
section, a trailer, a `startxref` line or a `%%EOF` marker; comments are short lines of text.
Good files as producers write them pass; each refused shape names its reason and where."""

import pikepdf
import pytest

from documents.pdfguard.envelope import ZIP_INSIDE, envelope_problem
from documents.pdfguard.layout import COMMENT_BUDGET, layout_finding
from documents.pdfguard.reasons import COMMENT, STRAY
from documents.tests import pdf_shapes as shapes
from testing import hostile_pdfs as hostile
from testing.factories import pdf_bytes

GOOD = {
    "pypdf": pdf_bytes,
    "line ends LF": shapes.plain,
    "line ends CRLF": lambda: shapes.plain(b"\r\n"),
    "line ends CR": lambda: shapes.plain(b"\r"),
    "macOS marker, indirect lengths": shapes.quartz,
    "ReportLab marker and trailer note": shapes.reportlab,
    "Ghostscript invocation": shapes.ghostscript,
    "% and keywords in strings and streams": shapes.strings_and_streams,
    "incremental update": lambda: shapes.incremental(shapes.plain()),
    "two updates": lambda: shapes.incremental(shapes.incremental(shapes.plain())),
    "annotations and bookmarks": shapes.reviewed,
    "linearized": lambda: shapes.resaved(shapes.reviewed(), linearize=True),
    "object and xref streams": lambda: shapes.resaved(
        shapes.reviewed(), object_stream_mode=pikepdf.ObjectStreamMode.generate
    ),
    "owner password": hostile.owner_password_only,
    "inflate bomb (a stream, skipped by length)": hostile.inflate_bomb,
    "deep nesting": hostile.deep_nesting,
}


@pytest.mark.parametrize("name", list(GOOD))
def test_good_layouts_pass(name):
    assert layout_finding(GOOD[name]()) is None


def test_a_wrong_stream_length_falls_back_to_the_next_endstream():
    right = b"<</Length %d>>" % len(shapes.CONTENT)
    data = shapes.plain().replace(right, b"<</Length 12>>")
    assert data != shapes.plain()
    assert layout_finding(data) is None


def _insert(data: bytes, before: bytes, inserted: bytes) -> tuple[bytes, int]:
    at = data.index(before)
    return data[:at] + inserted + data[at:], at


def _before_eof(inserted: bytes) -> tuple[bytes, int]:
    data = shapes.plain()
    at = data.rindex(b"%%EOF")
    return data[:at] + inserted + data[at:], at


@pytest.mark.parametrize(
    "inserted",
    [
        b"%" + hostile.evil_zip() + b"\n",  # a ZIP holding evil.html
        b"%<html><script>alert(1)</script>\n",
        b"%" + b"x" * 600 + b"\n",  # longer than a line of text
        b"%\x1b[2J\n",  # a control byte
    ],
    ids=["zip", "html", "long line", "control byte"],
)
def test_a_comment_before_the_final_eof_that_is_not_text_is_refused(inserted):
    data, at = _before_eof(inserted)
    finding = layout_finding(data)
    assert (finding.reason, finding.offset) == (COMMENT, at)


def test_comments_of_text_are_bounded_in_all():
    line = b"%" + b"a" * 200 + b"\n"
    fits, _ = _before_eof(line * (COMMENT_BUDGET // len(line)))
    assert layout_finding(fits) is None
    over, at = _before_eof(line * (COMMENT_BUDGET // len(line) + 1))
    finding = layout_finding(over)
    assert finding.reason == COMMENT
    assert finding.offset == at + len(line) * (COMMENT_BUDGET // len(line))


def test_a_comment_inside_an_object_is_held_to_the_same_rule():
    data, at = _insert(shapes.plain(), b"/Pages 2 0 R", b"%<iframe src=x>\n")
    finding = layout_finding(data)
    assert (finding.reason, finding.offset) == (COMMENT, at)
    text, _ = _insert(shapes.plain(), b"/Pages 2 0 R", b"% a note\n")
    assert layout_finding(text) is None


@pytest.mark.parametrize(
    ("before", "inserted"),
    [
        (b"2 0 obj", b"<html><body onload=alert(1)>\n"),  # between two objects
        (b"2 0 obj", b"hello\n"),
        (b"2 0 obj", hostile.ZIP),  # binary between two objects
        (b"xref", b"PK\x03\x04"),
        (b"startxref", b")"),
        (b"/Pages 2 0 R", b"\x03\x04"),  # a control byte inside an object
        (b"/Pages 2 0 R", b"<html>"),  # not a hex string
        (b"/Pages 2 0 R", b"> "),
    ],
    ids=["html", "text", "zip", "before xref", "stray parenthesis", "control", "tag", "bracket"],
)
def test_bytes_that_belong_to_no_part_of_the_layout_are_refused(before, inserted):
    data, at = _insert(shapes.plain(), before, inserted)
    finding = layout_finding(data)
    assert (finding.reason, finding.offset) == (STRAY, at)
    assert finding.found


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"/Type/Catalog", b"/Type/Catalog/T(never closed"),  # a string runs to the end
        (b"\nendstream", b""),  # a stream without its end
        (b"endobj\n2 0 obj", b"2 0 obj"),  # an object without endobj
        (b"stream\n", b"stream"),  # stream data must start on the next line
    ],
    ids=["unterminated string", "no endstream", "no endobj", "stream keyword"],
)
def test_broken_structure_is_refused(old, new):
    data = shapes.plain()
    assert old in data
    assert layout_finding(data.replace(old, new, 1)).reason == STRAY


def test_the_header_line_is_text_too():
    assert layout_finding(b"%PDF-1.7\x00\x01\n" + shapes.plain()[9:]).reason == COMMENT


def test_only_a_zip_whose_directory_is_there_counts_as_one():
    """The record's signature by chance in a stream's data (no central directory where it
    points) is no archive; the same bytes with the archive's directory are."""
    chance = b"<</Length 22>>\nstream\n" + b"PK\x05\x06" + b"\x00" * 18 + b"\nendstream"
    assert envelope_problem(hostile.with_catalog(b"", chance)) is None
    assert envelope_problem(hostile.zip_in_stream()) == ZIP_INSIDE
    assert envelope_problem(hostile.zip_in_comment()) == ZIP_INSIDE
