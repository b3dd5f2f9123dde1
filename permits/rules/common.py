"""What the header and goods rules share: picker values, blanks, lengths, ASCII text.

The rules of an application (domain.md, The application) live in this package once; the
services call them, the pages and the API only report what they return. Every problem of a
request is reported at once, per field. Required fields, lengths and ASCII-only fields come
from the field table (permits.fields).
"""

import re

from django.utils.translation import gettext as _

from core.errors import ErrorCollector
from permits.fields import ASCII_FIELDS, MAX_LENGTHS
from reference import selectors as ref
from reference.index import kind_index, normalize

PRINTABLE_ASCII = re.compile(r"^[\x20-\x7e]*$")


def msg_required() -> str:
    return _("必填项，请填写。")


def msg_ascii() -> str:
    return _("只能填写英文字母、数字和英文标点（半角）。")


def resolve(kind: str, value) -> dict | None:
    """A picker value given as a code or as an exact Chinese/English name."""
    text = str(value or "").strip()
    if not text:
        return None
    item = ref.get_item(kind, text)
    if item is not None:
        return item
    entry = kind_index(kind).by_name.get(normalize(text))
    if entry is not None and entry.active:
        return dict(entry.item)
    target = normalize(text)
    for item in ref.lookup(kind, text, 5):
        if normalize(item.get("name_en")) == target:
            return item
    return None


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def stripped(data: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}


def check_required(data: dict, names, errors: ErrorCollector) -> None:
    for name in names:
        if blank(data.get(name)):
            errors.add(name, msg_required())


def check_text(data: dict, errors: ErrorCollector) -> None:
    """Length limits and ASCII-only fields of the field table."""
    for name, limit in MAX_LENGTHS.items():
        value = data.get(name)
        if isinstance(value, str) and len(value) > limit and not errors.has(name):
            errors.add(name, _("不能超过 %(n)s 个字符。") % {"n": limit})
    for name in ASCII_FIELDS:
        value = data.get(name)
        if value and isinstance(value, str) and not PRINTABLE_ASCII.match(value):
            if not errors.has(name):
                errors.add(name, msg_ascii())
