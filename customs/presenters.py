"""The permit as customs sees it (api.md, Customs): as issued, usable or why not, and its
write-off."""

from __future__ import annotations

from permits import presenters
from permits.verification import permit_reasons
from reference import selectors as ref


def _label(kind: str, code: str) -> str:
    return ref.label(kind, code) if code else ""


def permit_out(app) -> dict:
    reasons = permit_reasons(app)
    import_ports = app.direction == "import"
    return {
        "permit_no": app.permit_no,
        "direction": app.direction,
        "status": app.status,
        "holder": {
            "uscc": app.applicant_uscc,
            "name": app.applicant_name,
            "name_en": app.applicant_name_en,
            "address_en": app.applicant_address_en,
        },
        "counterparty": {
            "name": app.counterparty_name,
            "address": app.counterparty_address,
            "country": app.counterparty_country,
        },
        "port_1": app.port_1,
        "port_1_name": _label("import-ports", app.port_1) if import_ports else app.port_1,
        "port_2": app.port_2,
        "port_2_name": _label("import-ports", app.port_2) if import_ports else app.port_2,
        "customs_district_1": app.customs_district_1,
        "customs_district_1_name": _label("customs-districts", app.customs_district_1),
        "customs_district_2": app.customs_district_2,
        "customs_district_2_name": _label("customs-districts", app.customs_district_2),
        "issue_date": app.issue_date,
        "valid_until": app.valid_until,
        "department": app.approval_department_id,
        "department_name": _label("departments", app.approval_department_id),
        "goods": [presenters.goods_out(g) for g in app.goods.all()],
        "usable": not reasons,
        "reasons": reasons,
        "write_off": presenters.write_off_out(app),
    }
