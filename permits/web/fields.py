"""The application pages' fields, built from the field table (permits.fields): what each
direction shows, with which label and widget, and how a posted page turns into the data the
services take (and back, to re-render it).

A thin layer rather than Django forms: the checks live once in permits.rules, shared with the
API, so a form class would either repeat them or only render; and a picker is two posted
values (text and code) with a server-side resolution, locked goods fields and conditional
fields, which the table describes directly. No rule is decided here.
Picker fields post two values: the text the user sees (`port_1`) and the picked code
(`port_1_code`). The code counts only while the text still names it, so a page sent without
JavaScript (text only, or a changed text beside an old code) is resolved by the server
(permits.rules.common.resolve accepts a code or an exact name).
"""

import json

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.uscc import province_code
from permits import fields as table
from permits.fields import Field
from permits.rules.common import resolve
from permits.workflow.states import Status, status_label
from reference import selectors as ref

SYSTEM = "system"  # grey, filled by the system, never posted
EMPTY_CHOICE = ("", _("请选择"))
GOODS = tuple(f for f in table.GOODS if table.FORM in f.shown)  # the goods dialog's
IMPORT_PORT = table.header_field("port_1", table.IMPORT)


def header_specs(direction: str) -> list[Field]:
    """The header fields of the form for this direction, in the table's order (the status is
    shown in the page's head, beside the number)."""
    return table.header_fields(direction, where=table.FORM)


def unsaved_label() -> str:
    return status_label(Status.DRAFT) + str(_("（未保存）"))


def _posted_specs(specs) -> list[Field]:
    return [s for s in specs if s.editable]


# ---- values: one dict of strings per page, the same whether from a record or a post ----


def _text(value) -> str:
    return "" if value is None else str(value)


def _picker_value(kind: str, code: str) -> tuple[str, str]:
    """(text shown, code) for a stored code."""
    if not code:
        return "", ""
    return ref.display(kind, code), code


def _picked(spec: Field, text: str, code: str) -> str:
    """What a picker posts to the service: its code while the text still names that item,
    else the text (resolved or refused by the service)."""
    text = text.strip()
    if code:
        item = ref.get_item(spec.kind, code)
        if item is not None and text in (item["name"], item["code"], item.get("name_en")):
            return item["code"]
    return text


def values_from_post(post, specs) -> dict:
    values = {}
    for spec in _posted_specs(specs):
        values[spec.name] = post.get(spec.name, "")
        if spec.widget == "picker" and not spec.free:
            values[spec.name + "_code"] = post.get(spec.name + "_code", "")
    return values


def service_data(values: dict, specs) -> dict:
    """The posted page as the services' `data` (every posted field, even empty)."""
    data = {}
    for spec in _posted_specs(specs):
        if spec.widget == "picker" and not spec.free:
            data[spec.name] = _picked(
                spec, values.get(spec.name, ""), values.get(spec.name + "_code", "")
            )
        else:
            data[spec.name] = values.get(spec.name, "")
    return data


def header_values_from_app(app) -> dict:
    values = {}
    for spec in _posted_specs(header_specs(app.direction)):
        stored = getattr(app, spec.name)
        if spec.name == "approval_department":
            stored = app.approval_department_id
        if spec.type == "bool":
            values[spec.name] = "" if stored is None else ("true" if stored else "false")
        elif spec.widget == "picker":
            values[spec.name], values[spec.name + "_code"] = _picker_value(spec.kind, stored)
        else:
            values[spec.name] = _text(stored)
    return values


def header_values_for_new(user, direction: str) -> dict:
    """The empty form: English name/address from the registry, the province's department."""
    enterprise = user.enterprise
    values = values_from_post({}, header_specs(direction))
    dept, dept_code = _picker_value("departments", province_code(enterprise.uscc))
    values.update(
        applicant_name_en=enterprise.name_en or "",
        applicant_address_en=enterprise.address_en or "",
        approval_department=dept,
        approval_department_code=dept_code,
    )
    return values


def header_changed(app, values: dict) -> bool:
    """Whether the page differs from the stored application (申报 saves it first if so)."""
    specs = header_specs(app.direction)
    stored = service_data(header_values_from_app(app), specs)
    posted = service_data(values, specs)
    return any(str(stored[k]).strip() != str(posted[k]).strip() for k in posted)


def _district(values: dict, n: int) -> str:
    """关区 for the import port on the page (shown at once, before the page is saved)."""
    port = resolve(
        "import-ports",
        _picked(IMPORT_PORT, values.get(f"port_{n}", ""), values.get(f"port_{n}_code", "")),
    )
    return ref.display("customs-districts", port["customs_district"]) if port else ""


def system_values(direction: str, app=None, user=None, values=None) -> dict:
    """The grey fields: from the record, or the enterprise on an unsaved page."""
    values = values or {}
    if app is None:
        enterprise = user.enterprise
        out = {
            "applicant_name": enterprise.name,
            "applicant_uscc": enterprise.uscc,
        }
    else:
        out = {
            "application_no": app.application_no,
            "permit_no": app.permit_no or "",
            "applicant_name": app.applicant_name,
            "applicant_uscc": app.applicant_uscc,
            "issue_date": _text(app.issue_date),
            "valid_until": _text(app.valid_until),
        }
    if direction == "import":
        for n in (1, 2):
            if values:
                out[f"customs_district_{n}"] = _district(values, n)
            elif app is not None:
                out[f"customs_district_{n}"] = (
                    ref.display("customs-districts", getattr(app, f"customs_district_{n}"))
                    if getattr(app, f"customs_district_{n}")
                    else ""
                )
    return out


def goods_values_from_item(goods) -> dict:
    values = {}
    for spec in GOODS:
        stored = _text(getattr(goods, spec.name))
        if spec.widget == "picker" and not spec.free:
            item = resolve(spec.kind, stored) if stored else None
            values[spec.name] = (
                (item["code"] if spec.display == "code" else ref.display(spec.kind, item["code"]))
                if item
                else stored
            )
            values[spec.name + "_code"] = item["code"] if item else ""
        else:
            values[spec.name] = stored
    return values


def empty_goods_values() -> dict:
    return values_from_post({}, GOODS)


# ---- fields as the templates render them ----


def _messages(errors, name: str) -> list[str]:
    return [e.message for e in errors if e.field == name]


def _options(spec: Field, value: str) -> list[dict]:
    return [
        {"value": v, "label": str(lbl), "selected": v == value}
        for v, lbl in (EMPTY_CHOICE, *spec.choices)
    ]


def build_fields(
    specs,
    *,
    direction,
    prefix,
    values,
    system,
    errors,
    editable,
    locked=(),
    locked_values=None,
    flags=None,
) -> list[dict]:
    """One dict per field: id, label, widget, value, classes and ARIA the templates need.
    `flags`: field name → the approver's correction opinion (补正材料), shown at the field."""
    flags = flags or {}
    fields = []
    for spec in specs:
        fid = f"{prefix}-{spec.name}"
        messages = _messages(errors, spec.name)
        is_locked = spec.name in locked
        grey = spec.widget == SYSTEM or not editable or is_locked
        if spec.widget == SYSTEM:
            value, code = system.get(spec.name, ""), ""
        elif is_locked:
            value, code = (locked_values or {}).get(spec.name, ""), ""
        else:
            value = values.get(spec.name, "")
            code = values.get(spec.name + "_code", "")
        shown = not spec.required_if or table.condition_met(spec.required_if, values)
        is_required = not grey and (spec.required or (bool(spec.required_if) and shown))
        select_label = ""
        if spec.widget == "select":
            select_label = str(dict(spec.choices).get(value, "")) if value else ""
        field = {
            "name": spec.name,
            "id": fid,
            "label": spec.label(direction),
            "widget": "readonly" if grey else spec.widget,
            "value": value,
            "code": code,
            "display": select_label if spec.widget == "select" else value,
            "required": is_required,
            "messages": messages,
            "wide": spec.wide,
            "show_if": spec.required_if,
            "off": not shown,
            "locked": is_locked,
            "system": spec.widget == SYSTEM,
            "hint": str(spec.hint) if spec.hint else "",
            "max_length": spec.max_length,
            "row_start": spec.row_start,
            "flag": flags.get(spec.name, ""),
        }
        if spec.widget == "select" and not grey:
            field["options"] = _options(spec, value)
        if messages and spec.kind == "export-ports" and not grey and value:
            # What matched no standard city: the nearest names, one click away.
            field["suggestions"] = [c["name"] for c in ref.export_port_suggestions(value)]
        if spec.widget == "picker" and not grey:
            field.update(
                kind=spec.kind,
                free=spec.free,
                picker_display=spec.display,
                url=reverse("api:reference_lookup", kwargs={"kind": spec.kind}),
                fill=json.dumps({f"{prefix}-{t}": key for t, key in spec.fill})
                if spec.fill
                else "",
            )
        described = [f"{fid}-flag"] if field["flag"] else []
        described += [f"{fid}-hint"] if field["hint"] else []
        described += [f"{fid}-error{i}" for i in range(1, len(messages) + 1)]
        field["describedby"] = " ".join(described)
        fields.append(field)
    return fields


def error_summary(errors, fields, *, labels_extra=None) -> list[dict]:
    """Every problem, in field order, each with the id of the field it concerns (if shown)."""
    ids = {f["name"]: (f["id"], f["label"]) for f in fields}
    items = []
    for e in errors:
        fid, label = ids.get(e.field, ("", (labels_extra or {}).get(e.field, "")))
        items.append({"field": e.field, "id": fid, "label": label, "message": e.message})
    order = {f["name"]: i for i, f in enumerate(fields)}
    items.sort(key=lambda i: order.get(i["field"], len(order)))
    return items
