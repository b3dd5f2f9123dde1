"""Good PDFs in the shapes real producers write, built byte by byte the way those producers lay
them out (line ends, header and marker lines, comments they leave, indirect stream lengths,
incremental updates), for the tests that the upload check accepts them."""

import base64
import io
import re

import pikepdf

CATALOG = b"<</Type/Catalog/Pages 2 0 R>>"
PAGES = b"<</Type/Pages/Kids[3 0 R]/Count 1>>"
FONT = b"<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>"
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources%s/Contents 4 0 R>>" % FONT
CONTENT = b"BT /F1 12 Tf 72 770 Td (Hello) Tj ET"
STREAM = b"<</Length %d>>\nstream\n%s\nendstream" % (len(CONTENT), CONTENT)
QUARTZ_MARKER = b"%\xc4\xe5\xf2\xe5\xeb\xa7\xf3\xa0\xd0\xc4\xc6"  # macOS and iOS print to PDF
GS_INVOCATION = (  # Ghostscript's pdfwrite (CUPS printing on Linux) names its command line
    b"%%Invocation: gs -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -dPDFSETTINGS=/printer ? ? ?\n"
    b"%%+ -dCompatibilityLevel=1.7 -sOutputFile=? -f ?"
)


def write(
    objects: list[bytes],
    *,
    eol: bytes = b"\n",
    head: bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3",
    trailer: bytes = b"",
) -> bytes:
    """A PDF with a cross-reference table of 20-byte rows, every line ending in `eol`; object 1
    is the catalog. Object bodies are taken as they are (their own line ends included)."""
    out = io.BytesIO()
    out.write(head.replace(b"\n", eol) + eol)
    offsets = []
    for num, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj%s%s%sendobj%s" % (num, eol, body.replace(b"\n", eol), eol, eol))
    row_end = b" " + eol if len(eol) == 1 else eol
    xref = out.tell()
    out.write(b"xref%s0 %d%s0000000000 65535 f%s" % (eol, len(objects) + 1, eol, row_end))
    out.writelines(b"%010d 00000 n%s" % (o, row_end) for o in offsets)
    out.write(b"trailer%s<</Size %d/Root 1 0 R%s>>%s" % (eol, len(objects) + 1, trailer, eol))
    out.write(b"startxref%s%d%s%%%%EOF%s" % (eol, xref, eol, eol))
    return out.getvalue()


def plain(eol: bytes = b"\n") -> bytes:
    return write([CATALOG, PAGES, PAGE, STREAM], eol=eol)


def quartz() -> bytes:
    """An 11-byte binary marker and stream lengths in objects of their own."""
    stream = b"<</Length 5 0 R>>\nstream\n%s\nendstream" % CONTENT
    objects = [CATALOG, PAGES, PAGE, stream, b"%d" % len(CONTENT)]
    return write(objects, head=b"%PDF-1.3\n" + QUARTZ_MARKER)


def reportlab() -> bytes:
    """ReportLab's marker line with its name, streams ending right before `endstream`, and a
    comment inside the trailer dictionary."""
    data = base64.a85encode(CONTENT) + b"~>"
    stream = b"<</Filter/ASCII85Decode/Length %d>>\nstream\n" % len(data) + data + b"endstream"
    head = b"%PDF-1.4\n%\x93\x8c\x8b\x9e ReportLab Generated PDF document http://www.reportlab.com"
    digest = b"<0f1e2d3c4b5a69788796a5b4c3d2e1f0>"
    note = b"% ReportLab generated PDF document -- digest (http://www.reportlab.com)"
    trailer = b"\n/ID \n[" + digest + digest + b"]\n" + note + b"\n\n"
    return write([CATALOG, PAGES, PAGE, stream], head=head, trailer=trailer)


def ghostscript() -> bytes:
    return write(
        [CATALOG, PAGES, PAGE, STREAM], head=b"%PDF-1.7\n%\xc7\xec\x8f\xa2\n" + GS_INVOCATION
    )


def strings_and_streams() -> bytes:
    """`%`, parentheses and keywords where they are no comment and no structure: inside literal
    strings (nested, escaped), hex strings and a stream's data."""
    info = rb"<</Title(100% (nested (twice)) \) \\ \045 endobj %%EOF)/Subject<25 50 44 46>>>"
    data = b"% not a comment (\n) endobj trailer %%EOF\n" + bytes(range(256))
    stream = b"<</Length %d>>\nstream\n%s\nendstream" % (len(data), data)
    return write([CATALOG, PAGES, PAGE, stream, info], trailer=b"/Info 5 0 R")


def incremental(base: bytes) -> bytes:
    """`base` (a `write` file) and an update appended to it: the catalog again with a title,
    its own xref section, a trailer naming the previous one, a second %%EOF."""
    previous = int(base.rsplit(b"startxref", 1)[1].split()[0])
    size = int(re.findall(rb"/Size (\d+)", base)[-1])
    at = len(base)
    update = b"1 0 obj\n<</Type/Catalog/Pages 2 0 R/Lang(zh-CN)>>\nendobj\n"
    xref = at + len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n1 1\n%010d 00000 n \n" % at
    update += b"trailer\n<</Size %d/Root 1 0 R/Prev %d>>\n" % (size, previous)
    update += b"startxref\n%d\n%%%%EOF\n" % xref
    return base + update


def reviewed() -> bytes:
    """What a reviewed, stamped and linked document holds: markup annotations with a popup,
    links to a web address, to a page and to a named destination, bookmarks that go to a page,
    and an opening view."""
    annots = [
        b"<</Type/Annot/Subtype/Link/Rect[72 700 200 712]/A<</S/URI/URI(https://nmpa.gov.cn/)>>>>",
        b"<</Type/Annot/Subtype/Link/Rect[72 680 200 692]/A<</S/GoTo/D[3 0 R/Fit]>>>>",
        b"<</Type/Annot/Subtype/Link/Rect[72 660 200 672]/Dest[3 0 R/XYZ 0 842 0]>>",
        b"<</Type/Annot/Subtype/Text/Rect[300 700 320 720]/Contents(ok)/Popup 12 0 R>>",
        b"<</Type/Annot/Subtype/Highlight/Rect[72 600 200 612]/QuadPoints[72 612 200 612 72 600 "
        b"200 600]>>",
        b"<</Type/Annot/Subtype/Stamp/Rect[400 100 500 200]/Name/Approved>>",
        b"<</Type/Annot/Subtype/Ink/Rect[0 0 50 50]/InkList[[0 0 50 50]]>>",
        b"<</Type/Annot/Subtype/Popup/Rect[320 600 450 700]/Parent 8 0 R>>",
    ]
    refs = b" ".join(b"%d 0 R" % n for n in range(5, 5 + len(annots)))
    page = PAGE[:-2] + b"/Annots[%s]>>" % refs
    outline_at = 5 + len(annots)
    catalog = CATALOG[:-2] + b"/Outlines %d 0 R/OpenAction[3 0 R/Fit]/PageMode/UseOutlines>>" % (
        outline_at
    )
    outlines = b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count 1>>" % ((outline_at + 1,) * 2)
    item = b"<</Title(1)/Parent %d 0 R/A<</S/GoTo/D[3 0 R/Fit]>>>>" % outline_at
    return write([catalog, PAGES, page, STREAM, *annots, outlines, item])


def signature_field_by_parent() -> bytes:
    """A signature field whose widget is a kid: /FT /Sig stands on the parent field."""
    catalog = CATALOG[:-2] + b"/AcroForm<</Fields[5 0 R]/SigFlags 1>>>>"
    page = PAGE[:-2] + b"/Annots[6 0 R]>>"
    field = b"<</FT/Sig/T(Signature1)/Kids[6 0 R]>>"
    widget = b"<</Type/Annot/Subtype/Widget/Parent 5 0 R/Rect[0 0 0 0]/F 132/P 3 0 R>>"
    return write([catalog, PAGES, page, STREAM, field, widget])


def resaved(data: bytes, **options) -> bytes:
    """`data` written again by qpdf (linearized, with object streams …)."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, **options)
    return out.getvalue()
