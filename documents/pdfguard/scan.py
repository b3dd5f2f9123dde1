"""The check itself, run only inside the sandboxed child (see `server`): walk the file's bytes
(`layout`: every byte part of an object, a cross-reference section or a trailer; comments only
short lines of text), then open the PDF with qpdf, count its pages and look at every object
for active content and for actions and annotations outside the allowlist (`allowlist`).

qpdf reads the cross-reference table and object streams lazily, resolves names written with
`#xx` escapes, and decrypts files that carry only an owner password (restrictions on printing
or copying: common on official e-licences), so the scan sees what a viewer would see.
"""

import io

import pikepdf

from documents.pdfguard.allowlist import check_dictionary, value_of
from documents.pdfguard.layout import layout_finding
from documents.pdfguard.reasons import EMBEDDED, JAVASCRIPT, LAUNCH, XFA

OK, ENCRYPTED, DAMAGED, ACTIVE, LAYOUT = "ok", "encrypted", "damaged", "active", "layout"


# Keys that make a dictionary worth a closer look; most (a page's resources, a font, an image)
# hold none of them but /Type or /Subtype.
WATCHED = {"/S", "/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/Type", "/Subtype", "/XFA"}
WATCHED |= {"/A", "/PA", "/OpenAction", "/AA", "/Annots"}


def _active_in(d, found: dict) -> None:
    """Active-content markers of one dictionary (or a stream's dictionary), wherever it is,
    and the actions and annotations it is or names."""
    keys = d.keys()
    if keys.isdisjoint(WATCHED):
        return
    action = value_of(d, "/S")
    if "/JS" in keys or action == "/JavaScript" or "/JavaScript" in keys:
        found.setdefault(JAVASCRIPT, set()).add("JavaScript")
    if action == "/Launch":
        found.setdefault(LAUNCH, set()).add("action /Launch")
    if (
        "/EmbeddedFiles" in keys
        or "/EF" in keys
        or action == "/GoToE"
        or value_of(d, "/Type") == "/EmbeddedFile"
        or value_of(d, "/Subtype") == "/FileAttachment"
    ):
        found.setdefault(EMBEDDED, set()).add("embedded file")
    if "/XFA" in keys:
        found.setdefault(XFA, set()).add("XFA form")
    check_dictionary(d, keys, found)


def _walk(obj, found: dict) -> None:
    """Every dictionary held directly in `obj` (nested dictionaries and arrays), without
    following references: each indirect object is visited once from `pdf.objects`."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Stream):
            item = item.stream_dict
        if isinstance(item, pikepdf.Dictionary):
            _active_in(item, found)
            children = item.values()
        elif isinstance(item, pikepdf.Array):
            children = item
        else:
            continue
        stack.extend(
            c
            for c in children
            if isinstance(c, pikepdf.Dictionary | pikepdf.Array) and not c.is_indirect
        )


def scan(data: bytes) -> dict:
    """{"outcome": ok|encrypted|damaged|active|layout, "pages": n, "reasons": [...],
    "details": [...]}. MemoryError is left to the caller: it means the child's address-space
    limit was reached."""
    finding = layout_finding(data)
    if finding is not None:
        detail = f"byte {finding.offset}: {finding.found}"
        return {"outcome": LAYOUT, "reasons": [finding.reason], "details": [detail]}
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return {"outcome": ENCRYPTED}
    except pikepdf.PdfError:
        return {"outcome": DAMAGED}
    with pdf:
        try:
            pages = len(pdf.pages)
            found: dict[str, set[str]] = {}
            for obj in pdf.objects:
                _walk(obj, found)
            _walk(pdf.trailer, found)
        except (pikepdf.PdfError, ValueError, TypeError, RuntimeError):
            return {"outcome": DAMAGED}
    if found:
        details = sorted(set().union(*found.values()))
        return {"outcome": ACTIVE, "pages": pages, "reasons": sorted(found), "details": details}
    if pages == 0:
        return {"outcome": DAMAGED}
    return {"outcome": OK, "pages": pages}
