"""What a scanned, printed or signed document may hold besides pages, fonts and images: the
actions and annotations allowed, everything else refused. Run inside the sandboxed child on
objects qpdf has parsed (names with `#xx` escapes already resolved).

Actions (wherever a viewer finds one: `/OpenAction`, `/A` of a link or a bookmark, `/PA`,
every entry of an `/AA` additional-actions dictionary of the catalog, a page, an annotation or
a field, each `/Next` of a chain, any dictionary typed `/Action`): only `GoTo` (a place in this
document) and `URI` to an `http:`, `https:` or `mailto:` address. Annotations (anything typed
`/Annot`, listed in a page's `/Annots`, or of an annotation subtype with a `/Rect`): links,
the markup of a reviewed or stamped document (notes, highlights, shapes, ink, stamps, popups)
and signature fields — a `/Widget` whose field, itself or a parent, is `/FT /Sig`.
"""

import pikepdf

from documents.pdfguard.reasons import (
    ACTION,
    ANNOTATION,
    EMBEDDED,
    FORM_FIELD,
    IMPORT_DATA,
    JAVASCRIPT,
    LAUNCH,
    REMOTE_GOTO,
    RICH_MEDIA,
    SUBMIT_FORM,
    URI,
)

ALLOWED_ACTIONS = {"/GoTo", "/URI"}
ACTION_REASONS = {
    "/GoToR": REMOTE_GOTO,
    "/SubmitForm": SUBMIT_FORM,
    "/ImportData": IMPORT_DATA,
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/GoToE": EMBEDDED,
}
URI_SCHEMES = (b"http://", b"https://", b"mailto:")
ACTION_KEYS = ("/A", "/PA", "/OpenAction")

MARKUP = {
    "/Text", "/FreeText", "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Square",
    "/Circle", "/Line", "/Polygon", "/PolyLine", "/Ink", "/Stamp", "/Caret", "/Popup",
}  # fmt: skip
ALLOWED_ANNOTATIONS = MARKUP | {"/Link", "/Widget"}
ANNOTATION_REASONS = {
    "/RichMedia": RICH_MEDIA,
    "/Screen": RICH_MEDIA,
    "/Movie": RICH_MEDIA,
    "/Sound": RICH_MEDIA,
    "/3D": RICH_MEDIA,
    "/FileAttachment": EMBEDDED,
}
# Subtypes by which a dictionary with a /Rect is known as an annotation even when untyped.
OTHER_ANNOTATIONS = {"/PrinterMark", "/TrapNet", "/Watermark", "/Redact", "/Projection"}
ANNOTATION_SUBTYPES = ALLOWED_ANNOTATIONS | set(ANNOTATION_REASONS) | OTHER_ANNOTATIONS
FIELD_DEPTH = 32  # parents followed up a field hierarchy


def _name(value) -> str | None:
    return str(value) if isinstance(value, pikepdf.Name) else None


def value_of(d, key: str):
    """`d[key]`, or None when absent. (Asking qpdf for a missing key costs an exception, ten
    times a lookup: every dictionary of the file goes through here, so keys are asked first.)"""
    return d[key] if key in d else None


def _seen_before(obj, seen: set) -> bool:
    """Whether an indirect object was looked at already (a loop); direct objects cannot loop."""
    if not obj.is_indirect:
        return False
    if obj.objgen in seen:
        return True
    seen.add(obj.objgen)
    return False


def _uri_allowed(action) -> bool:
    uri = value_of(action, "/URI")
    if not isinstance(uri, pikepdf.String):
        return False
    text = bytes(uri).strip(b"\x00\t\n\x0c\r ").lower()
    return text.startswith(URI_SCHEMES)


def _check_actions(first, found: dict) -> None:
    """An action and every action chained after it by /Next."""
    stack, seen = [first], set()
    while stack:
        action = stack.pop()
        if not isinstance(action, pikepdf.Dictionary) or _seen_before(action, seen):
            continue
        kind = _name(value_of(action, "/S"))
        if kind not in ALLOWED_ACTIONS:
            found.setdefault(ACTION_REASONS.get(kind, ACTION), set()).add(f"action {kind}")
        elif kind == "/URI" and not _uri_allowed(action):
            found.setdefault(URI, set()).add("action /URI to a local or unknown address")
        following = value_of(action, "/Next")
        if isinstance(following, pikepdf.Array):
            stack.extend(following)
        elif following is not None:
            stack.append(following)


def _is_signature_field(widget) -> bool:
    field, seen = widget, set()
    for _ in range(FIELD_DEPTH):
        if not isinstance(field, pikepdf.Dictionary) or _seen_before(field, seen):
            return False
        if "/FT" in field:
            return _name(field["/FT"]) == "/Sig"
        field = value_of(field, "/Parent")
    return False


def _check_annotation(annotation, found: dict) -> None:
    if not isinstance(annotation, pikepdf.Dictionary):
        return
    subtype = _name(value_of(annotation, "/Subtype"))
    if subtype not in ALLOWED_ANNOTATIONS:
        reason = ANNOTATION_REASONS.get(subtype, ANNOTATION)
        found.setdefault(reason, set()).add(f"annotation {subtype}")
    elif subtype == "/Widget" and not _is_signature_field(annotation):
        found.setdefault(FORM_FIELD, set()).add("annotation /Widget of a field other than /Sig")


def check_dictionary(d, keys: set, found: dict) -> None:
    """The actions and annotations that one dictionary (whose `keys` are given) is or names.
    `found` maps each reason to what was seen (for the log line)."""
    for key in keys.intersection(ACTION_KEYS):
        value = d[key]
        if isinstance(value, pikepdf.Dictionary) and ("/S" in value or key != "/A"):
            _check_actions(value, found)
    if "/AA" in keys and isinstance(additional := d["/AA"], pikepdf.Dictionary):
        for action in additional.values():
            _check_actions(action, found)
    kind = _name(d["/Type"]) if "/Type" in keys else None
    if kind == "/Action":
        _check_actions(d, found)
    subtype = _name(d["/Subtype"]) if "/Subtype" in keys else None
    if kind == "/Annot" or (subtype in ANNOTATION_SUBTYPES and "/Rect" in keys):
        _check_annotation(d, found)
    if "/Annots" in keys and isinstance(annotations := d["/Annots"], pikepdf.Array):
        for annotation in annotations:
            _check_annotation(annotation, found)
