"""打印申请表: the printed application form (manual 4.1.3 and 4.3.1), and the field layout the
permit shares with it.

The applicant prints the form, stamps it, scans it and uploads it into the `application_form`
attachment slot. Here the saved application becomes plain display values, laid out from the
field table (permits.fields): the fields shown `where` ("print" for the form, "permit" for the
permit) in table order, two to a row, a wide field on a row of its own. documents.rendering
lays them out as a PDF and knows nothing of applications.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone, translation

from documents.rendering import BASE_STYLESHEET, render_pdf_once
from permits.fields import GOODS, PERMIT, PRINT, Field, goods_field, header_fields
from permits.models import Application, Direction
from permits.rules.goods import MAX_GOODS
from reference import selectors as ref

TEMPLATE = "documents/application_form.html"
STYLESHEETS = (BASE_STYLESHEET, "documents/application_form.css")
SUBTITLE = "（蛋白同化制剂肽类激素）"
DECLARATION = (
    "本单位承诺：本申请表所填内容及所附材料真实、合法、有效，"
    "所申请的药品仅用于上述用途，本单位对其真实性、合法性承担法律责任。"
)
YES_NO = {True: "是", False: "否"}
# Codes and numbers print in a fixed-width face.
MONO = {"application_no", "permit_no", "applicant_uscc", "principal_uscc", "hs_code"}
# Goods fields printed under another one's value, in the same column (Chinese / English).
UNDER = {"drug_name_en": "drug_name", "dosage_form_en": "dosage_form"}
# Printed as a small tag in another field's cell (the category under the drug's names).
TAGGED = {"category": "drug_name"}


def format_date(value: date | datetime | None) -> str:
    """YYYY-MM-DD; an aware datetime is shown in local time; nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.strftime("%Y-%m-%d")


def cn_date(value: date | None) -> str:
    """2026-03-04 → 2026年3月4日 (as dated on official documents)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def format_quantity(value: Decimal | int | str | None) -> str:
    """100.000 → 100, 2.500 → 2.5; never scientific notation (1E+2)."""
    if value is None or value == "":
        return ""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def display_value(field: Field, value, *, cn_dates: bool = False) -> str:
    """A stored value as printed: reference codes as names, choices and booleans in words,
    dates as YYYY-MM-DD, quantities without trailing zeros."""
    if value is None or value == "":
        return ""
    if field.type == "bool":
        return YES_NO.get(value, "")
    if field.type == "date":
        return cn_date(value) if cn_dates else format_date(value)
    if field.type == "decimal":
        return format_quantity(value)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if field.kind and field.stored == "code" and field.display == "name" and not field.free:
        return ref.label(field.kind, value)
    return str(value)


def _value(app: Application, field: Field, *, cn_dates: bool) -> str:
    if field.name == "approval_department":
        return display_value(field, app.approval_department_id)
    value = getattr(app, field.name)
    if field.name in ("principal_uscc", "principal_name") and not app.is_agent:
        return ""
    return display_value(field, value, cn_dates=cn_dates)


def header_rows(app: Application, *, where: str = PRINT) -> list[list[dict]]:
    """The header fields shown `where`, as rows of one or two cells (label, value); a row of
    one cell spans the table."""
    rows: list[list[dict]] = []
    pending: list[dict] = []
    for field in header_fields(app.direction, where=where):
        cell = {
            "name": field.name,
            "label": field.label_zh(app.direction),
            "value": _value(app, field, cn_dates=where == PERMIT),
            "mono": field.name in MONO,
            "wide": field.wide,
            "pre": field.widget == "textarea",
        }
        if (field.wide or field.row_start) and pending:
            rows.append(pending)
            pending = []
        if field.wide:
            rows.append([cell])
            continue
        pending.append(cell)
        if len(pending) == 2:
            rows.append(pending)
            pending = []
    if pending:
        rows.append(pending)
    return rows


def goods_columns(direction: str, *, where: str = PRINT) -> list[dict]:
    """The goods table's columns: each printed goods field, the English names under the
    Chinese ones."""
    return [
        {
            "name": f.name,
            "label": f.label_zh(direction),
            "under": any(UNDER.get(o.name) == f.name for o in GOODS),
        }
        for f in GOODS
        if where in f.shown and f.name not in UNDER and f.name not in TAGGED
    ]


def goods_rows(app: Application, *, where: str = PRINT) -> list[dict]:
    """Each item as {seq, cells: [{value, under, mono}]} in the columns' order."""
    columns = goods_columns(app.direction, where=where)
    under_of = {v: k for k, v in UNDER.items()}
    tag_of = {v: k for k, v in TAGGED.items()}
    rows = []
    for g in app.goods.all():  # ordered by seq (Goods.Meta); uses a prefetch when present
        cells = []
        for column in columns:
            field = next(f for f in GOODS if f.name == column["name"])
            extra, tag = under_of.get(field.name), tag_of.get(field.name)
            tagged = goods_field(tag) if tag and where in goods_field(tag).shown else None
            cells.append(
                {
                    "name": field.name,
                    "value": display_value(field, getattr(g, field.name)),
                    "under": getattr(g, extra) if extra else "",
                    "tag": display_value(tagged, getattr(g, tag)) if tagged else "",
                    "mono": field.name in MONO,
                }
            )
        rows.append({"seq": g.seq, "cells": cells})
    return rows


def application_form_context(
    app: Application, *, printed_on: date | None = None, where: str = PRINT
) -> dict:
    """Everything documents/application_form.html (and the permit) shows, as display
    strings, in Chinese whatever the UI language (an official document)."""
    is_import = app.direction == Direction.IMPORT
    own, other = ("进口", "出口") if is_import else ("出口", "进口")
    with translation.override("zh-hans"):
        rows = header_rows(app, where=where)
        columns = goods_columns(app.direction, where=where)
        goods = goods_rows(app, where=where)
    return {
        "is_import": is_import,
        "dir": own,
        "other": other,
        "title": f"药品{own}准许证申请表",
        "subtitle": SUBTITLE,
        "application_no": app.application_no,
        "rows": rows,
        "goods_columns": columns,
        "goods": goods,
        # The paper form always shows room for the four items an application may hold.
        "blank_goods_rows": range(max(0, MAX_GOODS - len(goods))),
        "declaration": DECLARATION,
        "printed_on": format_date(printed_on or timezone.localdate()),
    }


def application_form_pdf(app: Application, *, printed_on: date | None = None) -> bytes:
    """The application form as PDF bytes (A4, Chinese)."""
    return render_pdf_once(
        TEMPLATE, application_form_context(app, printed_on=printed_on), stylesheets=STYLESHEETS
    )
