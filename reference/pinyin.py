"""Pinyin keys for look-ups, computed once when a row is saved or loaded."""

import functools

from pypinyin import Style, lazy_pinyin, load_phrases_dict

# Place names pypinyin reads wrongly out of the box (朝阳 → zhaoyang, 漯河 → tahe, ...).
load_phrases_dict(
    {
        "朝阳": [["cháo"], ["yáng"]],
        "漯河": [["luò"], ["hé"]],
        "珲春": [["hún"], ["chūn"]],
        "长治": [["cháng"], ["zhì"]],
    }
)


@functools.lru_cache(maxsize=4096)
def full_pinyin(text: str) -> str:
    """北京市 → 'beijingshi' (lowercase, no tones, no separators)."""
    return "".join(lazy_pinyin(text, errors="ignore")).lower()


def pinyin_initials(text: str) -> str:
    """北京市 → 'bjs'."""
    return "".join(
        syllable[:1] for syllable in lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")
    ).lower()


@functools.lru_cache(maxsize=4096)
def syllable_ends(text: str) -> frozenset[int]:
    """Offsets in full_pinyin(text) where a syllable ends: 西安 'xian' → {2, 4}; lets
    'xian' rank 西安 above 襄阳 ('xiang…')."""
    ends, pos = set(), 0
    for syllable in lazy_pinyin(text, errors="ignore"):
        pos += len(syllable.lower())
        ends.add(pos)
    return frozenset(ends)
