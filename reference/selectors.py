"""Reads of reference data for pickers, validation and display, all served from the
per-process index (no queries in the normal case). Items are plain dicts:
{"code", "name", "name_en", ...extras of the kind}; callers may keep or change them."""

import difflib
import re

from reference import index
from reference.index import DEFAULT_LIMIT, MAX_LIMIT, UnknownKind, normalize
from reference.pinyin import full_pinyin

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "UnknownKind",
    "kinds",
    "lookup",
    "lookup_json",
    "get_item",
    "is_valid_code",
    "label",
    "import_port",
    "import_ports_for",
    "export_port_by_name",
    "export_port_suggestion",
]

IMPORT_PORTS, EXPORT_PORTS = "import-ports", "export-ports"
_CITY_SUFFIX = re.compile(r"(市|地区|盟)$")


def kinds() -> list[str]:
    """The kinds the API and the pickers know, in menu order."""
    return list(index.KINDS)


def lookup(kind: str, q: str | None = "", limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Picker search: exact code, code prefix, exact name, name/pinyin/initials/English
    prefix, then contains; ties in table order (sort_order, code). `limit` is capped at
    MAX_LIMIT. Raises UnknownKind."""
    return index.lookup(kind, q, limit)


def lookup_json(kind: str, q: str | None = "", limit: int = DEFAULT_LIMIT) -> bytes:
    """lookup() as the API's JSON body, from JSON encoded once per row (for the 3 ms budget)."""
    return index.lookup_json(kind, q, limit)


def get_item(kind: str, code: str | None, *, include_inactive: bool = False) -> dict | None:
    """The row with this exact code; inactive rows only when asked (to show old records)."""
    entry = index.kind_index(kind).by_code.get((code or "").strip())
    if entry is None or not (entry.active or include_inactive):
        return None
    return dict(entry.item)


def is_valid_code(kind: str, code: str | None) -> bool:
    """Whether a submitted code may be chosen now (exists and is active)."""
    entry = index.kind_index(kind).by_code.get((code or "").strip())
    return entry is not None and entry.active


def label(kind: str, code: str | None) -> str:
    """Display text for a stored code; the bare code when the row is gone."""
    item = get_item(kind, code, include_inactive=True)
    return item["name"] if item else (code or "")


def import_port(code: str | None) -> dict | None:
    """An import port with its customs district (code and name) and `biological_allowed`:
    choosing the port fills 关区 at once."""
    return get_item(IMPORT_PORTS, code)


def import_ports_for(*, biological: bool) -> list[dict]:
    """Ports a drug may enter at: biological products only at 北京, 上海, 广州."""
    ports = index.kind_index(IMPORT_PORTS).search("", MAX_LIMIT)
    return [p for p in ports if p["biological_allowed"] or not biological]


def export_port_by_name(text: str | None) -> dict | None:
    """The standard city whose name is exactly `text` (trimmed), else None."""
    entry = index.kind_index(EXPORT_PORTS).by_name.get(normalize(text))
    return dict(entry.item) if entry else None


def export_port_suggestion(text: str | None) -> dict | None:
    """The closest standard city name for a typed export port, for "did you mean …?".

    Tries, in order: the exact name; the name with its suffix (北京 → 北京市); the best
    prefix/pinyin/English match of the picker search (苏州 → 苏州市, shanghai → 上海市);
    the same pinyin (素州 → 苏州市/宿州市, the closer by characters); then difflib on names."""
    q = normalize(text)
    if not q:
        return None
    idx = index.kind_index(EXPORT_PORTS)
    best = idx.by_name.get(q) or idx.by_name.get(_CITY_SUFFIX.sub("", q) + "市")
    if best is None:
        ranked = [e for tier, e in idx.ranked(q) if tier <= 3]
        best = ranked[0] if ranked else None
    if best is None:
        best = _by_pinyin(idx.entries, q) or _by_spelling(idx.entries, q)
    return dict(best.item) if best else None


def _by_pinyin(entries, q: str):
    py = full_pinyin(q) if not q.isascii() else q.replace(" ", "")
    if len(py) < 2:
        return None
    bare = _CITY_SUFFIX.sub("", q)
    same = [e for e in entries if e.py.startswith(py) or py.startswith(_strip_shi(e.py))]
    if not same:
        return None
    return max(same, key=lambda e: difflib.SequenceMatcher(None, bare, e.name).ratio())


def _strip_shi(py: str) -> str:
    return py[:-3] if py.endswith("shi") and len(py) > 5 else py


def _by_spelling(entries, q: str):
    by_name = {e.name: e for e in entries}
    match = difflib.get_close_matches(q, list(by_name), n=1, cutoff=0.6)
    if match:
        return by_name[match[0]]
    if q.isascii():
        by_py = {e.py: e for e in entries}
        match = difflib.get_close_matches(q.replace(" ", ""), list(by_py), n=1, cutoff=0.75)
        if match:
            return by_py[match[0]]
    return None
