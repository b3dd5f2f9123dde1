"""Validation rules of the application header and goods (domain.md, The application).

Each rule lives here once; services call these, views and the API only report what they
return. Every problem of a request is reported at once, per field.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from accounts.uscc import is_valid_uscc, province_code
from config.errors import ErrorCollector
from reference import selectors as ref
from reference.index import kind_index, normalize

HEADER_REQUIRED = (
    "applicant_name_en", "applicant_address_en", "counterparty_name", "counterparty_address",
    "counterparty_country", "approval_department", "is_agent", "purpose", "collection_method",
    "port_1", "contact_person", "contact_phone",
)
GOODS_REQUIRED = (
    "hs_code", "drug_name", "drug_name_en", "dosage_form", "dosage_form_en", "specification",
    "quantity", "unit", "manufacturer", "origin_country",
)
# After the first item these come from it and cannot differ (domain.md, Goods).
GOODS_LOCKED = ("hs_code", "drug_name", "drug_name_en", "dosage_form", "dosage_form_en")
MAX_GOODS = 4
ASCII_FIELDS = ("applicant_name_en", "applicant_address_en")
BIOLOGICAL_PORT_NAMES = "北京、上海、广州"

_PRINTABLE_ASCII = re.compile(r"^[\x20-\x7e]*$")
_PHONE = re.compile(r"^\+?[0-9][0-9\- ()]{5,24}$")
_HS = re.compile(r"^\d{10}$")

MAX_LENGTHS = {
    "applicant_name_en": 300, "applicant_address_en": 500, "counterparty_name": 300,
    "counterparty_address": 500, "principal_name": 200, "mail_address": 300, "contract_no": 60,
    "importing_country_permit_no": 60, "contact_person": 60, "contact_phone": 40,
    "remarks": 1000, "drug_name": 200, "drug_name_en": 200, "specification": 100,
    "manufacturer": 300, "dosage_form_en": 100,
}


def msg_required() -> str:
    return _("必填项，请填写。")


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


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_lengths(data: dict, errors: ErrorCollector) -> None:
    for name, limit in MAX_LENGTHS.items():
        value = data.get(name)
        if isinstance(value, str) and len(value) > limit and not errors.has(name):
            errors.add(name, _("不能超过 %(n)s 个字符。") % {"n": limit})


def clean_header(data: dict, *, direction: str, enterprise) -> tuple[dict, ErrorCollector]:
    """Check and normalise the header fields of a draft (暂存) or a submission.

    Returns the cleaned values (codes resolved, districts filled, principal fields cleared when
    not an agent) and the collected errors.
    """
    errors = ErrorCollector()
    out = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    for name in HEADER_REQUIRED:
        if _blank(out.get(name)):
            errors.add(name, msg_required())
    for name in ASCII_FIELDS:
        value = out.get(name)
        if value and not _PRINTABLE_ASCII.match(value) and not errors.has(name):
            errors.add(name, _("只能填写英文字母、数字和英文标点（半角）。"))
    check_lengths(out, errors)

    if not _blank(out.get("counterparty_country")):
        country = resolve("countries", out["counterparty_country"])
        if country is None:
            errors.add("counterparty_country", _("请从列表中选择国家/地区。"))
        else:
            out["counterparty_country"] = country["code"]

    _check_department(out, enterprise, errors)
    _check_agent(out, errors)

    if out.get("purpose") and out["purpose"] not in (
        "medical", "teaching_research", "contract_manufacturing"
    ):
        errors.add("purpose", _("请选择用途：医疗、教学科研或接受境外企业委托生产。"))
    method = out.get("collection_method")
    if method and method not in ("mail", "onsite"):
        errors.add("collection_method", _("请选择领取方式：邮寄或现场领取。"))
    if method == "mail" and _blank(out.get("mail_address")):
        errors.add("mail_address", _("领取方式为邮寄时，邮寄地址为必填项。"))
    if method == "onsite":
        out["mail_address"] = out.get("mail_address") or ""

    phone = out.get("contact_phone")
    if phone and not _PHONE.match(phone) and not errors.has("contact_phone"):
        errors.add("contact_phone", _("请填写有效的电话号码（数字，可含区号和“-”）。"))

    if direction == "import":
        _check_import_ports(out, errors)
    else:
        _check_export_ports(out, errors)
    if direction != "export":
        out["importing_country_permit_no"] = ""
    return out, errors


def _check_department(out: dict, enterprise, errors: ErrorCollector) -> None:
    code = out.get("approval_department")
    if _blank(code):
        return
    dept = resolve("departments", code)
    if dept is None:
        errors.add("approval_department", _("请从列表中选择审批部门。"))
        return
    out["approval_department"] = dept["code"]
    expected = province_code(enterprise.uscc)
    if dept["code"] != expected:
        own = ref.label("departments", expected)
        errors.add(
            "approval_department",
            _("审批部门应为申请单位所在省份的药品监督管理局（%(dept)s）。") % {"dept": own},
        )


def _check_agent(out: dict, errors: ErrorCollector) -> None:
    agent = out.get("is_agent")
    if isinstance(agent, str):
        agent = {"true": True, "1": True, "是": True, "false": False, "0": False, "否": False}.get(
            agent.lower()
        )
        if agent is None and not errors.has("is_agent"):
            errors.add("is_agent", _("请选择是否代理：是或否。"))
        out["is_agent"] = agent
    if agent:
        uscc = (out.get("principal_uscc") or "").upper()
        out["principal_uscc"] = uscc
        if not uscc:
            errors.add("principal_uscc", _("代理申请时，委托人统一社会信用代码为必填项。"))
        elif not is_valid_uscc(uscc):
            errors.add("principal_uscc", _("统一社会信用代码无效（应为18位，且校验位正确）。"))
        if _blank(out.get("principal_name")):
            errors.add("principal_name", _("代理申请时，委托企业名称为必填项。"))
    elif agent is False:
        out["principal_uscc"] = ""
        out["principal_name"] = ""


def _check_import_ports(out: dict, errors: ErrorCollector) -> None:
    districts = {}
    for n in (1, 2):
        name = f"port_{n}"
        if _blank(out.get(name)):
            out[name] = ""
            districts[n] = ""
            continue
        port = resolve("import-ports", out[name])
        if port is None:
            errors.add(name, _("请从指定的药品进口口岸列表中选择。"))
            districts[n] = ""
            continue
        out[name] = port["code"]
        districts[n] = port["customs_district"]
    if out.get("port_1") and out.get("port_1") == out.get("port_2"):
        errors.add("port_2", _("进口口岸2不能与进口口岸1相同。"))
    out["customs_district_1"], out["customs_district_2"] = districts[1], districts[2]


def _check_export_ports(out: dict, errors: ErrorCollector) -> None:
    for n in (1, 2):
        name = f"port_{n}"
        if _blank(out.get(name)):
            out[name] = ""
            continue
        city = ref.export_port_by_name(out[name])
        if city is None:
            hint = ref.export_port_suggestion(out[name])
            if hint:
                errors.add(
                    name,
                    _("“%(typed)s”不是标准城市名称，您是否要填写“%(city)s”？")
                    % {"typed": out[name], "city": hint["name"]},
                )
            else:
                errors.add(name, _("“%(typed)s”不是标准城市名称。") % {"typed": out[name]})
            continue
        out[name] = city["name"]
    if out.get("port_1") and out.get("port_1") == out.get("port_2"):
        errors.add("port_2", _("出口口岸2不能与出口口岸1相同。"))
    out["customs_district_1"] = out["customs_district_2"] = ""


def parse_quantity(value) -> Decimal | None:
    try:
        qty = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return qty if qty.is_finite() else None


def clean_goods(data: dict, *, first: dict | None) -> tuple[dict, ErrorCollector]:
    """Check one goods item. `first` is the first item's values when this is not the first:
    its locked fields are copied over whatever was sent."""
    errors = ErrorCollector()
    out = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if first is not None:
        for name in GOODS_LOCKED:
            out[name] = first[name]
    for name in GOODS_REQUIRED:
        if _blank(out.get(name)):
            errors.add(name, msg_required())
    check_lengths(out, errors)

    hs = out.get("hs_code")
    if hs and first is None:
        if not _HS.match(hs):
            errors.add("hs_code", _("商品编码应为10位数字。"))
        elif resolve("hs-codes", hs) is None:
            errors.add("hs_code", _("请从商品编码列表中选择。"))
    for name in ("drug_name_en", "dosage_form_en"):
        value = out.get(name)
        if value and not _PRINTABLE_ASCII.match(value) and not errors.has(name):
            errors.add(name, _("只能填写英文字母、数字和英文标点（半角）。"))
    if out.get("dosage_form") and first is None:
        form = resolve("dosage-forms", out["dosage_form"])
        if form is None:
            errors.add("dosage_form", _("请从剂型列表中选择。"))
        else:
            out["dosage_form"] = form["name"]
            out["dosage_form_en"] = out.get("dosage_form_en") or form["name_en"]
    if out.get("unit"):
        unit = resolve("units", out["unit"])
        if unit is None:
            errors.add("unit", _("请从单位列表中选择。"))
        else:
            out["unit"] = unit["name"]
    if out.get("origin_country"):
        country = resolve("countries", out["origin_country"])
        if country is None:
            errors.add("origin_country", _("请从列表中选择生产国/地区。"))
        else:
            out["origin_country"] = country["code"]
    if not _blank(out.get("quantity")):
        qty = parse_quantity(out["quantity"])
        if qty is None:
            errors.add("quantity", _("数量应为数字。"))
        elif qty <= 0:
            errors.add("quantity", _("数量必须大于0。"))
        elif qty.as_tuple().exponent < -3:
            errors.add("quantity", _("数量最多保留3位小数。"))
        elif qty >= Decimal("1e12"):
            errors.add("quantity", _("数量过大。"))
        else:
            out["quantity"] = qty
    return out, errors


def is_biological(drug_name: str, drug_name_en: str = "") -> bool:
    """Whether a drug named so is flagged `biological` in the catalogue (free text that matches
    no catalogue entry is not)."""
    for text in (drug_name, drug_name_en):
        item = resolve("drugs", text) if text else None
        if item is not None:
            return bool(item["biological"])
    return False


def biological_port_problems(*, direction: str, ports: list[str], goods: list[dict]):
    """[(field, message)]: a biological product enters only at 北京, 上海 or 广州."""
    if direction != "import" or not any(
        is_biological(g.get("drug_name", ""), g.get("drug_name_en", "")) for g in goods
    ):
        return []
    problems = []
    for n, code in enumerate(ports, start=1):
        port = ref.import_port(code) if code else None
        if port is not None and not port["biological_allowed"]:
            problems.append(
                (
                    f"port_{n}",
                    _("生物制品只能从%(ports)s口岸进口，“%(port)s”不可选。")
                    % {"ports": BIOLOGICAL_PORT_NAMES, "port": port["name"]},
                )
            )
    return problems
