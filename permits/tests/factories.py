"""Test data built through the same services users go through."""

import io

from pypdf import PdfWriter

from permits import services

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
    **GOODS, "hs_code": "2937290000", "drug_name": "丙酸睾酮",
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


def make_application(actor, **overrides):
    base = IMPORT_HEADER if overrides.get("direction", "import") == "import" else EXPORT_HEADER
    return services.application_create(actor=actor, data={**base, **overrides})


def add_goods(actor, app, **overrides):
    return services.goods_add(actor=actor, application_id=app.id, data={**GOODS, **overrides})


def fill_attachments(actor, app, types=None):
    from permits.attachment_rules import slots_for

    app.refresh_from_db()
    wanted = types or [s.type for s in slots_for(app.direction, app.purpose, app.is_agent)
                       if s.required]
    if types is None and app.direction == "export":
        wanted.append("import_permit")
    for t in wanted:
        services.attachment_upload(
            actor=actor, application_id=app.id, type=t, filename=f"{t}.pdf", data=pdf_bytes()
        )


def submitted_application(actor, **overrides):
    app = make_application(actor, **overrides)
    add_goods(actor, app)
    fill_attachments(actor, app)
    return services.application_submit(actor=actor, application_id=app.id)
