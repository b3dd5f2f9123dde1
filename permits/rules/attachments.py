"""Attachment slots (附件) by direction × purpose, and which are required (domain.md,
Attachments; the manual's note on export for the either/or rule)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NAMES = {
    "application_form": _("申请表（盖章）"),
    "purchase_contract": _("购货合同或订单"),
    "registration_certificate": _("进口药品注册证/医药产品注册证"),
    "business_licence": _("营业执照"),
    "drug_licence": _("药品经营许可证或药品生产许可证"),
    "export_authorization_letter": _("委托出口函"),
    "user_qualification": _("使用单位合法资质证明"),
    "usage_estimate": _("用量测算依据"),
    "use_guarantee": _("合法使用和管理保证函"),
    "project_approval": _("科研项目或主管部门批准文件"),
    "manufacturing_contract": _("委托生产合同"),
    "sales_contract": _("外销合同或订单"),
    "import_permit": _("进口国家或地区药品管理机构出具的进口准许证"),
    "no_permit_certificate": _("该国无需进口准许证的证明"),
    "import_consent": _("同意进口的证明"),
    "importer_legal_proof": _("进口单位合法资质和用途合法的证明"),
    "manufacturer_documents": _("生产企业许可证及药品批准证明文件"),
    "foreign_principal_contract": _("与境外委托方的委托生产合同"),
    "agency_agreement": _("委托代理协议"),
}

# Contract manufacturing on import: the licence is the production licence only.
NAME_OVERRIDES = {("import", "contract_manufacturing", "drug_licence"): _("药品生产许可证")}

REQUIRED, OPTIONAL, EITHER = "required", "optional", "either"

# (direction, purpose) -> [(type, rule)]; "either" slots are judged by export_either_or().
SLOTS: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("import", "medical"): [
        ("application_form", REQUIRED),
        ("purchase_contract", REQUIRED),
        ("registration_certificate", REQUIRED),
        ("business_licence", REQUIRED),
        ("drug_licence", REQUIRED),
        ("export_authorization_letter", OPTIONAL),
    ],
    ("import", "teaching_research"): [
        ("application_form", REQUIRED),
        ("purchase_contract", REQUIRED),
        ("user_qualification", REQUIRED),
        ("usage_estimate", REQUIRED),
        ("use_guarantee", REQUIRED),
        ("project_approval", REQUIRED),
    ],
    ("import", "contract_manufacturing"): [
        ("application_form", REQUIRED),
        ("purchase_contract", REQUIRED),
        ("manufacturing_contract", REQUIRED),
        ("business_licence", REQUIRED),
        ("drug_licence", REQUIRED),
    ],
}
_EXPORT_COMMON = [
    ("application_form", REQUIRED),
    ("sales_contract", REQUIRED),
    ("business_licence", REQUIRED),
    ("import_permit", EITHER),
    ("no_permit_certificate", EITHER),
    ("import_consent", EITHER),
    ("importer_legal_proof", EITHER),
]
for _purpose in ("medical", "teaching_research"):
    SLOTS[("export", _purpose)] = _EXPORT_COMMON + [
        ("purchase_contract", OPTIONAL),
        ("manufacturer_documents", REQUIRED),
    ]
SLOTS[("export", "contract_manufacturing")] = _EXPORT_COMMON + [
    ("foreign_principal_contract", REQUIRED),
]

MSG_EXPORT_EITHER_OR = _(
    "出口须上传进口国家或地区药品管理机构出具的进口准许证；"
    "该国无需进口准许证的，须上传无需进口准许证的证明，以及同意进口的证明"
    "或进口单位合法资质和用途合法的证明之一。"
)
MSG_MISSING = _("请上传“%(name)s”。")


@dataclass(frozen=True)
class Slot:
    type: str
    name: str
    required: bool
    rule: str


def slots_for(direction: str, purpose: str, is_agent: bool | None) -> list[Slot]:
    """The slots shown for this application, in display order."""
    rows = list(SLOTS.get((direction, purpose), []))
    if is_agent:
        rows.append(("agency_agreement", REQUIRED))
    return [
        Slot(
            type=t,
            name=str(NAME_OVERRIDES.get((direction, purpose, t), NAMES[t])),
            required=rule == REQUIRED,
            rule=rule,
        )
        for t, rule in rows
    ]


def slot_types(direction: str, purpose: str, is_agent: bool | None) -> set[str]:
    return {s.type for s in slots_for(direction, purpose, is_agent)}


def export_either_or_met(present: set[str]) -> bool:
    """Export: the importing country's permit, or a no-permit certificate together with one
    of the consent / importer's legal-proof documents."""
    if "import_permit" in present:
        return True
    return "no_permit_certificate" in present and bool(
        {"import_consent", "importer_legal_proof"} & present
    )


def either_or_state(present: set[str]) -> dict:
    """The export either/or rule as the attachments dialog explains it: the two ways to meet
    it and whether each (and so the rule) is met by the files present."""
    second = "no_permit_certificate" in present and bool(
        {"import_consent", "importer_legal_proof"} & present
    )
    return {
        "complete": export_either_or_met(present),
        "ways": [
            {"text": str(MSG_WAY_PERMIT), "met": "import_permit" in present},
            {"text": str(MSG_WAY_NO_PERMIT), "met": second},
        ],
        "types": [t for t, rule in _EXPORT_COMMON if rule == EITHER],
    }


MSG_WAY_PERMIT = _("进口国家或地区药品管理机构出具的进口准许证；")
MSG_WAY_NO_PERMIT = _(
    "或者：该国无需进口准许证的证明，加上“同意进口的证明”与“进口单位合法资质和用途合法的证明”二者之一。"
)


def missing_attachments(
    direction: str, purpose: str, is_agent: bool | None, present: set[str]
) -> list[tuple[str, str]]:
    """[(field, message)] for every requirement not met; empty when complete."""
    problems = []
    has_either = False
    for slot in slots_for(direction, purpose, is_agent):
        if slot.rule == EITHER:
            has_either = True
        elif slot.required and slot.type not in present:
            problems.append((f"attachments.{slot.type}", str(MSG_MISSING % {"name": slot.name})))
    if has_either and not export_either_or_met(present):
        problems.append(("attachments.import_permit", str(MSG_EXPORT_EITHER_OR)))
    return problems


def required_types(direction: str, purpose: str, is_agent: bool | None, present: set[str]):
    """Slot types still needed to submit, for `required_attachments` in the API: the plain
    required ones plus, on export, what the either/or rule still lacks."""
    needed = [s.type for s in slots_for(direction, purpose, is_agent) if s.required]
    if direction == "export" and purpose:
        if not export_either_or_met(present):
            if "no_permit_certificate" in present:
                needed.append("import_consent")
            else:
                needed.append("import_permit")
    return needed
