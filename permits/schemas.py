"""API shapes of applications (field names fixed by api.md)."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema


class HeaderIn(Schema):
    """Editable header fields. Values are checked by the application rules, which report every
    problem at once (422); types here are loose on purpose so that those rules can."""

    applicant_name_en: str | None = None
    applicant_address_en: str | None = None
    counterparty_name: str | None = None
    counterparty_address: str | None = None
    counterparty_country: str | None = Field(None, description="ISO 3166 alpha-3 code")
    approval_department: str | None = Field(
        None, description="department code; defaults to the applicant's province"
    )
    is_agent: bool | None = None
    principal_uscc: str | None = None
    principal_name: str | None = None
    purpose: str | None = Field(
        None, description="`medical`, `teaching_research` or `contract_manufacturing`"
    )
    collection_method: str | None = Field(None, description="`mail` or `onsite`")
    mail_address: str | None = None
    port_1: str | None = Field(
        None, description="import: port code (reference `import-ports`); export: city name"
    )
    port_2: str | None = None
    contact_person: str | None = None
    contact_phone: str | None = None
    remarks: str | None = None
    contract_no: str | None = None
    importing_country_permit_no: str | None = None


class ApplicationCreateIn(HeaderIn):
    direction: Literal["import", "export"]


class ApplicationUpdateIn(HeaderIn):
    version: int
    direction: Literal["import", "export"] | None = None


class GoodsIn(Schema):
    hs_code: str | None = None
    drug_name: str | None = None
    drug_name_en: str | None = None
    dosage_form: str | None = None
    dosage_form_en: str | None = None
    specification: str | None = None
    quantity: str | float | int | None = Field(None, description="decimal string, > 0")
    unit: str | None = None
    manufacturer: str | None = None
    origin_country: str | None = None


class GoodsOut(Schema):
    id: str
    seq: int
    hs_code: str
    drug_name: str
    drug_name_en: str
    dosage_form: str
    dosage_form_en: str
    specification: str
    quantity: str
    unit: str
    manufacturer: str
    origin_country: str


class FileOut(Schema):
    name: str
    size: int
    sha256: str
    uploaded_at: datetime
    url: str


class AttachmentSlotOut(Schema):
    type: str
    name: str
    required: bool
    file: FileOut | None
    needs_correction: bool
    correction_opinion: str


class AttachmentListOut(Schema):
    items: list[AttachmentSlotOut]


class HistoryOut(Schema):
    action: str
    from_status: str
    to_status: str
    actor: str
    at: datetime
    reason: str


class ApplicationSummaryOut(Schema):
    id: str
    direction: str
    application_no: str
    permit_no: str | None
    status: str
    status_label: str
    applicant_name: str
    approval_department: str | None
    drug_names: list[str]
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None


class ApplicationOut(Schema):
    id: str
    direction: str
    application_no: str
    permit_no: str | None
    status: str
    status_label: str
    version: int
    applicant_uscc: str
    applicant_name: str
    applicant_name_en: str
    applicant_address_en: str
    counterparty_name: str
    counterparty_address: str
    counterparty_country: str
    approval_department: str | None
    is_agent: bool | None
    principal_uscc: str
    principal_name: str
    purpose: str
    collection_method: str
    mail_address: str
    port_1: str
    port_2: str
    customs_district_1: str
    customs_district_2: str
    contract_no: str
    importing_country_permit_no: str
    contact_person: str
    contact_phone: str
    remarks: str
    issue_date: date | None
    valid_until: date | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    verification_url: str | None
    goods: list[GoodsOut]
    attachments: list[AttachmentSlotOut]
    required_attachments: list[str]
    allowed_actions: list[str]
    history: list[HistoryOut]


class PageOut(Schema):
    items: list[ApplicationSummaryOut]
    count: int
    page: int
    page_size: int
