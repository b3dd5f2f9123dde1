"""Rules of the application header (domain.md, The application)."""

import re

from django.utils.translation import gettext as _

from accounts.uscc import is_valid_uscc, province_code
from core.errors import ErrorCollector
from permits.fields import CONDITIONAL, HEADER_REQUIRED, condition_met
from permits.models.choices import CollectionMethod, Purpose
from permits.rules.common import blank, check_required, check_text, resolve, stripped
from reference import selectors as ref

_PHONE = re.compile(r"^\+?[0-9][0-9\- ()]{5,24}$")
_BOOLEANS = {"true": True, "1": True, "是": True, "false": False, "0": False, "否": False}


def clean_header(data: dict, *, direction: str, enterprise) -> tuple[dict, ErrorCollector]:
    """Check and normalise the header fields of a draft (暂存) or a submission.

    Returns the cleaned values (codes resolved, districts filled, principal fields cleared when
    not an agent) and the collected errors.
    """
    errors = ErrorCollector()
    out = stripped(data)
    check_required(out, HEADER_REQUIRED, errors)
    _normalise_agent(out, errors)
    for field in CONDITIONAL:
        if condition_met(field.required_if, out) and blank(out.get(field.name)):
            errors.add(field.name, str(field.required_message))
    check_text(out, errors)

    if not blank(out.get("counterparty_country")):
        country = resolve("countries", out["counterparty_country"])
        if country is None:
            errors.add("counterparty_country", _("请从列表中选择国家/地区。"))
        else:
            out["counterparty_country"] = country["code"]

    _check_department(out, enterprise, errors)

    if out.get("purpose") and out["purpose"] not in Purpose.values:
        errors.add("purpose", _("请选择用途：医疗、教学科研或接受境外企业委托生产。"))
    method = out.get("collection_method")
    if method and method not in CollectionMethod.values:
        errors.add("collection_method", _("请选择领取方式：邮寄或现场领取。"))
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
    if blank(code):
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


def _normalise_agent(out: dict, errors: ErrorCollector) -> None:
    """是否代理 as a boolean; the principal's fields are checked when 是, cleared when 否."""
    agent = out.get("is_agent")
    if isinstance(agent, str):
        agent = _BOOLEANS.get(agent.lower())
        if agent is None and not errors.has("is_agent"):
            errors.add("is_agent", _("请选择是否代理：是或否。"))
        out["is_agent"] = agent
    if agent:
        uscc = (out.get("principal_uscc") or "").upper()
        out["principal_uscc"] = uscc
        if uscc and not is_valid_uscc(uscc):
            errors.add("principal_uscc", _("统一社会信用代码无效（应为18位，且校验位正确）。"))
    elif agent is False:
        out["principal_uscc"] = ""
        out["principal_name"] = ""


def _check_import_ports(out: dict, errors: ErrorCollector) -> None:
    districts = {}
    for n in (1, 2):
        name = f"port_{n}"
        if blank(out.get(name)):
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
        if blank(out.get(name)):
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
