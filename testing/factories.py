"""Applications in every status, built through the same services users go through (no row is
ever written here directly, so every test exercises the real rules)."""

import io

from pypdf import PdfWriter

from permits import services
from permits.models import Application
from permits.rules.attachments import slots_for
from review import services as review

IMPORT_HEADER = {
    "direction": "import",
    "counterparty_name": "Pharma Export GmbH",
    "counterparty_address": "1 Hauptstrasse, Berlin",
    "counterparty_country": "DEU",
    "is_agent": False,
    "purpose": "medical",
    "collection_method": "onsite",
    "port_1": "IP01",
    "contact_person": "王敏",
    "contact_phone": "010-12345678",
}
EXPORT_HEADER = {
    "direction": "export",
    "counterparty_name": "Medica Import Ltd.",
    "counterparty_address": "2 King Street, London",
    "counterparty_country": "GBR",
    "is_agent": False,
    "purpose": "contract_manufacturing",
    "collection_method": "mail",
    "mail_address": "北京市海淀区中关村南大街 18 号",
    "port_1": "上海市",
    "contact_person": "李强",
    "contact_phone": "13800138000",
}
GOODS = {
    "hs_code": "2937121000",
    "drug_name": "胰岛素",
    "drug_name_en": "Insulin",
    "dosage_form": "注射液",
    "dosage_form_en": "Injection",
    "specification": "10ml:400IU/支",
    "quantity": "100",
    "unit": "支",
    "manufacturer": "Novo Nordisk A/S",
    "origin_country": "DNK",
}
NON_BIOLOGICAL_GOODS = {
    **GOODS,
    "hs_code": "2937290000",
    "drug_name": "丙酸睾酮",
    "drug_name_en": "Testosterone propionate",
}


def pdf_bytes(pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_application(actor, **overrides) -> Application:
    """A draft with its header only (暂存 once)."""
    base = IMPORT_HEADER if overrides.get("direction", "import") == "import" else EXPORT_HEADER
    return services.application_create(actor=actor, data={**base, **overrides})


def add_goods(actor, app, **overrides):
    return services.goods_add(actor=actor, application_id=app.id, data={**GOODS, **overrides})


def fill_attachments(actor, app, types=None) -> None:
    """Upload a PDF into every required slot (export: the importing country's permit)."""
    app.refresh_from_db()
    wanted = types or [
        s.type for s in slots_for(app.direction, app.purpose, app.is_agent) if s.required
    ]
    if types is None and app.direction == "export":
        wanted.append("import_permit")
    for t in wanted:
        services.attachment_upload(
            actor=actor, application_id=app.id, type=t, filename=f"{t}.pdf", data=pdf_bytes()
        )


def _fresh(app) -> Application:
    return Application.objects.get(pk=app.pk)


# -- one builder per status, each through the services a user goes through -------------------


def draft(actor, **overrides) -> Application:
    """A complete draft: header, one item and every required attachment, ready for 申报."""
    app = make_application(actor, **overrides)
    add_goods(actor, app)
    fill_attachments(actor, app)
    return _fresh(app)


def submitted(actor, **overrides) -> Application:
    app = draft(actor, **overrides)
    services.application_submit(actor=actor, application_id=app.id)
    return _fresh(app)


def withdrawn(actor, **overrides) -> Application:
    app = submitted(actor, **overrides)
    services.application_withdraw(actor=actor, application_id=app.id)
    return _fresh(app)


def accepted(actor, approver, **overrides) -> Application:
    app = submitted(actor, **overrides)
    review.application_accept(actor=approver, application_id=app.id)
    return _fresh(app)


def not_accepted(actor, approver, reason: str = "材料不齐", **overrides) -> Application:
    app = submitted(actor, **overrides)
    review.application_not_accept(actor=approver, application_id=app.id, reason=reason)
    return _fresh(app)


CORRECTION_ITEMS = ({"type": "application_form", "opinion": "须加盖单位公章"},)


def correction_required(
    actor, approver, *, opinion: str = "请补正材料", attachments=CORRECTION_ITEMS, **overrides
) -> Application:
    app = submitted(actor, **overrides)
    review.application_request_correction(
        actor=approver, application_id=app.id, opinion=opinion, attachments=list(attachments)
    )
    return _fresh(app)


def approved(actor, approver, *, issue_date=None, valid_until=None, **overrides) -> Application:
    app = accepted(actor, approver, **overrides)
    review.application_approve(
        actor=approver, application_id=app.id, issue_date=issue_date, valid_until=valid_until
    )
    return _fresh(app)


def rejected(actor, approver, reason: str = "用量测算依据不足", **overrides) -> Application:
    app = accepted(actor, approver, **overrides)
    review.application_reject(actor=approver, application_id=app.id, reason=reason)
    return _fresh(app)


def voided(actor, approver, reason: str = "合同已取消", **overrides) -> Application:
    app = approved(actor, approver, **overrides)
    review.application_void(actor=approver, application_id=app.id, reason=reason)
    return _fresh(app)


def written_off(
    actor,
    approver,
    officer,
    *,
    district: str | None = None,
    declaration_no: str = "220120261234567890",
    **overrides,
) -> Application:
    """An approved permit used once at customs (at its first named district for an import)."""
    from customs.services import permit_write_off

    app = approved(actor, approver, **overrides)
    permit_write_off(
        actor=officer,
        permit_no=app.permit_no,
        customs_district=district or app.customs_district_1 or "0100",
        declaration_no=declaration_no,
    )
    return _fresh(app)


#: Every status and how to reach it: (builder, needs an approver).
BUILDERS = {
    "draft": (draft, False),
    "submitted": (submitted, False),
    "withdrawn": (withdrawn, False),
    "accepted": (accepted, True),
    "not_accepted": (not_accepted, True),
    "correction_required": (correction_required, True),
    "approved": (approved, True),
    "rejected": (rejected, True),
    "voided": (voided, True),
}


def in_status(status: str, actor, approver, **overrides) -> Application:
    builder, needs_approver = BUILDERS[status]
    return builder(actor, approver, **overrides) if needs_approver else builder(actor, **overrides)
