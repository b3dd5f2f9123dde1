"""Reads of reference data for pickers, validation and display, all served from the
per-process index (no queries in the normal case). Items are plain dicts:
{"code", "name", "name_en", ...extras of the kind}; callers may keep or change them."""

import difflib
import re

from django.utils.translation import get_language

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
    "display",
    "import_port",
    "import_ports_for",
    "export_port_by_name",
    "export_port_suggestion",
    "export_port_suggestions",
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


def display(kind: str, code: str | None) -> str:
    """A stored code as the pages show it: the English name in the English UI where the row
    has one, else the Chinese name (documents keep using label(): they are Chinese)."""
    item = get_item(kind, code, include_inactive=True)
    if item is None:
        return code or ""
    english = (get_language() or "").startswith("en")
    return (item.get("name_en") if english else None) or item["name"]


def display_name(kind: str, name: str | None) -> str:
    """A value stored by its Chinese name (units, dosage forms) as the pages show it: the
    English name in the English UI where the row has one."""
    if not name or not (get_language() or "").startswith("en"):
        return name or ""
    entry = index.kind_index(kind).by_name.get(name)
    return (entry.item.get("name_en") if entry is not None else None) or name


def import_port(code: str | None) -> dict | None:
    """An import port with its customs district (code and name) and `biological_allowed`:
    choosing the port fills 关区 at once."""
    return get_item(IMPORT_PORTS, code)


def import_ports_for(*, biological: bool) -> list[dict]:
    """Ports a drug may enter at: biological products only at 北京, 上海, 广州."""
    ports = index.kind_index(IMPORT_PORTS).search("", MAX_LIMIT)
    return [p for p in ports if p["biological_allowed"] or not biological]


def export_port_by_name(text: str | None) -> dict | None:
    """The standard city `text` names: its exact name, or the name as people write it,
    without its suffix (广州 → 广州市, 大兴安岭 → 大兴安岭地区, 延边 → 延边朝鲜族自治州),
    where that names one city only; else None."""
    q = normalize(text)
    entry = index.kind_index(EXPORT_PORTS).by_name.get(q)
    if entry is None and q:
        entry = _short_names().get(q)
    if entry is None and q.isascii():  # the English name, as the English pages show it
        idx = index.kind_index(EXPORT_PORTS)
        entry = next((e for e in idx.entries if e.en == q), None)
    return dict(entry.item) if entry else None


_SUFFIXES = re.compile(r"(自治州|地区|市|盟|州)$")
_PEOPLES = re.compile(r"(?<=..)(?:[^族]{1,4}族)+$")  # 土家族苗族 in 恩施土家族苗族自治州
_short_cache: dict = {}


def _short_names() -> dict:
    """Each city's short forms (without suffix, without the peoples of an autonomous
    prefecture, or with 州 for 自治州) → its entry, only where the short form is unique."""
    idx = index.kind_index(EXPORT_PORTS)
    if _short_cache.get("of") is idx:
        return _short_cache["names"]
    found: dict[str, list] = {}
    for e in idx.entries:
        bare = _SUFFIXES.sub("", e.name)
        forms = {bare, _PEOPLES.sub("", bare)}
        if e.name.endswith("自治州"):
            forms |= {f + "州" for f in forms}
        for form in forms - {e.name, ""}:
            if len(form) >= 2:
                found.setdefault(form, []).append(e)
    names = {form: entries[0] for form, entries in found.items() if len(entries) == 1}
    _short_cache.update(of=idx, names=names)
    return names


def export_port_suggestions(text: str | None, limit: int = 3) -> list[dict]:
    """The nearest standard city names for what matched none, best first."""
    q = normalize(text)
    if not q:
        return []
    idx = index.kind_index(EXPORT_PORTS)
    out = [e for tier, e in idx.ranked(q) if tier <= 5][:limit]
    best = export_port_suggestion(text)
    if best is not None and all(e.item["code"] != best["code"] for e in out):
        return [best, *[dict(e.item) for e in out][: limit - 1]]
    if not out:
        bare = _CITY_SUFFIX.sub("", q)
        names = difflib.get_close_matches(bare, [e.name for e in idx.entries], n=limit, cutoff=0.4)
        return [dict(idx.by_name[n].item) for n in names if n in idx.by_name]
    return [dict(e.item) for e in out]


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
