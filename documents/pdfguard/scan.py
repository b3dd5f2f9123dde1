"""The parse itself, run only inside the sandboxed child (see `server`): open the PDF with qpdf,
count its pages and look at every object for active content.

qpdf reads the cross-reference table and object streams lazily, resolves names written with
`#xx` escapes, and decrypts files that carry only an owner password (restrictions on printing
or copying: common on official e-licences), so the scan sees what a viewer would see.
"""

import io

import pikepdf

OK, ENCRYPTED, DAMAGED, ACTIVE = "ok", "encrypted", "damaged", "active"
JAVASCRIPT, LAUNCH, EMBEDDED, XFA = "javascript", "launch", "embedded_file", "xfa"


def _active_in(d, found: set) -> None:
    """Active-content markers of one dictionary (or a stream's dictionary)."""
    action = d.get("/S")
    if "/JS" in d or action == "/JavaScript" or "/JavaScript" in d:
        found.add(JAVASCRIPT)
    if action == "/Launch":
        found.add(LAUNCH)
    if (
        "/EmbeddedFiles" in d
        or "/EF" in d
        or action == "/GoToE"
        or d.get("/Type") == "/EmbeddedFile"
        or d.get("/Subtype") == "/FileAttachment"
    ):
        found.add(EMBEDDED)
    if "/XFA" in d:
        found.add(XFA)


def _walk(obj, found: set) -> None:
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
    """{"outcome": ok|encrypted|damaged|active, "pages": n, "reasons": [...]}. MemoryError is
    left to the caller: it means the child's address-space limit was reached."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return {"outcome": ENCRYPTED}
    except pikepdf.PdfError:
        return {"outcome": DAMAGED}
    with pdf:
        try:
            pages = len(pdf.pages)
            found: set[str] = set()
            for obj in pdf.objects:
                _walk(obj, found)
            _walk(pdf.trailer, found)
        except (pikepdf.PdfError, ValueError, TypeError, RuntimeError):
            return {"outcome": DAMAGED}
    if found:
        return {"outcome": ACTIVE, "pages": pages, "reasons": sorted(found)}
    if pages == 0:
        return {"outcome": DAMAGED}
    return {"outcome": OK, "pages": pages}
