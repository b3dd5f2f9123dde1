"""The per-process look-up index behind the pickers (code / hanzi / pinyin / English).

Pickers query on every keystroke and the budget is 3 ms, so look-ups never touch the database:
each process keeps an in-memory copy of the active rows with lowercase keys precomputed, and
rebuilds it when the tables change. Changes are seen two ways:
- in this process, the post_save/post_delete signals (and seed_reference) mark it stale;
- in other processes, the marker in ReferenceVersion changes (database triggers move it on
  every write: reference.changes); it is read at most once every REFRESH_SECONDS, so a
  look-up normally costs zero queries, and at once where an entity tag read it (follow()).
"""

import json
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from reference import models as m
from reference.pinyin import full_pinyin, syllable_ends

DEFAULT_LIMIT = 20
MAX_LIMIT = 500
MAX_QUERY_LENGTH = 100
REFRESH_SECONDS = 2.0
clock: Callable[[], float] = time.monotonic  # tests move time forward by replacing this

_SEP = "\x1f"  # field separator in the haystack; normalized queries never contain it
_NO_SEPARATORS = str.maketrans("", "", " '’·-")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"\w+")
# Generic endings a user leaves off when typing the whole name (北京 for 北京市药品监督管理局).
_CORE_SUFFIX = re.compile(r"(?<=..)(药品监督管理局|海关|市|地区|盟|省|自治区)+$")


class UnknownKind(LookupError):
    """The kind is not one of the parameter tables (the API answers 404)."""


def _import_port_extra(obj: m.ImportPort) -> dict:
    return {
        "customs_district": obj.customs_district.code,
        "customs_district_name": obj.customs_district.name,
        "customs_district_name_en": obj.customs_district.name_en,
        "biological_allowed": obj.biological_allowed,
    }


@dataclass(frozen=True)
class KindSpec:
    model: type[m.RefItem]
    extras: Callable[[m.RefItem], dict] | None = None
    select_related: tuple[str, ...] = ()


KINDS: dict[str, KindSpec] = {
    "departments": KindSpec(m.Department),
    "import-ports": KindSpec(m.ImportPort, _import_port_extra, ("customs_district",)),
    "customs-districts": KindSpec(m.CustomsDistrict),
    "export-ports": KindSpec(m.ExportPort),
    "hs-codes": KindSpec(m.HSCode, lambda o: {"note": o.note}),
    "drugs": KindSpec(m.Drug, lambda o: {"category": o.category, "biological": o.biological}),
    "dosage-forms": KindSpec(m.DosageForm),
    "countries": KindSpec(m.Country, lambda o: {"alpha2": o.alpha2}),
    "units": KindSpec(m.Unit),
}


def fold(text: str) -> str:
    """Case-blind, width-blind, single spaces: 'ＢＪ  Shi' → 'bj shi', '（' → '('."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).lower()


def normalize(text: str | None) -> str:
    """A typed query folded like the keys, without control characters, bounded."""
    if not text:
        return ""
    return fold(_CONTROL.sub(" ", text[: MAX_QUERY_LENGTH * 2]))[:MAX_QUERY_LENGTH]


class Entry:
    """One row with its match keys; `item` is what callers get (copied on the way out)."""

    __slots__ = (
        "code",
        "name",
        "py",
        "ini",
        "en",
        "hay",
        "bounds",
        "en_bounds",
        "whole",
        "item",
        "json",
        "active",
    )

    def __init__(self, obj: m.RefItem, extra: dict):
        self.code = fold(obj.code)
        self.name = fold(obj.name)
        self.py = obj.pinyin
        self.ini = obj.initials
        self.en = fold(obj.name_en)
        self.hay = _SEP.join((self.code, self.name, self.py, self.ini, self.en))
        self.bounds = syllable_ends(obj.name)
        self.en_bounds = frozenset(w.end() for w in _WORD.finditer(self.en))
        core = _CORE_SUFFIX.sub("", self.name) or self.name
        self.whole = frozenset((self.name, self.en, self.py, core, full_pinyin(core)))
        self.item = {"code": obj.code, "name": obj.name, "name_en": obj.name_en, **extra}
        self.json = json.dumps(self.item, ensure_ascii=False).encode()
        self.active = obj.active

    def tier(self, q: str, q_py: str) -> int | None:
        """0 exact code, 1 code prefix, 2 exact name (or its core: 北京, beijing → 北京市),
        3 name/pinyin/initials prefix, 4 pinyin or English prefix ending inside a syllable
        or word (so `xian` puts 西安 before 襄阳 'xiangyang'), 5 contains;
        None when it does not match."""
        if self.code == q:
            return 0
        if self.code.startswith(q):
            return 1
        if q in self.whole or q_py in self.whole:
            return 2
        if self.name.startswith(q) or self.ini.startswith(q_py):
            return 3
        if self.py.startswith(q_py) and len(q_py) in self.bounds:
            return 3
        if self.en.startswith(q) and len(q) in self.en_bounds:
            return 3
        if self.py.startswith(q_py) or self.en.startswith(q):
            return 4
        if q in self.name or q_py in self.py or q in self.en:
            return 5
        return None


class KindIndex:
    """The active rows of one table in display order, plus every row by code."""

    __slots__ = ("entries", "by_code", "by_name")

    def __init__(self, entries: list[Entry]):
        self.entries = tuple(e for e in entries if e.active)
        self.by_code = {e.item["code"]: e for e in entries}
        self.by_name: dict[str, Entry] = {}
        for e in self.entries:
            self.by_name.setdefault(e.name, e)

    def ranked(self, q: str) -> list[tuple[int, Entry]]:
        """Matches of a normalized query as (tier, entry), best first, then display order."""
        entries = self.entries
        q_py = q.translate(_NO_SEPARATORS) or q
        same = q_py == q
        keys: list[int] = []
        for pos, e in enumerate(entries):
            if q not in e.hay and (same or q_py not in e.hay):
                continue
            t = e.tier(q, q_py)
            if t is not None:
                keys.append(t << 20 | pos)
        keys.sort()
        return [(k >> 20, entries[k & 0xFFFFF]) for k in keys]

    def matches(self, q: str, limit: int) -> list[Entry]:
        if not q:
            return list(self.entries[:limit])
        return [e for _, e in self.ranked(q)[:limit]]

    def search(self, q: str, limit: int) -> list[dict]:
        return [dict(e.item) for e in self.matches(q, limit)]


class _State:
    snapshot: dict[str, KindIndex] | None = None
    version: int | None = None
    checked_at: float = 0.0
    stale: bool = False


_state = _State()
_lock = threading.Lock()


def _db_version() -> int:
    value = m.ReferenceVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    return value or 0


def _build() -> dict[str, KindIndex]:
    snapshot = {}
    for kind, spec in KINDS.items():
        qs = spec.model.objects.select_related(*spec.select_related).order_by("sort_order", "code")
        snapshot[kind] = KindIndex(
            [Entry(obj, spec.extras(obj) if spec.extras else {}) for obj in qs]
        )
    return snapshot


def _current() -> dict[str, KindIndex]:
    snapshot, now = _state.snapshot, clock()
    if snapshot is not None and not _state.stale and now - _state.checked_at < REFRESH_SECONDS:
        return snapshot
    with _lock:
        if (
            _state.snapshot is not None
            and not _state.stale
            and now - _state.checked_at < REFRESH_SECONDS
        ):
            return _state.snapshot
        version = _db_version()  # read before the rows: a change in between rebuilds again
        if _state.snapshot is None or _state.stale or version != _state.version:
            _state.stale = False  # cleared first so a change during the build is not lost
            try:
                _state.snapshot = _build()
            except BaseException:
                _state.stale = True  # retry on the next look-up
                raise
            _state.version = version
        _state.checked_at = now
        return _state.snapshot


def current_version() -> int:
    """The change marker (ReferenceVersion) of the data this process's copy was built from:
    the working calendar and the substance catalogue keep their copies in step with it."""
    _current()
    return _state.version


def follow(version: int | None) -> None:
    """The database's marker is `version` (read by the caller's own statement, say with an
    entity tag that digests it): this process's copy is rebuilt before anything is built
    from it, so an answer kept under that tag never shows older reference data or an older
    calendar."""
    if (version or 0) != _state.version:
        mark_stale()


def kind_index(kind: str) -> KindIndex:
    if kind not in KINDS:
        raise UnknownKind(kind)
    return _current()[kind]


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def lookup(kind: str, q: str | None = "", limit: int = DEFAULT_LIMIT) -> list[dict]:
    """Active rows of `kind` matching `q`, best first; empty q lists the table in order."""
    return kind_index(kind).search(normalize(q), _limit(limit))


def lookup_json(kind: str, q: str | None = "", limit: int = DEFAULT_LIMIT) -> bytes:
    """The same as lookup(), as the API's JSON body {"items": [...]}, joined from JSON
    encoded once per row: a full list (Space in a picker) then costs microseconds instead of
    the ~5 ms that validating and encoding 400 dicts per request takes."""
    entries = kind_index(kind).matches(normalize(q), _limit(limit))
    return b'{"items":[' + b",".join(e.json for e in entries) + b"]}"


def mark_stale() -> None:
    """This process changed a table: rebuild on the next look-up."""
    _state.stale = True


def reset() -> None:
    """Forget the index entirely (tests; after a database is swapped under the process)."""
    with _lock:
        _state.snapshot = None
        _state.version = None
        _state.checked_at = 0.0
        _state.stale = False
