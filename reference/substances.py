"""Which catalogue substance a product is: products are named by their form and maker's words
around the substance (重组人促红素注射液, Erythropoietin Injection, 注射用绒促性素), so the
catalogue's names and aliases are looked for inside the product's Chinese and English names.
The longest name found wins (丙酸睾酮 before 睾酮, Insulin glargine before Insulin); English
names count only as whole words (Methyltestosterone is not Testosterone).

Built per process from the reference index and rebuilt with it (reference.index), so a
catalogue edit in /admin/ is seen everywhere within seconds."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from reference import index
from reference import models as m

_PARENS = re.compile(r"[（(]([^）)]*)[）)]")


@dataclass(frozen=True)
class Substance:
    code: str
    name: str
    name_en: str
    category: str
    biological: bool

    @property
    def category_label(self) -> str:
        return str(m.Drug.Category(self.category).label) if self.category else ""

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "name_en": self.name_en,
            "category": self.category,
            "biological": self.biological,
        }


@dataclass(frozen=True)
class _Key:
    text: str  # folded
    pattern: re.Pattern | None  # whole words, for Latin names
    substance: Substance


class _Cache:
    generation: int | None = -1  # the reference marker the keys were built at
    keys: tuple[_Key, ...] = ()


_cache = _Cache()
_lock = threading.Lock()


def _names(drug: m.Drug) -> set[str]:
    """Every name the drug goes by: its name, its English name with and without what stands
    in brackets, and each alias."""
    names = {drug.name, drug.name_en, *drug.aliases.split(";")}
    for bracketed in _PARENS.findall(drug.name_en):
        names.add(bracketed)
    names.add(_PARENS.sub("", drug.name_en))
    return {index.fold(n) for n in names if n and n.strip()}


def _build() -> tuple[_Key, ...]:
    keys = []
    for drug in m.Drug.objects.filter(active=True).order_by("sort_order", "code"):
        substance = Substance(drug.code, drug.name, drug.name_en, drug.category, drug.biological)
        for text in _names(drug):
            latin = text.isascii()
            pattern = (
                re.compile(rf"(?<![a-z0-9-]){re.escape(text)}(?![a-z0-9-])") if latin else None
            )
            keys.append(_Key(text, pattern, substance))
    # Longest first: the first key found is the answer.
    return tuple(sorted(keys, key=lambda k: -len(k.text)))


def _keys() -> tuple[_Key, ...]:
    generation = index.current_version()
    if _cache.generation != generation:
        with _lock:
            if _cache.generation != generation:
                _cache.keys = _build()
                _cache.generation = generation
    return _cache.keys


def reset() -> None:
    """Forget the catalogue's keys (tests; as a freshly started process)."""
    with _lock:
        _cache.generation = -1
        _cache.keys = ()


def recognise(drug_name: str | None, drug_name_en: str | None = "") -> Substance | None:
    """The catalogue substance named inside the product's names, or None."""
    texts = [index.fold(t) for t in (drug_name, drug_name_en) if t and t.strip()]
    if not texts:
        return None
    for key in _keys():
        for text in texts:
            if key.pattern is not None:
                if key.pattern.search(text):
                    return key.substance
            elif key.text in text:
                return key.substance
    return None
