import pytest

from permits.rules.attachments import missing_attachments, slots_for

EXPORT_BASE = {"application_form", "sales_contract", "business_licence"}


@pytest.mark.parametrize(
    ("extra", "ok"),
    [
        ({"import_permit"}, True),
        ({"no_permit_certificate", "import_consent"}, True),
        ({"no_permit_certificate", "importer_legal_proof"}, True),
        ({"no_permit_certificate"}, False),
        ({"import_consent", "importer_legal_proof"}, False),
        (set(), False),
    ],
)
def test_export_either_or(extra, ok):
    present = EXPORT_BASE | {"foreign_principal_contract"} | extra
    problems = missing_attachments("export", "contract_manufacturing", False, present)
    assert (problems == []) is ok


def test_export_medical_purchase_contract_is_optional():
    slots = {s.type: s for s in slots_for("export", "medical", False)}
    assert slots["purchase_contract"].required is False
    assert slots["manufacturer_documents"].required is True
    present = EXPORT_BASE | {"manufacturer_documents", "import_permit"}
    assert missing_attachments("export", "medical", False, present) == []


@pytest.mark.parametrize(
    ("purpose", "required"),
    [
        (
            "medical",
            {
                "application_form",
                "purchase_contract",
                "registration_certificate",
                "business_licence",
                "drug_licence",
            },
        ),
        (
            "teaching_research",
            {
                "application_form",
                "purchase_contract",
                "user_qualification",
                "usage_estimate",
                "use_guarantee",
                "project_approval",
            },
        ),
        (
            "contract_manufacturing",
            {
                "application_form",
                "purchase_contract",
                "manufacturing_contract",
                "business_licence",
                "drug_licence",
            },
        ),
    ],
)
def test_import_required_slots(purpose, required):
    assert {s.type for s in slots_for("import", purpose, False) if s.required} == required
    with_agent = {s.type for s in slots_for("import", purpose, True) if s.required}
    assert with_agent == required | {"agency_agreement"}


def test_import_medical_export_letter_is_optional():
    slots = {s.type: s for s in slots_for("import", "medical", False)}
    assert slots["export_authorization_letter"].required is False
