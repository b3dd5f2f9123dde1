"""The application pages' fields: what each direction shows, with which label and widget, and
how a posted page turns into the data the services take (and back, to re-render it).

No rule is decided here: required fields come from permits.rules, checks from the services.
Picker fields post two values: the text the user sees (`port_1`) and the picked code
(`port_1_code`). The code counts only while the text still names it, so a page sent without
JavaScript (text only, or a changed text beside an old code) is resolved by the server
(permits.rules.resolve accepts a code or an exact name).
"""

import json
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.uscc import province_code
from permits import rules, workflow
from permits.models import CollectionMethod, Purpose
from reference import selectors as ref

DIRECTIONS = ("import", "export")
SYSTEM = "system"  # grey, filled by the system, never posted


@dataclass(frozen=True)
class Spec:
    name: str
    labels: tuple  # (import label, export label)
    widget: str = "text"  # text | textarea | select | picker | system
    kind: str = ""  # reference kind of a picker
    directions: tuple = DIRECTIONS
    wide: bool = False
    show_if: str = ""  # "field=value": shown (and required) only then
    free: bool = False  # a picker that suggests but accepts any text
    display: str = "name"  # what a picked item shows in the field: name or code
    fill: tuple = ()  # ((field, item key), ...) filled when an item is picked
    hint: tuple = ()  # (import hint, export hint)
    row_start: bool = False  # begins a row of the grid (keeps port and 关区 side by side)

    def label(self, direction: str) -> str:
        return str(self.labels[0] if direction == "import" else self.labels[1])


def _same(text):
    return (text, text)


YES_NO = (("", _("请选择")), ("true", _("是")), ("false", _("否")))
PURPOSES = (("", _("请选择")),) + tuple(Purpose.choices)
COLLECTION = (("", _("请选择")),) + tuple(CollectionMethod.choices)
CHOICES = {"is_agent": YES_NO, "purpose": PURPOSES, "collection_method": COLLECTION}

HEADER = (
    Spec("application_no", _same(_("申请单号")), SYSTEM),
    Spec("permit_no", _same(_("证书编号")), SYSTEM),
    Spec("status", _same(_("状态")), SYSTEM),
    Spec("approval_department", _same(_("审批部门")), "picker", "departments"),
    Spec("applicant_name", (_("进口单位名称"), _("出口单位名称")), SYSTEM),
    Spec("applicant_uscc", _same(_("统一社会信用代码")), SYSTEM),
    Spec("applicant_name_en", (_("进口单位名称（英文）"), _("出口单位名称（英文）"))),
    Spec("applicant_address_en", (_("进口单位地址（英文）"), _("出口单位地址（英文）"))),
    Spec("counterparty_name", (_("出口单位名称"), _("进口单位名称"))),
    Spec("counterparty_country", (_("出口国家/地区"), _("进口国家/地区")), "picker", "countries"),
    Spec("counterparty_address", (_("出口单位地址"), _("进口单位地址")), wide=True),
    Spec("is_agent", _same(_("是否代理")), "select"),
    Spec("purpose", _same(_("用途")), "select"),
    Spec("principal_uscc", _same(_("委托人统一社会信用代码")), show_if="is_agent=true"),
    Spec("principal_name", _same(_("委托企业名称")), show_if="is_agent=true"),
    Spec("collection_method", _same(_("领取方式")), "select"),
    Spec("mail_address", _same(_("邮寄地址")), show_if="collection_method=mail"),
    Spec(
        "port_1", _same(_("进口口岸1")), "picker", "import-ports", directions=("import",),
        fill=(("customs_district_1", "customs_district_name"),), row_start=True,
    ),
    Spec("customs_district_1", _same(_("关区1")), SYSTEM, directions=("import",)),
    Spec(
        "port_2", _same(_("进口口岸2")), "picker", "import-ports", directions=("import",),
        fill=(("customs_district_2", "customs_district_name"),),
    ),
    Spec("customs_district_2", _same(_("关区2")), SYSTEM, directions=("import",)),
    Spec(
        "port_1", _same(_("出口口岸1")), directions=("export",), row_start=True,
        hint=_same(_("请填写药监局公布的标准城市名称，如：上海市")),
    ),
    Spec("port_2", _same(_("出口口岸2")), directions=("export",)),
    Spec("contract_no", _same(_("合同号"))),
    Spec("importing_country_permit_no", _same(_("进口国准许证号")), directions=("export",)),
    Spec("contact_person", _same(_("联系人"))),
    Spec("contact_phone", _same(_("联系电话"))),
    Spec("issue_date", _same(_("发证日期")), SYSTEM),
    Spec("valid_until", (_("进口期限"), _("出口期限")), SYSTEM),
    Spec("remarks", _same(_("备注")), "textarea", wide=True,
         hint=_same(_("涉及管制药品或出口药物退货的，请在此注明。"))),
)

GOODS = (
    Spec("hs_code", _same(_("商品编码")), "picker", "hs-codes", display="code"),
    Spec(
        "drug_name", (_("进口药物名称"), _("出口药物名称")), "picker", "drugs", free=True,
        fill=(("drug_name_en", "name_en"),),
    ),
    Spec("drug_name_en", (_("进口药物名称(英文)"), _("出口药物名称(英文)"))),
    Spec(
        "dosage_form", _same(_("剂型")), "picker", "dosage-forms",
        fill=(("dosage_form_en", "name_en"),),
    ),
    Spec("dosage_form_en", _same(_("剂型(英文)"))),
    Spec("specification", _same(_("规格")), hint=_same(_("例如：4.5IU/支"))),
    Spec("quantity", _same(_("数量"))),
    Spec("unit", _same(_("单位")), "picker", "units"),
    Spec("manufacturer", _same(_("生产厂商"))),
    Spec("origin_country", _same(_("生产国/地区")), "picker", "countries"),
)


IMPORT_PORT = Spec("port", _same(""), "picker", "import-ports")


def header_specs(direction: str) -> list[Spec]:
    return [s for s in HEADER if direction in s.directions]


def _posted_specs(specs) -> list[Spec]:
    return [s for s in specs if s.widget != SYSTEM]


# ---- values: one dict of strings per page, the same whether from a record or a post ----

def _text(value) -> str:
    return "" if value is None else str(value)


def _picker_value(kind: str, code: str) -> tuple[str, str]:
    """(text shown, code) for a stored code."""
    if not code:
        return "", ""
    item = ref.get_item(kind, code, include_inactive=True)
    return (item["name"] if item else code), code


def _picked(spec: Spec, text: str, code: str) -> str:
    """What a picker posts to the service: its code while the text still names that item,
    else the text (resolved or refused by the service)."""
    text = text.strip()
    if code:
        item = ref.get_item(spec.kind, code)
        if item is not None and text in (item["name"], item["code"]):
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
            data[spec.name] = _picked(spec, values.get(spec.name, ""),
                                      values.get(spec.name + "_code", ""))
        else:
            data[spec.name] = values.get(spec.name, "")
    return data


def header_values_from_app(app) -> dict:
    values = {}
    for spec in _posted_specs(header_specs(app.direction)):
        stored = getattr(app, spec.name)
        if spec.name == "approval_department":
            stored = app.approval_department_id
        if spec.name == "is_agent":
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
        approval_department=dept, approval_department_code=dept_code,
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
    port = rules.resolve("import-ports", _picked(IMPORT_PORT, values.get(f"port_{n}", ""),
                                                  values.get(f"port_{n}_code", "")))
    return port["customs_district_name"] if port else ""


def system_values(direction: str, app=None, user=None, values=None) -> dict:
    """The grey fields: from the record, or the enterprise on an unsaved page."""
    values = values or {}
    if app is None:
        enterprise = user.enterprise
        out = {"applicant_name": enterprise.name, "applicant_uscc": enterprise.uscc,
               "status": workflow.status_label(workflow.Status.DRAFT) + str(_("（未保存）"))}
    else:
        out = {
            "application_no": app.application_no, "permit_no": app.permit_no or "",
            "status": workflow.status_label(app.status), "applicant_name": app.applicant_name,
            "applicant_uscc": app.applicant_uscc, "issue_date": _text(app.issue_date),
            "valid_until": _text(app.valid_until),
        }
    if direction == "import":
        for n in (1, 2):
            if values:
                out[f"customs_district_{n}"] = _district(values, n)
            elif app is not None:
                out[f"customs_district_{n}"] = ref.label(
                    "customs-districts", getattr(app, f"customs_district_{n}")
                ) if getattr(app, f"customs_district_{n}") else ""
    return out


def goods_values_from_item(goods) -> dict:
    values = {}
    for spec in GOODS:
        stored = _text(getattr(goods, spec.name))
        if spec.widget == "picker" and not spec.free:
            item = rules.resolve(spec.kind, stored) if stored else None
            values[spec.name] = (item["code"] if spec.display == "code" else item["name"]) \
                if item else stored
            values[spec.name + "_code"] = item["code"] if item else ""
        else:
            values[spec.name] = stored
    return values


def empty_goods_values() -> dict:
    return values_from_post({}, GOODS)


# ---- fields as the templates render them ----

def _condition_met(condition: str, values: dict) -> bool:
    name, expected = condition.split("=")
    return values.get(name, "") == expected


def _messages(errors, name: str) -> list[str]:
    return [e.message for e in errors if e.field == name]


def build_fields(specs, *, direction, prefix, values, system, errors, editable, required,
                 locked=(), locked_values=None) -> list[dict]:
    """One dict per field: id, label, widget, value, classes and ARIA the templates need."""
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
        shown = not spec.show_if or _condition_met(spec.show_if, values)
        is_required = not grey and (
            spec.name in required or (bool(spec.show_if) and shown)
        )
        select_label = ""
        if spec.widget == "select":
            select_label = str(dict(CHOICES[spec.name]).get(value, "")) if value else ""
        field = {
            "name": spec.name, "id": fid, "label": spec.label(direction),
            "widget": "readonly" if grey else spec.widget, "value": value, "code": code,
            "display": select_label if spec.widget == "select" else value,
            "required": is_required, "messages": messages, "wide": spec.wide,
            "show_if": spec.show_if, "off": not shown, "locked": is_locked,
            "system": spec.widget == SYSTEM,
            "hint": str(spec.hint[0] if direction == "import" else spec.hint[1])
            if spec.hint else "",
            "max_length": rules.MAX_LENGTHS.get(spec.name), "row_start": spec.row_start,
        }
        if spec.widget == "select" and not grey:
            field["options"] = [
                {"value": v, "label": str(lbl), "selected": v == value}
                for v, lbl in CHOICES[spec.name]
            ]
        if spec.widget == "picker" and not grey:
            field.update(
                kind=spec.kind, free=spec.free, picker_display=spec.display,
                url=reverse("api:reference_lookup", kwargs={"kind": spec.kind}),
                fill=json.dumps({f"{prefix}-{t}": key for t, key in spec.fill}) if spec.fill
                else "",
            )
        described = [f"{fid}-hint"] if field["hint"] else []
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

