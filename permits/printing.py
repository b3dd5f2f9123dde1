"""打印申请表: the printed application form of an application (manual 4.1.3 and 4.3.1).

The applicant prints it, stamps it, scans it and uploads it into the `application_form`
attachment slot. Here the saved application becomes plain display values (codes resolved to
names, dates as YYYY-MM-DD); documents.rendering lays them out as a PDF and knows nothing of
applications.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from documents.rendering import BASE_STYLESHEET, render_pdf
from permits.models import Application, Direction
from permits.rules import MAX_GOODS
from reference import selectors as ref

TEMPLATE = "documents/application_form.html"
STYLESHEETS = (BASE_STYLESHEET, "documents/application_form.css")
SUBTITLE = "（蛋白同化制剂肽类激素）"
DECLARATION = (
    "本单位承诺：本申请表所填内容及所附材料真实、合法、有效，"
    "所申请的药品仅用于上述用途，本单位对其真实性、合法性承担法律责任。"
)
YES_NO = {True: "是", False: "否"}


def format_date(value: date | datetime | None) -> str:
    """YYYY-MM-DD; an aware datetime is shown in local time; nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.strftime("%Y-%m-%d")


def format_quantity(value: Decimal | int | str | None) -> str:
    """100.000 → 100, 2.500 → 2.5; never scientific notation (1E+2)."""
    if value is None or value == "":
        return ""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _ports(app: Application) -> dict[str, str]:
    if app.direction == Direction.IMPORT:
        # Our port codes (IP01 …) and the customs districts filled from them.
        return {
            "port_1": _label("import-ports", app.port_1),
            "port_2": _label("import-ports", app.port_2),
            "customs_district_1": _label("customs-districts", app.customs_district_1),
            "customs_district_2": _label("customs-districts", app.customs_district_2),
        }
    # Export ports are standard city names stored as typed.
    return {"port_1": app.port_1, "port_2": app.port_2}


def _label(kind: str, code: str | None) -> str:
    return ref.label(kind, code) if code else ""


def application_form_context(app: Application, *, printed_on: date | None = None) -> dict:
    """Everything documents/application_form.html shows, as display strings."""
    is_import = app.direction == Direction.IMPORT
    own, other = ("进口", "出口") if is_import else ("出口", "进口")
    fields = {
        "application_no": app.application_no,
        "permit_no": app.permit_no or "",
        "applicant_name": app.applicant_name,
        "applicant_uscc": app.applicant_uscc,
        "applicant_name_en": app.applicant_name_en,
        "applicant_address_en": app.applicant_address_en,
        "counterparty_name": app.counterparty_name,
        "counterparty_address": app.counterparty_address,
        "counterparty_country": _label("countries", app.counterparty_country),
        "approval_department": _label("departments", app.approval_department_id),
        "is_agent": YES_NO.get(app.is_agent, ""),
        "principal_uscc": app.principal_uscc if app.is_agent else "",
        "principal_name": app.principal_name if app.is_agent else "",
        "purpose": app.get_purpose_display() if app.purpose else "",
        "collection_method": app.get_collection_method_display() if app.collection_method else "",
        "mail_address": app.mail_address,
        "contract_no": app.contract_no,
        "importing_country_permit_no": app.importing_country_permit_no,
        "contact_person": app.contact_person,
        "contact_phone": app.contact_phone,
        "remarks": app.remarks,
        "issue_date": format_date(app.issue_date),
        "valid_until": format_date(app.valid_until),
        **_ports(app),
    }
    goods = [
        {
            "seq": g.seq,
            "hs_code": g.hs_code,
            "drug_name": g.drug_name,
            "drug_name_en": g.drug_name_en,
            "dosage_form": g.dosage_form,
            "dosage_form_en": g.dosage_form_en,
            "specification": g.specification,
            "quantity": format_quantity(g.quantity),
            "unit": g.unit,
            "manufacturer": g.manufacturer,
            "origin_country": _label("countries", g.origin_country),
        }
        for g in app.goods.all()  # ordered by seq (Goods.Meta); uses a prefetch when present
    ]
    return {
        "is_import": is_import,
        "dir": own,
        "other": other,
        "title": f"药品{own}准许证申请表",
        "subtitle": SUBTITLE,
        "f": fields,
        "goods": goods,
        # The paper form always shows room for the four items an application may hold.
        "blank_goods_rows": range(max(0, MAX_GOODS - len(goods))),
        "declaration": DECLARATION,
        "printed_on": format_date(printed_on or timezone.localdate()),
    }


def application_form_pdf(app: Application, *, printed_on: date | None = None) -> bytes:
    """The application form as PDF bytes (A4, Chinese)."""
    return render_pdf(
        TEMPLATE, application_form_context(app, printed_on=printed_on), stylesheets=STYLESHEETS
    )
