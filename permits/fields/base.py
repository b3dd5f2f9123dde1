"""The shape of a field of the table (permits.fields): its name, labels, rules and where it
is shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

IMPORT, EXPORT = "import", "export"
BOTH = (IMPORT, EXPORT)

# Where a field appears.
API, FORM, PRINT, PERMIT, EXCEL, DIFF = "api", "form", "print", "permit", "excel", "diff"
EVERYWHERE = frozenset({API, FORM, PRINT, PERMIT, DIFF})

Type = Literal["text", "bool", "choice", "decimal", "date"]
Widget = Literal["text", "textarea", "select", "picker", "system"]


@dataclass(frozen=True)
class Field:
    """One field of the application header or of a goods item."""

    name: str
    zh: tuple[str, str]  # label (import, export)
    en: tuple[str, str]
    type: Type = "text"
    required: bool = False  # at every save (暂存) and at 申报
    required_if: str = ""  # "field=value": required (and shown on the form) only then
    required_message: str = ""  # what to say when the condition makes it required
    max_length: int | None = None
    kind: str = ""  # reference table of the value (code stored, name shown)
    free: bool = False  # the picker suggests from `kind` but any text is kept
    ascii: bool = False  # printable ASCII only (English names and addresses)
    editable: bool = True  # False: filled by the system (grey), never posted
    locked: bool = False  # goods: after the first item, taken from it
    stored: str = "code"  # what is stored of a picked item: its code, or its name
    directions: tuple[str, ...] = BOTH
    shown: frozenset[str] = EVERYWHERE
    choices: tuple = ()  # (value, label) for a choice field
    # How the form shows it:
    widget: Widget = "text"
    wide: bool = False  # a row of its own (form and print)
    row_start: bool = False  # begins a row of the form grid
    display: str = "name"  # what a picked item shows in the field: name or code
    fill: tuple = ()  # ((field, item key), ...) filled when an item is picked
    hint: str = ""
    neutral: tuple[str, str] = ("", "")  # (zh, en) where both directions are listed together

    def label(self, direction: str = IMPORT, language: str | None = None) -> str:
        """The label in the current (or given) language for this direction."""
        language = language or get_language() or "zh-hans"
        pair = self.en if language.startswith("en") else self.zh
        return pair[0] if direction == IMPORT else pair[1]

    def list_label(self, language: str | None = None) -> str:
        """The label in a list of both directions (导出Excel)."""
        language = language or get_language() or "zh-hans"
        if self.neutral[0]:
            return self.neutral[1] if language.startswith("en") else self.neutral[0]
        return self.label(IMPORT, language)

    def label_zh(self, direction: str = IMPORT) -> str:
        return self.zh[0] if direction == IMPORT else self.zh[1]

    def applies_to(self, direction: str) -> bool:
        return direction in self.directions


def same(zh: str, en: str) -> dict:
    return {"zh": (zh, zh), "en": (en, en)}


YES_NO = (("true", _("是")), ("false", _("否")))
SYSTEM = {"editable": False, "widget": "system"}
